import { resolve } from 'node:path';
import { STACK_FILE } from './stack-file.js';

/**
 * The small argument reading shared by the local CLIs: positional words and `--name value`
 * options (`--flag` alone is `'true'`).
 *
 * @example
 * ```ts
 * const { positional, options } = parseArgs(['create', 'ci', '--table', 'app']);
 * ```
 */
export function parseArgs(argv: readonly string[]): {
  positional: string[];
  options: Record<string, string>;
} {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        options[arg.slice(2)] = next;
        i += 1;
      } else {
        options[arg.slice(2)] = 'true';
      }
    } else {
      positional.push(arg);
    }
  }
  return { positional, options };
}

/** The stack file a CLI reads: `--stack-file <path>` or `.local/stack.json`. */
export function stackFilePath(options: Record<string, string>): string {
  return resolve(process.cwd(), options['stack-file'] ?? STACK_FILE);
}
