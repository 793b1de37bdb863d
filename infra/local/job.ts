import { SCHEDULES } from '../../infra/definition.js';
import { namedTarget } from './cli-args.js';
import { LocalStackError } from './errors.js';

/**
 * `npm run job -- <name>`: runs one scheduled job once against the running local stack (the
 * same function and event its schedule uses), waits for the queue work it caused, and exits 0
 * on success.
 */
async function main(): Promise<void> {
  const { name, stack } = await namedTarget(process.argv.slice(2), {
    usage: 'npm run job -- <name>',
    kind: 'job',
    names: Object.keys(SCHEDULES),
  });
  let response: Response;
  try {
    response = await fetch(`${stack.apiUrl}/__local/jobs/${encodeURIComponent(name)}`, {
      method: 'POST',
    });
  } catch (error) {
    throw new LocalStackError(
      `The local stack at ${stack.apiUrl} does not answer; is \`npm start\` running?`,
      {
        cause: error,
      },
    );
  }
  const body = (await response.json()) as { result?: unknown; drained?: boolean; message?: string };
  if (response.status !== 200) throw new LocalStackError(`Job ${name} failed: ${body.message}`);
  console.log(`Job ${name} succeeded: ${JSON.stringify(body.result)}`);
  if (!body.drained) console.log('Note: queue work it caused was still running after 60 s.');
}

main().catch((error: unknown) => {
  console.error(error instanceof LocalStackError ? error.message : error);
  process.exit(1);
});
