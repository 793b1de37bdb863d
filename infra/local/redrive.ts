import { SQSClient } from '@aws-sdk/client-sqs';
import { QUEUES } from '../../infra/definition.js';
import { namedTarget } from './cli-args.js';
import { redriveDlq } from './dlq-redrive.js';
import { LocalStackError } from './errors.js';

/**
 * `npm run redrive -- <queue>`: moves every message of the queue's DLQ back to the queue in the
 * running local stack, and prints how many moved.
 */
async function main(): Promise<void> {
  const { name, stack } = await namedTarget(process.argv.slice(2), {
    usage: 'npm run redrive -- <queue>',
    kind: 'queue',
    names: Object.keys(QUEUES),
  });
  const queueUrl = stack.queueUrls[name];
  const dlqUrl = stack.queueUrls[`${name}Dlq`];
  if (!queueUrl || !dlqUrl) throw new LocalStackError(`The stack file lists no queue ${name}.`);
  const sqs = new SQSClient({
    endpoint: stack.sqsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
  const moved = await redriveDlq({ sqs, dlqUrl, queueUrl });
  sqs.destroy();
  console.log(`Moved ${moved} message(s) from ${name}'s DLQ back to ${name}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof LocalStackError ? error.message : error);
  process.exit(1);
});
