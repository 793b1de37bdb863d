import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FunctionName } from '../infra/definition.js';
import { DynamoDbAccountStore } from '../shared/accounts/dynamodb-account-store.js';
import { DynamoDbKmsTokenVault } from '../shared/accounts/dynamodb-kms-token-vault.js';
import {
  DEFAULT_REFRESH_WINDOW_DAYS,
  dayOf,
  refreshDueDate,
} from '../shared/accounts/refresh-schedule.js';
import { SecretsManagerTokenVault } from '../shared/accounts/secrets-manager-token-vault.js';
import { keys } from '../shared/adapters/dynamodb/table-design.js';
import { forEachConcurrently } from '../shared/concurrency.js';
import type { TokenVaultName } from '../shared/config/runtime.js';
import type { TokenVault } from '../shared/ports/tokens.js';
import { DEFAULT_TENANT_ID } from '../shared/tenancy/principal.js';
import type { AwsCall } from './instrumentation.js';
import { type BenchStack, simControl, simView } from './local.js';
import { PRICES_USD } from './prices.js';
import { round } from './stats.js';

const DAY_MS = 86_400_000;
/** Refresh tokens live 60 days (https://developers.dwolla.com/docs/balance/basics/auth). */
const REFRESH_LIFETIME_DAYS = 60;
/** A due account is refreshed once every (lifetime − window) days: 45 with the default window. */
const REFRESH_INTERVAL_DAYS = REFRESH_LIFETIME_DAYS - DEFAULT_REFRESH_WINDOW_DAYS;
/** Simulator grants per control call (the control's own cap). */
const GRANT_CHUNK = 5_000;
/** Concurrent seeding writes: enough to seed 10,000 accounts in seconds on DynamoDB Local. */
const SEED_CONCURRENCY = 32;
const JOB_FUNCTIONS: readonly string[] = [
  'tokenRefreshScheduler',
  'tokenRefreshWorker',
] satisfies FunctionName[];
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

interface Grant {
  readonly accountId: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly scope: string;
}

type RefreshCounts = Record<string, { calls: number; rotations: number }>;

/** One scheduled run as measured: its wall time and what it cost, per function call kind. */
export interface RefreshRunFigures {
  readonly wallSeconds: number;
  readonly tokenCalls: number;
  readonly rotations: number;
  readonly secretWrites: number;
  readonly secretReads: number;
  readonly dynamodbReads: number;
  readonly dynamodbWrites: number;
  readonly sqsSends: number;
  readonly kmsRequests: number;
}

/** `tokenRefreshScale` in `bench/scale.json`: the contract keys first, then the detail. */
export interface TokenRefreshScale {
  readonly vault: TokenVaultName;
  readonly accounts: number;
  readonly dueAccounts: number;
  readonly wallSeconds: number;
  readonly tokenCallsPerDueAccount: number;
  readonly secretWritesPerRefresh: number;
  readonly dynamodbReadsPerDueAccount: number;
  readonly lapsed: number;
  readonly refreshedTwice: number;
  readonly perRefresh: PerRefreshCosts;
  readonly monthlyCostUsd: Record<'accounts1k' | 'accounts10k' | 'accounts100k', number>;
  readonly [detail: string]: unknown;
}

/**
 * The refresh-token expiry of account `index` of `count`: spread evenly over the 60-day
 * lifetime, so the due dates cover the whole window (some overdue by up to 15 days, some due
 * today, three quarters not yet due), as on a platform whose accounts connected over time.
 */
function refreshExpiryOf(index: number, count: number, now: number): Date {
  return new Date(now + ((index + 0.5) / count) * REFRESH_LIFETIME_DAYS * DAY_MS);
}

