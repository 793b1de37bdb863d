import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { POWERTOOLS } from '../../infra/constructs/dwolla-function.js';
import { QUEUES, type QueueName } from '../../infra/definition.js';
import { DWOLLA_ERRORS_METRIC, DWOLLA_THROTTLED_METRIC } from '../../shared/dwolla/index.js';
import { logicalIdOf, type SynthesizedDwollaApp, synthDwollaApp } from './support/dwolla-app.js';

/** One graphed metric: `[namespace, name, dimension, value, ..., options]`. */
type MetricRow = (string | Record<string, unknown>)[];
interface Widget {
  readonly properties: { readonly title: string; readonly metrics?: MetricRow[] };
}

/** The logical id in the template, `overrideLogicalId` included (the stateful ids are pinned). */
function templateLogicalId(construct: IConstruct): string {
  return Stack.of(construct).resolve((construct.node.defaultChild as CfnElement).logicalId);
}

/** Every `.ts` file under `dir`, read. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

/**
 * The dashboard body as JSON, each CloudFormation token of its `Fn::Join` replaced by
 * `<token N>` (N indexes `tokens`), so widgets can be read like the console shows them.
 */
function renderBody(body: { 'Fn::Join': [string, unknown[]] }) {
  const tokens: unknown[] = [];
  const text = body['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      tokens.push(part);
      return `<token ${tokens.length - 1}>`;
    })
    .join('');
  const widgets = (JSON.parse(text) as { widgets: Widget[] }).widgets;
  const tokenOf = (value: unknown) => {
    const match = /^<token (\d+)>$/.exec(String(value));
    return match ? JSON.stringify(tokens[Number(match[1])]) : String(value);
  };
  return { widgets, tokenOf };
}

describe('Operations dashboard', () => {
  let synthesized: SynthesizedDwollaApp;
  let widgets: Widget[];
  let tokenOf: (value: unknown) => string;
  const rows = () => widgets.flatMap((widget) => widget.properties.metrics ?? []);

  beforeAll(() => {
    // Prepare
    synthesized = synthDwollaApp({}, { bundle: false });
    const dashboards = synthesized.statelessTemplate.findResources('AWS::CloudWatch::Dashboard');
    expect(Object.keys(dashboards)).toHaveLength(1);
    const [dashboard] = Object.values(dashboards);
    expect(dashboard!.Properties.DashboardName).toBe('dwolla-serverless-sandbox');
    ({ widgets, tokenOf } = renderBody(dashboard!.Properties.DashboardBody));
  });

  it.each(Object.keys(QUEUES) as QueueName[])(
    'shows the age of the oldest message of the %s queue next to the depth of its DLQ',
    (name) => {
      // Prepare
      const { queue, dlq } = synthesized.stateful.resources.queues[name];
      const queueName = (row: MetricRow, target: sqs.IQueue) =>
        row[2] === 'QueueName' &&
        tokenOf(row[3]).includes(`FnGetAtt${templateLogicalId(target)}QueueName`);

      // Act
      const widget = widgets.find((candidate) =>
        (candidate.properties.metrics ?? []).some(
          (row) => row[1] === 'ApproximateAgeOfOldestMessage' && queueName(row, queue),
        ),
      );

      // Assess
      expect(widget, `no queue-age widget for ${name}`).toBeDefined();
      expect(
        widget!.properties.metrics!.some(
          (row) => row[1] === 'ApproximateNumberOfMessagesVisible' && queueName(row, dlq),
        ),
        `no DLQ-depth graph beside the ${name} queue age`,
      ).toBe(true);
    },
  );

  it("graphs the webhook intake's invocations and its p50 and p99 duration", () => {
    // Prepare
    const intake = logicalIdOf(synthesized.stateless.functions.webhookIntake.function);
    const ofIntake = rows().filter(
      (row) => row[0] === 'AWS/Lambda' && tokenOf(row[3]) === JSON.stringify({ Ref: intake }),
    );

    // Act
    const graphed = ofIntake.map((row) => `${row[1]} ${JSON.stringify(row.at(-1))}`);

    // Assess
    expect(graphed.some((g) => g.startsWith('Invocations') && g.includes('"Sum"'))).toBe(true);
    expect(graphed.some((g) => g.startsWith('Duration') && g.includes('"p50"'))).toBe(true);
    expect(graphed.some((g) => g.startsWith('Duration') && g.includes('"p99"'))).toBe(true);
  });

  it('graphs Dwolla errors and throttles, token refreshes and refusals, and notification deliveries', () => {
    // Act
    const custom = rows()
      .filter((row) => row[0] === POWERTOOLS.namespace)
      .map((row) => row[1]);

    // Assess
    expect(custom).toEqual(
      expect.arrayContaining([
        DWOLLA_ERRORS_METRIC,
        DWOLLA_THROTTLED_METRIC,
        'TokenRefreshed',
        'RefreshTokenRejected',
        'NotificationsDelivered',
        'NotificationDeliveryFailures',
        'WebhooksReceived',
      ]),
    );
  });

  it('graphs only custom metrics the code emits, under the service dimension of this stage', () => {
    // Prepare
    const code = [...sources('shared'), ...sources('functions')].join('\n');
    const custom = rows().filter((row) => row[0] === POWERTOOLS.namespace);

    // Act
    const unknown = custom
      .map((row) => String(row[1]))
      .filter((name) => !code.includes(`'${name}'`));

    // Assess
    expect(custom.length).toBeGreaterThan(0);
    expect(unknown, 'graphed but never emitted by shared/ or functions/').toEqual([]);
    for (const row of custom) {
      expect(row.slice(2, 4)).toEqual(['service', synthesized.stateless.serviceName]);
    }
  });
});
