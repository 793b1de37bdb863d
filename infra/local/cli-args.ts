import { resolve } from 'node:path';
import { UnknownNameError } from './errors.js';
import { type LocalStackInfo, readStackFile, STACK_FILE } from './stack-file.js';

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

/**
 * What a one-name CLI (`npm run job -- <name>`, `npm run redrive -- <queue>`) acts on: its first
 * positional word, which must be one of `names`, and the running stack's file. Without a name it
 * prints the usage with the valid names and exits 2.
 *
 * @example
 * ```ts
 * const { name, stack } = await namedTarget(process.argv.slice(2), {
 *   usage: 'npm run job -- <name>',
 *   kind: 'job',
 *   names: Object.keys(SCHEDULES),
 * });
 * ```
 */
export async function namedTarget(
  argv: readonly string[],
  target: { usage: string; kind: string; names: readonly string[] },
): Promise<{ name: string; stack: LocalStackInfo }> {
  const { positional, options } = parseArgs(argv);
  const [name] = positional;
  if (!name) {
    console.error(`Usage: ${target.usage}   (${target.kind}s: ${target.names.join(', ')})`);
    process.exit(2);
  }
  if (!target.names.includes(name)) throw new UnknownNameError(target.kind, name, target.names);
  return { name, stack: await readStackFile(stackFilePath(options)) };
}
