import { PublishCommand } from '@aws-sdk/client-sns';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhookBody } from '../../shared/webhooks/signature.js';
import { TOPIC_ARN, webhookIntakeUnderTest, webhookRequest } from './support/webhook-intake.js';

/**
 * Fuzz of the real webhook intake entry file (`functions/webhook-intake.ts`), in process, with
 * SNS and Secrets Manager mocked: whatever the body and headers, the intake never answers 5xx,
 * and it publishes exactly the signed, well-formed events
 * (https://developers.dwolla.com/guides/webhooks/process-validate: verify the HMAC over the raw
 * bytes, then validate) and nothing else.
 */

const SECRET = 'fuzz-current-webhook-secret';
const API = 'https://api-sandbox.dwolla.com';

// The entry file reads its configuration once, at import.
const { sns, handler } = webhookIntakeUnderTest(SECRET, {
  LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
});

/** A webhook body and whether the documents call it a well-formed event. */
interface Body {
  readonly text: string;
  readonly wellFormed: boolean;
}

const isoInstant = fc
  .date({
    min: new Date('2015-01-01T00:00:00Z'),
    max: new Date('2035-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());
const href = (kind: string) => fc.uuid().map((id) => ({ href: `${API}/${kind}/${id}` }));

/**
 * https://developers.dwolla.com/api-reference/events ("Events resource") /
 * https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/ webhook
 * payload, with extra fields.
 */
const validEvent = fc.record(
  {
    id: fc.uuid(),
    resourceId: fc.uuid(),
    topic: fc.constantFrom(
      'transfer_created',
      'customer_transfer_completed',
      'bank_transfer_failed',
      'customer_bill_payment_created',
      'customer_created',
    ),
    created: isoInstant,
    timestamp: isoInstant,
    correlationId: fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/),
    _links: fc.record(
      {
        self: href('events'),
        resource: href('transfers'),
        account: href('accounts'),
        customer: href('customers'),
      },
      { requiredKeys: ['self', 'resource'] },
    ),
    extra: fc.dictionary(fc.stringMatching(/^x[a-z]{1,8}$/), fc.jsonValue(), { maxKeys: 3 }),
  },
  // `created` (or the older `timestamp`) is always there in Dwolla's payloads.
  { requiredKeys: ['id', 'resourceId', 'topic', 'created', '_links'] },
);

/** One change that makes an event ill-formed whatever else it holds. */
const breakage = fc.constantFrom<(event: Record<string, unknown>) => void>(
  (event) => delete event.id,
  (event) => delete event.resourceId,
  (event) => delete event.topic,
  (event) => delete event._links,
  (event) => {
    event.id = '';
  },
  (event) => {
    event.topic = 42;
  },
  (event) => {
    event.created = 'yesterday';
  },
  (event) => {
    delete event.created;
    delete event.timestamp;
  },
  (event) => {
    event._links = { self: { href: 'not a url' }, resource: { href: `${API}/transfers/x` } };
  },
  (event) => {
    event._links = { self: { href: `${API}/events/x` } };
  },
);

const body: fc.Arbitrary<Body> = fc.oneof(
  fc
    .tuple(validEvent, fc.integer({ min: 0, max: 2 }))
    .map(([event, indent]) => ({ text: JSON.stringify(event, null, indent), wellFormed: true })),
  fc.tuple(validEvent, breakage).map(([event, breakIt]) => {
    const copy = structuredClone(event) as Record<string, unknown>;
    breakIt(copy);
    return { text: JSON.stringify(copy), wellFormed: false };
  }),
  fc.jsonValue().map((value) => ({ text: JSON.stringify(value) ?? '', wellFormed: false })),
  fc.string({ maxLength: 200 }).map((text) => ({ text, wellFormed: false })),
);

type SignatureKind = 'valid' | 'wrong-secret' | 'other-body' | 'garbage' | 'missing';
const signatureKind = fc.constantFrom<SignatureKind>(
  'valid',
  'valid',
  'wrong-secret',
  'other-body',
  'garbage',
  'missing',
);

function signatureFor(kind: SignatureKind, raw: Buffer, garbage: string): string | undefined {
  switch (kind) {
    case 'valid':
      return signWebhookBody(SECRET, raw);
    case 'wrong-secret':
      return signWebhookBody('not-the-secret', raw);
    case 'other-body':
      return signWebhookBody(SECRET, Buffer.concat([raw, Buffer.from(' ')]));
    case 'garbage':
      return garbage;
    case 'missing':
      return undefined;
  }
}

function request(
  raw: Buffer,
  signature: string | undefined,
  base64: boolean,
  extraHeaders: Record<string, string>,
): APIGatewayProxyEventV2 {
  return webhookRequest(
    base64 ? raw.toString('base64') : raw.toString('utf8'),
    {
      ...extraHeaders,
      'content-type': 'application/json',
      ...(signature === undefined ? {} : { 'x-request-signature-sha-256': signature }),
    },
    base64,
  );
}

describe('Fuzz: webhook intake', () => {
  it('never answers 5xx, and publishes a body exactly when it is signed and well formed', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        signatureKind,
        fc.boolean(),
        fc.stringMatching(/^[0-9a-zA-Z+/=]{0,80}$/),
        fc.dictionary(fc.stringMatching(/^x-[a-z]{1,10}$/), fc.string({ maxLength: 20 }), {
          maxKeys: 3,
        }),
        async (generated, kind, base64, garbage, extraHeaders) => {
          // Prepare
          sns.reset();
          sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
          const raw = Buffer.from(generated.text, 'utf8');
          const signature = signatureFor(kind, raw, garbage);
          const shouldPublish = kind === 'valid' && generated.wellFormed;

          // Act
          const response = await handler(
            request(raw, signature, base64, extraHeaders),
            {} as Context,
          );

          // Assess
          const published = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
          expect(response.statusCode).toBeLessThan(500);
          if (shouldPublish) {
            expect(response.statusCode).toBe(200);
            expect(published).toHaveLength(1);
            expect(published[0]?.Message).toBe(generated.text);
            expect(published[0]?.TopicArn).toBe(TOPIC_ARN);
          } else {
            expect(response.statusCode).toBeGreaterThanOrEqual(400);
            expect(published).toEqual([]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers 5xx only when SNS refuses a valid event, so that Dwolla retries it', async () => {
    await fc.assert(
      fc.asyncProperty(validEvent, async (event) => {
        // Prepare
        sns.reset();
        sns.on(PublishCommand).rejects(new Error('SNS is unavailable'));
        const raw = Buffer.from(JSON.stringify(event));

        // Act
        const response = await handler(
          request(raw, signWebhookBody(SECRET, raw), false, {}),
          {} as Context,
        );

        // Assess
        expect(response.statusCode).toBeGreaterThanOrEqual(500);
        expect(String(response.body)).not.toContain(SECRET);
      }),
      { numRuns: 25 },
    );
  });
});
