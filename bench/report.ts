const stdoutWrite = process.stdout.write.bind(process.stdout);
const stderrWrite = process.stderr.write.bind(process.stderr);

/**
 * Writes the bench's own output (the table) to stdout, even while function output is muted.
 *
 * @example
 * ```ts
 * out('wrote bench/results.json\n');
 * ```
 */
export function out(text: string): void {
  stdoutWrite(text);
}

/**
 * Writes a progress line to stderr, even while function output is muted.
 *
 * @example
 * ```ts
 * note('1/6 bundling');
 * ```
 */
export function note(line: string): void {
  stderrWrite(`[bench] ${line}\n`);
}

/**
 * Mutes everything else written to stdout/stderr: the functions run in this process and log
 * (Powertools logger and metrics) as they would in Lambda. Returns the function that restores.
 *
 * @example
 * ```ts
 * const restore = muteFunctionOutput();
 * ```
 */
export function muteFunctionOutput(): () => void {
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  const mute = (() => true) as typeof process.stdout.write;
  process.stdout.write = mute;
  process.stderr.write = mute;
  return () => {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  };
}

/** One line of the bench table: a metric, its target (empty when it has none) and the figure. */
export interface Row {
  readonly metric: string;
  readonly target: string;
  readonly measured: string;
  /** Whether the figure meets its target; undefined when there is no target. */
  readonly ok?: boolean;
}

/** A row whose target is 0: ok when `count` is 0; `measured` defaults to the count. */
export function zeroRow(metric: string, count: number, measured = String(count)): Row {
  return { metric, target: '0', measured, ok: count === 0 };
}

/**
 * Prints the rows as an aligned text table on stdout.
 *
 * @example
 * ```ts
 * printTable('npm run bench', [{ metric: 'p50', target: '≤ 1.25×', measured: '1.1×', ok: true }]);
 * ```
 */
export function printTable(title: string, rows: readonly Row[]): void {
  const verdict = (row: Row) => (row.ok === undefined ? '' : row.ok ? 'met' : 'MISSED');
  const widths = [
    Math.max(6, ...rows.map((row) => row.metric.length)),
    Math.max(6, ...rows.map((row) => row.target.length)),
    Math.max(8, ...rows.map((row) => row.measured.length)),
  ];
  const line = (cells: string[]) =>
    cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ');
  const lines = [
    `\n${title}`,
    line(['metric', 'target', 'measured', '']),
    widths.map((width) => '-'.repeat(width)).join('-|-'),
    ...rows.map((row) => line([row.metric, row.target, row.measured, verdict(row)])),
    '',
  ];
  out(`${lines.join('\n')}\n`);
}