function countRun(calls: readonly AwsCall[], before: RefreshCounts, after: RefreshCounts) {
  const own = calls.filter((call) => JOB_FUNCTIONS.includes(call.fn) && !call.failed);
  const count = (client: string, commands: readonly string[]) =>
    own.filter((call) => call.client === client && commands.includes(call.command)).length;
  let tokenCalls = 0;
  let rotations = 0;
  const rotatedTwice: string[] = [];
  for (const [accountId, stats] of Object.entries(after)) {
    const base = before[accountId] ?? { calls: 0, rotations: 0 };
    tokenCalls += stats.calls - base.calls;
    rotations += stats.rotations - base.rotations;
    if (stats.rotations - base.rotations > 1) rotatedTwice.push(accountId);
  }
  return {
    tokenCalls,
    rotations,
    rotatedTwice,
    // A vault write is a new secret version, or a fresh KMS data key for the table vault.
    secretWrites:
      count('SecretsManagerClient', ['PutSecretValueCommand', 'CreateSecretCommand']) +
      count('KMSClient', ['GenerateDataKeyCommand']),
    secretReads:
      count('SecretsManagerClient', ['GetSecretValueCommand']) +
      count('KMSClient', ['DecryptCommand']),
    kmsRequests: count('KMSClient', ['GenerateDataKeyCommand', 'DecryptCommand']),
    dynamodbReads: count('DynamoDBClient', [
      'GetItemCommand',
      'QueryCommand',
      'ScanCommand',
      'BatchGetItemCommand',
    ]),
    dynamodbWrites: count('DynamoDBClient', [
      'PutItemCommand',
      'UpdateItemCommand',
      'DeleteItemCommand',
      'BatchWriteItemCommand',
      'TransactWriteItemsCommand',
    ]),
    sqsSends: count('SQSClient', ['SendMessageCommand', 'SendMessageBatchCommand']),
  };
}

async function scheduledRun(
  bench: BenchStack,
  calls: AwsCall[],
): Promise<RefreshRunFigures & { rotatedTwice: string[] }> {
  const before = await simView<RefreshCounts>(bench, '/__sim/tokens/refreshes');
  const firstCall = calls.length;
  const started = performance.now();
  await bench.stack.runJob('token-refresh');
  if (!(await bench.stack.waitForIdle(900_000))) {
    throw new Error('the token-refresh queue did not drain within 15 minutes');
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const after = await simView<RefreshCounts>(bench, '/__sim/tokens/refreshes');
  return { wallSeconds, ...countRun(calls.slice(firstCall), before, after) };
}

/** A document client on the bench stack's DynamoDB Local (the harness's own, not a function's). */
function localDocumentClient(bench: BenchStack): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: bench.stack.info.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    }),
  );
}

/**
 * Seeds `count` connected accounts the way a connect leaves them (a token pair in the vault,
 * the account item with its refresh-due bucket), with real simulator grants so every refresh
 * is a real rotation at the simulator's token endpoint.
 */
async function seedAccounts(
  bench: BenchStack,
  count: number,
  now: number,
): Promise<{ accountIds: string[]; due: Set<string> }> {
  const { info } = bench.stack;
  const ddb = localDocumentClient(bench);
  // The vault the functions were started with, so the seeded pairs are the ones they read.
  const vault: TokenVault =
    info.tokenVault === 'kms-table'
      ? new DynamoDbKmsTokenVault({
          ddb,
          kms: new KMSClient({
            endpoint: info.kmsEndpoint,
            region: 'us-east-1',
            credentials: LOCAL_CREDENTIALS,
          }),
          tableName: info.tableName,
          keyId: info.tokenKmsKeyId,
        })
      : new SecretsManagerTokenVault({
          client: new SecretsManagerClient({
            endpoint: info.secretsManagerEndpoint,
            region: 'us-east-1',
            credentials: LOCAL_CREDENTIALS,
          }),
          prefix: info.accountSecretPrefix,
        });
  const accounts = new DynamoDbAccountStore({ client: ddb, tableName: info.tableName });
  const grants: Grant[] = [];
  while (grants.length < count) {
    const chunk = Math.min(GRANT_CHUNK, count - grants.length);
    const answer = await simControl<{ grants: Grant[] }>(bench, '/__sim/tokens/grants', {
      count: chunk,
    });
    grants.push(...answer.grants);
  }
  const today = dayOf(new Date(now));
  const due = new Set<string>();
  const connectedAt = new Date(now).toISOString();
  await forEachConcurrently(grants, SEED_CONCURRENCY, async (grant, index) => {
    const refreshTokenExpiresAt = refreshExpiryOf(index, count, now).toISOString();
    const accessTokenExpiresAt = new Date(now + 3_600_000).toISOString();
    const dueDate = refreshDueDate(refreshTokenExpiresAt, DEFAULT_REFRESH_WINDOW_DAYS);
    if (dueDate <= today) due.add(grant.accountId);
    await vault.put(grant.accountId, {
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken,
      accessTokenExpiresAt,
      refreshTokenExpiresAt,
    });
    await accounts.recordConnection({
      accountId: grant.accountId,
      accessTokenExpiresAt,
      refreshTokenExpiresAt,
      refreshDueDate: dueDate,
      scopes: grant.scope.split('|'),
      connectedAt,
      tenantId: DEFAULT_TENANT_ID,
    });
  });
  return { accountIds: grants.map((grant) => grant.accountId), due };
}

