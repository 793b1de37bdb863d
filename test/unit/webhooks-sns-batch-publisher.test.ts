import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsEventBatchPublisher } from '../../shared/webhooks/sns-event-batch-publisher.js';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:events';
const sns = mockClient(SNSClient);
const publisher = new SnsEventBatchPublisher({
  client: new SNSClient({ region: 'us-east-1' }),
  topicArn: TOPIC_ARN,
});

const events = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    eventId: `evt-${i + 1}`,
    topic: 'customer_transfer_created',
    body: `{"id":"evt-${i + 1}"}`,
  }));

/** Answers every entry as accepted, except those `fail` returns a failure for. */
function answer(
  fail: (eventId: string, call: number) => { Code: string; SenderFault: boolean } | undefined,
) {
  let call = 0;
  sns.on(PublishBatchCommand).callsFake((input) => {
    call += 1;
    const entries = input.PublishBatchRequestEntries as { Id: string; Message: string }[];
    const outcome = entries.map((entry) => ({
      entry,
      failure: fail(JSON.parse(entry.Message).id, call),
    }));
    return {
      Successful: outcome
        .filter((o) => !o.failure)
        .map((o) => ({ Id: o.entry.Id, MessageId: `m-${o.entry.Id}` })),
      Failed: outcome.filter((o) => o.failure).map((o) => ({ Id: o.entry.Id, ...o.failure })),
    };
  });
}

describe('Adapter: SnsEventBatchPublisher', () => {
  beforeEach(() => sns.reset());

  it('publishes ten events per PublishBatch call with the body as received and the routing attributes', async () => {
    // Prepare
    answer(() => undefined);

    // Act
    const { rejected } = await publisher.publishBatch(events(23));

    // Assess
    const calls = sns.commandCalls(PublishBatchCommand).map((c) => c.args[0].input);
    expect(rejected).toEqual([]);
    expect(calls.map((input) => input.PublishBatchRequestEntries?.length)).toEqual([10, 10, 3]);
    expect(calls[0]?.TopicArn).toBe(TOPIC_ARN);
    expect(calls[0]?.PublishBatchRequestEntries?.[0]).toEqual({
      Id: 'e0',
      Message: '{"id":"evt-1"}',
      MessageAttributes: {
        topic: { DataType: 'String', StringValue: 'customer_transfer_created' },
        eventId: { DataType: 'String', StringValue: 'evt-1' },
      },
    });
  });

  it('sends again only the entries SNS failed on its side, and reports none once they pass', async () => {
    // Prepare: evt-4 is throttled on the first call only
    answer((eventId, call) =>
      eventId === 'evt-4' && call === 1 ? { Code: 'Throttled', SenderFault: false } : undefined,
    );

    // Act
    const { rejected } = await publisher.publishBatch(events(5));

    // Assess
    const calls = sns.commandCalls(PublishBatchCommand).map((c) => c.args[0].input);
    expect(rejected).toEqual([]);
    expect(calls.map((input) => input.PublishBatchRequestEntries?.map((e) => e.Message))).toEqual([
      events(5).map((e) => e.body),
      ['{"id":"evt-4"}'],
    ]);
  });

  it('reports a sender fault at once and an SNS fault that outlasts the retries', async () => {
    // Prepare
    answer((eventId) => {
      if (eventId === 'evt-2') return { Code: 'InvalidParameter', SenderFault: true };
      if (eventId === 'evt-3') return { Code: 'InternalError', SenderFault: false };
      return undefined;
    });

    // Act
    const { rejected } = await publisher.publishBatch(events(4));

    // Assess: three calls (first + two retries of evt-3 only)
    expect(rejected).toEqual([
      { eventId: 'evt-2', reason: 'InvalidParameter' },
      { eventId: 'evt-3', reason: 'InternalError' },
    ]);
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(3);
  });

  it('reports every event of a call that threw, and still publishes the other chunks', async () => {
    // Prepare: the first chunk's call fails every time, the second succeeds
    sns.on(PublishBatchCommand).callsFake((input) => {
      const entries = input.PublishBatchRequestEntries as { Id: string; Message: string }[];
      if (entries.some((entry) => entry.Message.includes('"evt-1"'))) {
        throw Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable' });
      }
      return { Successful: entries.map((entry) => ({ Id: entry.Id, MessageId: 'm' })), Failed: [] };
    });

    // Act
    const { rejected } = await publisher.publishBatch(events(12));

    // Assess
    expect(rejected).toEqual(
      events(10).map((e) => ({ eventId: e.eventId, reason: 'ServiceUnavailable' })),
    );
  });
});
