/**
 * `npm run bench -- --scale [--accounts N]`: the token lifecycle at platform scale, once per
 * vault (Secrets Manager, the default; the table under KMS envelope encryption), each in its own
 * child process (`--vault V`), merged into `bench/scale.json`. Reported, never asserted.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../infra/constructs/dwolla-function.js';
import { TOKEN_VAULTS } from '../shared/config/runtime.js';
import type { AwsCall } from './instrumentation.js';
import { instrumentRuntime } from './instrumentation.js';
import type { BenchStack } from './local.js';
import { note, out, printTable, type Row } from './report.js';
import { measureTokenRefreshScale, type TokenRefreshScale } from './token-refresh-scale.js';

type Vault = (typeof TOKEN_VAULTS)[number];

const TMP_DIR = join(PROJECT_ROOT, 'bench/.tmp');
const childResult = (vault: Vault) => join(TMP_DIR, `scale-${vault}.json`);

/**
 * `--accounts N` (10,000 by default) and `--vault V` (both vaults when absent).
 *
 * @example
 * ```ts
 * scaleOptions(['--scale', '--accounts', '1000']); // { accounts: 1000 }
 * ```
 */
export function scaleOptions(argv: readonly string[]): { accounts: number; vault?: Vault } {
  const flagValue = (flag: string) => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const accountsText = flagValue('--accounts');
  const accounts = accountsText === undefined ? 10_000 : Number(accountsText);
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > 100_000) {
    throw new Error('--accounts must be a whole number from 1 to 100000');
  }
  const vault = flagValue('--vault');
  if (vault !== undefined && !(TOKEN_VAULTS as readonly string[]).includes(vault)) {
    throw new Error(`--vault must be one of ${TOKEN_VAULTS.join(', ')}`);
  }
  return vault === undefined ? { accounts } : { accounts, vault: vault as Vault };
}

/**
 * The child's part: measures the stack's vault and writes `bench/.tmp/scale-<vault>.json`.
 *
 * @example
 * ```ts
 * await runScaleOneVault(bench, calls, 10_000);
 * ```
 */
export async function runScaleOneVault(
  bench: BenchStack,
  calls: AwsCall[],
  accounts: number,
): Promise<void> {
  const stats = instrumentRuntime(bench.stack.runtime);
  const jobMs = () =>
    (stats.get('tokenRefreshScheduler')?.totalMs ?? 0) +
    (stats.get('tokenRefreshWorker')?.totalMs ?? 0);
  const vault = bench.stack.info.tokenVault;
  note(`token lifecycle at scale, ${vault} vault: ${accounts} connected accounts`);
  const scale = await measureTokenRefreshScale(bench, calls, { accounts, log: note, jobMs });
  await mkdir(TMP_DIR, { recursive: true });
  await writeFile(childResult(vault), JSON.stringify(scale));
}

function runChild(vault: Vault, accounts: number): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(PROJECT_ROOT, 'bench/run.ts'),
      '--scale',
      '--vault',
      vault,
      '--accounts',
      String(accounts),
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the ${vault} scale run exited with ${code}`)),
    );
  });
}

function rows(byVault: Record<Vault, TokenRefreshScale>): Row[] {
  const sm = byVault['secrets-manager'];
  const kms = byVault['kms-table'];
  const both = (pick: (scale: TokenRefreshScale) => unknown) => `${pick(sm)} / ${pick(kms)}`;
  return [
    { metric: 'vault', target: '', measured: 'Secrets Manager / KMS in table' },
    {
      metric: 'accounts / due today',
      target: '',
      measured: both((s) => `${s.accounts} / ${s.dueAccounts}`),
    },
    { metric: 'scheduled run wall time (s)', target: '', measured: both((s) => s.wallSeconds) },
    {
      metric: 'token calls per due account',
      target: '1.00',
      measured: both((s) => s.tokenCallsPerDueAccount.toFixed(3)),
      ok: sm.tokenCallsPerDueAccount === 1 && kms.tokenCallsPerDueAccount === 1,
    },
    {
      metric: 'vault writes per refresh',
      target: '1',
      measured: both((s) => s.secretWritesPerRefresh.toFixed(3)),
      ok: sm.secretWritesPerRefresh === 1 && kms.secretWritesPerRefresh === 1,
    },
    {
      metric: 'DynamoDB reads per due account',
      target: '',
      measured: both((s) => s.dynamodbReadsPerDueAccount.toFixed(3)),
    },
    {
      metric: 'lapsed',
      target: '0',
      measured: both((s) => s.lapsed),
      ok: sm.lapsed === 0 && kms.lapsed === 0,
    },
    {
      metric: 'refreshed twice (incl. the second run)',
      target: '0',
      measured: both((s) => s.refreshedTwice),
      ok: sm.refreshedTwice === 0 && kms.refreshedTwice === 0,
    },
    ...(['accounts1k', 'accounts10k', 'accounts100k'] as const).map(
      (key): Row => ({
        metric: `monthly token lifecycle, ${key.slice(8)} accounts (USD)`,
        target: '',
        measured: both((s) => s.monthlyCostUsd[key]),
      }),
    ),
  ];
}

/**
 * Runs the scale measurement for every vault, one child process each, and writes
 * `bench/scale.json`: `tokenRefreshScale` (the default vault) and `byVault`.
 *
 * @example
 * ```ts
 * await runScaleAllVaults(10_000);
 * ```
 */
export async function runScaleAllVaults(accounts: number): Promise<void> {
  const byVault = {} as Record<Vault, TokenRefreshScale>;
  for (const vault of TOKEN_VAULTS) {
    await runChild(vault, accounts);
    byVault[vault] = JSON.parse(await readFile(childResult(vault), 'utf8')) as TokenRefreshScale;
  }
  const report = {
    measuredAt: new Date().toISOString(),
    tokenRefreshScale: byVault['secrets-manager'],
    byVault,
  };
  await writeFile(join(PROJECT_ROOT, 'bench/scale.json'), `${JSON.stringify(report, null, 2)}\n`);
  printTable('npm run bench -- --scale', rows(byVault));
  out('wrote bench/scale.json\n');
}