/** Due accounts still due (or no longer active) after the run: their refresh token will lapse. */
async function countLapsed(bench: BenchStack, due: ReadonlySet<string>): Promise<number> {
  const { info } = bench.stack;
  const ddb = localDocumentClient(bench);
  const ids = [...due];
  const today = dayOf(new Date());
  let lapsed = 0;
  for (let start = 0; start < ids.length; start += 100) {
    const batch = ids.slice(start, start + 100);
    let pending: Record<string, unknown>[] = batch.map((id) => keys.account(id));
    const found: Record<string, unknown>[] = [];
    while (pending.length > 0) {
      const { Responses, UnprocessedKeys } = await ddb.send(
        new BatchGetCommand({ RequestItems: { [info.tableName]: { Keys: pending } } }),
      );
      found.push(...(Responses?.[info.tableName] ?? []));
      pending = (UnprocessedKeys?.[info.tableName]?.Keys as Record<string, unknown>[]) ?? [];
    }
    for (const item of found) {
      const stillDue =
        refreshDueDate(String(item.refreshTokenExpiresAt), DEFAULT_REFRESH_WINDOW_DAYS) <= today;
      if (item.status !== 'active' || stillDue) lapsed++;
    }
    lapsed += batch.length - found.length;
  }
  ddb.destroy();
  return lapsed;
}

/** What one refresh costs, measured: the inputs of {@link tokenLifecycleMonthlyUsd}. */
export interface PerRefreshCosts {
  readonly lambdaUsd: number;
  readonly sqsRequests: number;
  readonly dynamodbWrites: number;
  readonly dynamodbReads: number;
  /** Secrets Manager reads and writes (Secrets Manager vault). */
  readonly secretsManagerCalls: number;
  /** GenerateDataKey and Decrypt (table vault). */
  readonly kmsRequests: number;
}

/**
 * Monthly cost of the token lifecycle for `accounts` connected accounts, from one measured
 * refresh: each account is refreshed once every 45 days; the Secrets Manager vault adds one
 * secret per account (list price $0.40 a month), the table vault one KMS key ($1 a month).
 *
 * @example
 * ```ts
 * tokenLifecycleMonthlyUsd(10_000, scale.perRefresh, 'secrets-manager');
 * ```
 */
export function tokenLifecycleMonthlyUsd(
  accounts: number,
  perRefresh: PerRefreshCosts,
  vault: TokenVaultName,
): number {
  const refreshesPerMonth = (accounts * 30) / REFRESH_INTERVAL_DAYS;
  const perRefreshUsd =
    perRefresh.lambdaUsd +
    (perRefresh.sqsRequests * PRICES_USD.sqsPerMillionRequests) / 1e6 +
    (perRefresh.dynamodbWrites * PRICES_USD.dynamodbPerMillionWru) / 1e6 +
    // Strongly consistent reads of items under 4 KB: one read unit each.
    (perRefresh.dynamodbReads * PRICES_USD.dynamodbPerMillionRru) / 1e6 +
    (perRefresh.secretsManagerCalls * PRICES_USD.secretsManagerPer10kCalls) / 10_000 +
    (perRefresh.kmsRequests * PRICES_USD.kmsPer10kRequests) / 10_000;
  const storage =
    vault === 'secrets-manager'
      ? accounts * PRICES_USD.secretsManagerPerSecretMonth
      : PRICES_USD.kmsPerKeyMonth;
  return round(storage + refreshesPerMonth * perRefreshUsd, 2);
}

/**
 * The token lifecycle at platform scale, on DynamoDB Local, the local Secrets Manager and the
 * simulator: `count` connected accounts whose refresh tokens fall due across the window, one
 * scheduled run (scheduler → SQS → workers, as deployed), then a second run right after, which
 * must refresh nothing. Figures are reported, never asserted.
 *
 * @example
 * ```ts
 * const scale = await measureTokenRefreshScale(bench, calls, { accounts: 10_000 });
 * ```
 */
