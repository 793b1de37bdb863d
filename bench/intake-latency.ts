import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { EVENT_ATTRIBUTES, FUNCTIONS, ROUTES } from '../infra/definition.js';
import { signWebhookBody } from '../infra/local/dwolla-simulator/index.js';
import { compileRoute, toProxyEventV2 } from '../infra/local/gateway-events.js';
import { lambdaContext } from '../infra/local/lambda-runtime.js';
import type { BenchStack } from './local.js';
import { percentile } from './stats.js';

/** Warm intake latency against a bare SNS Publish to the same emulator. */
export interface IntakeLatencyResult {
  readonly samples: number;
  readonly intake: { readonly p50Ms: number; readonly p99Ms: number };
  readonly barePublish: { readonly p50Ms: number; readonly p99Ms: number };
  readonly p50Ratio: number;
  readonly p99Ratio: number;
}

type IntakeHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

function webhookBody(): string {
  // A topic only the event-store queue takes: the fan-out behind both measurements is the same.
  return JSON.stringify({
    id: randomUUID(),
    resourceId: randomUUID(),
    topic: 'customer_activated',
    created: new Date().toISOString(),
    _links: {
      self: { href: `https://api-sandbox.dwolla.com/events/${randomUUID()}` },
      resource: { href: `https://api-sandbox.dwolla.com/customers/${randomUUID()}` },
      account: { href: `https://api-sandbox.dwolla.com/accounts/${randomUUID()}` },
    },
  });
}

/**
 * Warm latency of the real webhook intake handler, in process (imported as the local runner
 * imports it; local SNS and Secrets Manager), against a bare `Publish` of the same body and
 * attributes to the same SNS emulator, interleaved one for one after a warm-up.
 *
 * @example
 * ```ts
 * const latency = await measureIntakeLatency(bench, 1000);
 * latency.p50Ratio;
 * ```
 */
export async function measureIntakeLatency(
  bench: BenchStack,
  samples: number,
): Promise<IntakeLatencyResult> {
  const { handler } = (await import('../functions/webhook-intake.js')) as unknown as {
    handler: IntakeHandler;
  };
  const route = compileRoute(ROUTES.find((r) => r.function === 'webhookIntake')!);
  const sns = new SNSClient({
    endpoint: bench.stack.info.snsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const viaIntake = async (): Promise<number> => {
    const body = webhookBody();
    const event = toProxyEventV2(
      {
        method: 'POST',
        url: '/webhooks/dwolla',
        headers: {
          host: 'bench.local',
          'content-type': 'application/json',
          'x-request-signature-sha-256': signWebhookBody(bench.webhookSecret, body),
        },
        body: Buffer.from(body),
        sourceIp: '127.0.0.1',
      },
      route,
      {},
    );
    const started = performance.now();
    const result = (await handler(
      event,
      lambdaContext('webhookIntake', FUNCTIONS.webhookIntake, Date.now()),
    )) as { statusCode?: number };
    const elapsed = performance.now() - started;
    if (result?.statusCode !== 200) throw new Error(`intake answered ${result?.statusCode}`);
    return elapsed;
  };
  const bare = async (): Promise<number> => {
    const body = webhookBody();
    const parsed = JSON.parse(body) as { id: string; topic: string };
    const started = performance.now();
    await sns.send(
      new PublishCommand({
        TopicArn: bench.stack.info.topicArn,
        Message: body,
        MessageAttributes: {
          [EVENT_ATTRIBUTES.topic]: { DataType: 'String', StringValue: parsed.topic },
          [EVENT_ATTRIBUTES.eventId]: { DataType: 'String', StringValue: parsed.id },
        },
      }),
    );
    return performance.now() - started;
  };
  for (let i = 0; i < 50; i++) {
    await viaIntake();
    await bare();
  }
  const intakeMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < samples; i++) {
    if (i % 2 === 0) {
      intakeMs.push(await viaIntake());
      bareMs.push(await bare());
    } else {
      bareMs.push(await bare());
      intakeMs.push(await viaIntake());
    }
  }
  sns.destroy();
  await bench.stack.waitForIdle(60_000);
  const intake = { p50Ms: percentile(intakeMs, 50), p99Ms: percentile(intakeMs, 99) };
  const barePublish = { p50Ms: percentile(bareMs, 50), p99Ms: percentile(bareMs, 99) };
  return {
    samples,
    intake,
    barePublish,
    p50Ratio: intake.p50Ms / barePublish.p50Ms,
    p99Ratio: intake.p99Ms / barePublish.p99Ms,
  };
}
