import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { FunctionName } from '../infra/definition.js';
import { STATUS_RANK, statusFromTopic, type TransferStatus } from '../shared/domain/transfer.js';
import { runCorpus } from './corpus.js';
import type { AwsCall, InvocationStats } from './instrumentation.js';
import type { BenchStack } from './local.js';
import { percentile } from './stats.js';

/** Dwolla webhook accepted by the intake → its status visible in `GET /transfers/{id}`. */
export interface VisibilityLatency {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Statuses never seen within the poll deadline (0 when the pipeline kept up). */
  readonly timedOut: number;
}

const POLL_INTERVAL_MS = 20;
const DEADLINE_MS = 30_000;

function statusEventOf(event: unknown): { resourceId: string; status: TransferStatus } | undefined {
  const request = event as APIGatewayProxyEventV2;
  const raw = request.isBase64Encoded
    ? Buffer.from(request.body ?? '', 'base64').toString('utf8')
    : (request.body ?? '');
  try {
    const { topic, resourceId } = JSON.parse(raw) as { topic?: string; resourceId?: string };
    const status = topic ? statusFromTopic(topic) : undefined;
    return status && resourceId ? { resourceId, status } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs the corpus once, all scenarios at once, and for every (leg, status) the intake accepts
 * (answered 200) polls `GET /transfers/{id}` every 20 ms through the local API, as the app
 * would, until the leg shows that status or a later one (a later status hides an earlier one:
 * the event's news is then visible as superseded). The poller shares this process with the
 * functions, so the figures include that contention.
 *
 * @example
 * ```ts
 * const { p50Ms, p99Ms } = await measureVisibilityLatency(bench, calls, stats);
 * ```
 */
export async function measureVisibilityLatency(
  bench: BenchStack,
  calls: AwsCall[],
  stats: Map<FunctionName, InvocationStats>,
): Promise<VisibilityLatency> {
  const { apiUrl, apiKey } = bench.stack.info;
  const watched = new Set<string>();
  const polls: Promise<number | undefined>[] = [];

  async function pollUntilVisible(
    resourceId: string,
    status: TransferStatus,
    acceptedAt: number,
  ): Promise<number | undefined> {
    while (Date.now() - acceptedAt < DEADLINE_MS) {
      const response = await fetch(`${apiUrl}/transfers/${encodeURIComponent(resourceId)}`, {
        headers: { 'x-api-key': apiKey },
      });
      if (response.status === 200) {
        const leg = (await response.json()) as { status?: TransferStatus };
        if (leg.status && STATUS_RANK[leg.status] >= STATUS_RANK[status]) {
          return Date.now() - acceptedAt;
        }
      } else {
        await response.body?.cancel();
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
    return undefined;
  }

  const runtime = bench.stack.runtime;
  const invoke = runtime.invoke.bind(runtime);
  runtime.invoke = async (name, event) => {
    const result = await invoke(name, event);
    if (name === 'webhookIntake' && (result as { statusCode?: number }).statusCode === 200) {
      const accepted = statusEventOf(event);
      const key = accepted && `${accepted.resourceId}|${accepted.status}`;
      if (accepted && key && !watched.has(key)) {
        watched.add(key);
        polls.push(pollUntilVisible(accepted.resourceId, accepted.status, Date.now()));
      }
    }
    return result;
  };
  try {
    await runCorpus(bench, calls, stats, { rounds: 1 });
    const settled = await Promise.all(polls);
    const latencies = settled.filter((value): value is number => value !== undefined);
    return {
      samples: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      timedOut: settled.length - latencies.length,
    };
  } finally {
    runtime.invoke = invoke;
  }
}
