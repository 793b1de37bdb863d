import { createHash } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * Moves every message of a DLQ back to its source queue, body and message attributes unchanged:
 * receive 10, send them to the source, then delete them from the DLQ (fauxqs has no
 * `StartMessageMoveTask`; in AWS prefer the console's or CLI's "start DLQ redrive").
 * A message is deleted from the DLQ only after the source queue accepted it. For a FIFO queue
 * the message keeps its group (so its order against later messages of the group holds) and
 * gets a new deduplication id (the original one may still be inside the five-minute window).
 *
 * @example
 * ```ts
 * const moved = await redriveDlq({ sqs, dlqUrl, queueUrl });
 * ```
 */
export async function redriveDlq(input: {
  sqs: SQSClient;
  dlqUrl: string;
  queueUrl: string;
}): Promise<number> {
  const { sqs, dlqUrl, queueUrl } = input;
  const fifo = queueUrl.endsWith('.fifo');
  const redriveId = String(Date.now());
  let moved = 0;
  for (;;) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 30,
        MessageAttributeNames: ['All'],
        ...(fifo
          ? { MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'] as const }
          : {}),
      }),
    );
    if (!Messages || Messages.length === 0) return moved;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          MessageBody: message.Body ?? '',
          ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0
            ? { MessageAttributes: message.MessageAttributes }
            : {}),
          ...(fifo
            ? {
                MessageGroupId: message.Attributes?.MessageGroupId ?? 'redrive',
                MessageDeduplicationId: createHash('sha256')
                  .update(
                    `${message.Attributes?.MessageDeduplicationId ?? message.MessageId}|${redriveId}`,
                  )
                  .digest('hex'),
              }
            : {}),
        })),
      }),
    );
    const accepted = new Set((sent.Successful ?? []).map((entry) => entry.Id));
    const toDelete = Messages.flatMap((message, index) =>
      accepted.has(String(index))
        ? [{ Id: String(index), ReceiptHandle: message.ReceiptHandle! }]
        : [],
    );
    if (toDelete.length > 0) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: dlqUrl, Entries: toDelete }));
    }
    moved += toDelete.length;
    if (toDelete.length < Messages.length) return moved;
  }
}
