/**
 * The cold-start reference: the smallest useful Lambda, built with the same bundling as ours. It
 * builds an SQS client at module scope and sends one message per invocation, so the ratio
 * "our function / this" isolates what our code adds on top of Node + one bundled SDK client.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({
  endpoint: process.env.AWS_ENDPOINT_URL_SQS || undefined,
  useQueueUrlAsEndpoint: false,
});

/**
 * Sends one message to `BENCH_REFERENCE_QUEUE_URL`.
 *
 * @example
 * ```ts
 * await handler({});
 * ```
 */
export async function handler(): Promise<{ statusCode: number }> {
  await sqs.send(
    new SendMessageCommand({ QueueUrl: process.env.BENCH_REFERENCE_QUEUE_URL, MessageBody: '{}' }),
  );
  return { statusCode: 200 };
}
