import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { FunctionName } from '../infra/definition.js';
import type { ReceivedNotification } from '../infra/local/notification-receiver.js';
import { statusFromTopic } from '../shared/domain/transfer.js';
import { createWebhookEndpoint } from '../test/support/simulator.js';
import { type CorpusRun, runCorpus } from './corpus.js';
import { type AwsCall, diffStats, type InvocationStats, snapshotStats } from './instrumentation.js';
import type { BenchStack } from './local.js';
import { percentile } from './stats.js';

/** App notification latency: Dwolla webhook accepted by the intake → app endpoint received. */
export interface NotificationLatency {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /**
   * The run with notifications on (one endpoint subscribed to every type), through the last
   * delivery: its calls and invocations include the outbox relay's and the deliveries'.
   */
  readonly run: CorpusRun;
}

function eventOf(event: unknown): { topic?: string; resourceId?: string } {
  const request = event as APIGatewayProxyEventV2;
  const raw = request.isBase64Encoded
    ? Buffer.from(request.body ?? '', 'base64').toString('utf8')
    : (request.body ?? '');
  try {
    return JSON.parse(raw) as { topic?: string; resourceId?: string };
  } catch {
    return {};
  }
}

/**
 * Registers an endpoint on the stack's built-in receiver, runs the scenario corpus once (every
 * event delivered once, all scenarios at once), and measures for each notification received the
 * time since the intake first accepted (200) a Dwolla event implying that leg's status. A status
 * set without its own event (a placeholder's `pending`) has no sample.
 *
 * @example
 * ```ts
 * const latency = await measureNotificationLatency(bench, calls, stats);
 * ```
 */
export async function measureNotificationLatency(
  bench: BenchStack,
  calls: AwsCall[],
  stats: Map<FunctionName, InvocationStats>,
): Promise<NotificationLatency> {
  const { apiUrl, apiKey, notificationReceiverUrl } = bench.stack.info;
  const inbox = `${notificationReceiverUrl}/bench`;
  const endpoint = await createWebhookEndpoint({ apiUrl, apiKey }, inbox);
  await fetch(inbox, { method: 'PUT', body: JSON.stringify({ secret: endpoint.secret }) });

  const accepted = new Map<string, number>();
  const runtime = bench.stack.runtime;
  const invoke = runtime.invoke.bind(runtime);
  runtime.invoke = async (name, event) => {
    const result = await invoke(name, event);
    if (name === 'webhookIntake' && (result as { statusCode?: number }).statusCode === 200) {
      const { topic, resourceId } = eventOf(event);
      const status = topic ? statusFromTopic(topic) : undefined;
      const key = `${resourceId}|${status}`;
      if (status && !accepted.has(key)) accepted.set(key, Date.now());
    }
    return result;
  };
  const callsBefore = calls.length;
  const statsBefore = snapshotStats(stats);
  try {
    const run = await runCorpus(bench, calls, stats, { rounds: 1 });
    // Deliveries trail the drained pipeline: wait until the inbox stops growing.
    let received: ReceivedNotification[] = [];
    for (let quiet = 0; quiet < 8; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const next = ((await (await fetch(inbox)).json()) as { received: ReceivedNotification[] })
        .received;
      quiet = next.length === received.length ? quiet + 1 : 0;
      received = next;
    }
    const latencies = received.flatMap((notification) => {
      const data = (notification.body as { data?: { id?: string; status?: string } }).data;
      const started = accepted.get(`${data?.id}|${data?.status}`);
      return started === undefined ? [] : [Date.parse(notification.receivedAt) - started];
    });
    return {
      samples: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      run: {
        ...run,
        calls: calls.slice(callsBefore),
        invocations: diffStats(statsBefore, snapshotStats(stats)),
      },
    };
  } finally {
    runtime.invoke = invoke;
    await fetch(`${apiUrl}/webhook-endpoints/${endpoint.id}`, {
      method: 'DELETE',
      headers: { 'x-api-key': apiKey },
    });
  }
}