export async function measureTokenRefreshScale(
  bench: BenchStack,
  calls: AwsCall[],
  options: {
    accounts: number;
    log: (line: string) => void;
    /** Total in-process milliseconds of the job functions so far (`instrumentRuntime`). */
    jobMs: () => number;
  },
): Promise<TokenRefreshScale> {
  const now = Date.now();
  const seedStarted = performance.now();
  const { due } = await seedAccounts(bench, options.accounts, now);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  options.log(
    `seeded ${options.accounts} accounts (${due.size} due) in ${seedSeconds.toFixed(0)} s`,
  );

  const jobMsBefore = options.jobMs();
  const first = await scheduledRun(bench, calls);
  const jobMs = options.jobMs() - jobMsBefore;
  options.log(`first run: ${first.rotations} refreshed in ${first.wallSeconds.toFixed(1)} s`);
  const lapsed = await countLapsed(bench, due);
  const second = await scheduledRun(bench, calls);
  options.log(`second run: ${second.tokenCalls} token calls in ${second.wallSeconds.toFixed(1)} s`);

  const dueAccounts = due.size;
  const perDue = (value: number) => (dueAccounts === 0 ? 0 : value / dueAccounts);
  const refreshes = Math.max(first.rotations, 1);
  const perRefresh: PerRefreshCosts = {
    // Billed at the worker's memory on arm64, from the in-process durations (an upper side).
    lambdaUsd: ((jobMs / 1000 / refreshes) * 256 * PRICES_USD.lambdaArmPerGbSecond) / 1024,
    // One send by the scheduler, one receive and one delete by the event source mapping.
    sqsRequests: 3,
    dynamodbWrites: first.dynamodbWrites / refreshes,
    dynamodbReads: first.dynamodbReads / refreshes,
    secretsManagerCalls: (first.secretReads + first.secretWrites - first.kmsRequests) / refreshes,
    kmsRequests: first.kmsRequests / refreshes,
  };
  const vault = bench.stack.info.tokenVault;
  const tokenCallsPerSecond = first.tokenCalls / first.wallSeconds;
  const projected = 100_000;
  const projectedDuePerDay = projected / REFRESH_INTERVAL_DAYS;
  return {
    vault,
    accounts: options.accounts,
    dueAccounts,
    wallSeconds: round(first.wallSeconds, 1),
    tokenCallsPerDueAccount: round(perDue(first.tokenCalls), 3),
    secretWritesPerRefresh: round(first.secretWrites / refreshes, 3),
    dynamodbReadsPerDueAccount: round(perDue(first.dynamodbReads), 3),
    lapsed,
    refreshedTwice: first.rotatedTwice.length + second.rotations,
    dynamodbWritesPerDueAccount: round(perDue(first.dynamodbWrites), 3),
    secretReadsPerDueAccount: round(perDue(first.secretReads), 3),
    sqsSendsPerDueAccount: round(perDue(first.sqsSends), 3),
    tokenCallsPerSecond: round(tokenCallsPerSecond, 1),
    seedSeconds: round(seedSeconds, 1),
    secondRun: {
      wallSeconds: round(second.wallSeconds, 1),
      tokenCalls: second.tokenCalls,
      refreshed: second.rotations,
      secretWrites: second.secretWrites,
    },
    projection100k: {
      accounts: projected,
      basis:
        'per-account costs measured above; steady state: each account refreshed once every 45 days',
      dueAccountsPerDay: round(projectedDuePerDay, 0),
      tokenCallsPerDay: round(projectedDuePerDay * perDue(first.tokenCalls), 0),
      secretWritesPerDay: round(projectedDuePerDay * (first.secretWrites / refreshes), 0),
      dynamodbReadsPerDay: round(projectedDuePerDay * perDue(first.dynamodbReads), 0),
      dailyRunWallSecondsAtMeasuredRate: round(projectedDuePerDay / tokenCallsPerSecond, 0),
      dwollaTokenRequestsPerSecondDuringRun: round(tokenCallsPerSecond, 1),
      dwollaTokenRequestsPerSecondDailyAverage: round((projectedDuePerDay / DAY_MS) * 1000, 3),
      // All 100,000 connected on one day fall due on one day: the worst single run.
      worstDayWallSecondsAtMeasuredRate: round(projected / tokenCallsPerSecond, 0),
    },
    perRefresh: Object.fromEntries(
      Object.entries(perRefresh).map(([key, value]) => [key, round(value, 8)]),
    ) as unknown as PerRefreshCosts,
    monthlyCostUsd: {
      accounts1k: tokenLifecycleMonthlyUsd(1_000, perRefresh, vault),
      accounts10k: tokenLifecycleMonthlyUsd(10_000, perRefresh, vault),
      accounts100k: tokenLifecycleMonthlyUsd(100_000, perRefresh, vault),
    },
  };
}
