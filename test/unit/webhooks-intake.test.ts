import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpErrorHandler } from '../../shared/http/error-handler.js';
import type { EventPublisher } from '../../shared/ports/event-publisher.js';
import { createWebhookIntake, MAX_WEBHOOK_BODY_BYTES } from '../../shared/webhooks/intake.js';
import { webhookIntakeRoute } from '../../shared/webhooks/intake-http.js';
import { signWebhookBody } from '../../shared/webhooks/signature.js';
import {
  createWebhookSecretCache,
  type WebhookSecrets,
} from '../../shared/webhooks/webhook-secrets.js';

const CURRENT = 'current-webhook-secret';
const PREVIOUS = 'previous-webhook-secret';

const eventBody = JSON.stringify({
  _links: {
    self: { href: 'https://api.dwolla.com/events/evt-1' },
    resource: { href: 'https://api.dwolla.com/transfers/tr-1' },
    account: { href: 'https://api.dwolla.com/accounts/acc-1' },
  },
  id: 'evt-1',
  created: '2026-01-01T00:00:00.000Z',
  topic: 'transfer_created',
  resourceId: 'tr-1',
});

class MovableClock {
  constructor(public ms = Date.parse('2026-01-01T00:00:00Z')) {}
  now = () => new Date(this.ms);
  advance(ms: number) {
    this.ms += ms;
  }
}

/** Everything the intake talks to, as typed fakes that record what happened. */
function setUp(
  options: { secrets?: WebhookSecrets; publishFails?: boolean; secretReadFails?: boolean } = {},
) {
  const clock = new MovableClock();
  const state = { secrets: options.secrets ?? { current: CURRENT }, reads: 0 };
  const published: Parameters<EventPublisher['publish']>[0][] = [];
  const metrics: { name: string; value: number }[] = [];
  const publisher: EventPublisher = {
    async publish(event) {
      if (options.publishFails) throw new Error('SNS unavailable');
      published.push(event);
    },
  };
  const intake = createWebhookIntake({
    secrets: createWebhookSecretCache(
      async () => {
        state.reads += 1;
        if (options.secretReadFails) throw new Error('AccessDeniedException');
        return state.secrets;
      },
      { clock },
    ),
    publisher,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    metrics: { addMetric: (name, _unit, value) => metrics.push({ name, value }) },
  });
  // The real HTTP edge: the route behind the shared error middleware, as the handler wires it.
  const handler = middy(webhookIntakeRoute(intake)).use(httpErrorHandler());
  async function post(
    body: string,
    headers: Record<string, string>,
    isBase64Encoded = false,
  ): Promise<APIGatewayProxyStructuredResultV2> {
    const event = { body, headers, isBase64Encoded } as unknown as APIGatewayProxyEventV2;
    return (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  }
  return { clock, state, published, metrics, post };
}

const signed = (body: string | Buffer, secret = CURRENT) => ({
  'x-request-signature-sha-256': signWebhookBody(secret, Buffer.from(body)),
  'x-dwolla-topic': 'transfer_created',
});

describe('Webhook intake', () => {
  it('publishes a correctly signed webhook, raw body and attributes, and answers 200', async () => {
    const { post, published, metrics } = setUp();

    const response = await post(eventBody, signed(eventBody));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({ received: true });
    expect(published).toEqual([{ eventId: 'evt-1', topic: 'transfer_created', body: eventBody }]);
    expect(metrics).toContainEqual({ name: 'WebhooksReceived', value: 1 });
  });

  it('verifies a base64-encoded body on its decoded bytes and publishes the decoded text', async () => {
    const { post, published } = setUp();

    const response = await post(Buffer.from(eventBody).toString('base64'), signed(eventBody), true);

    expect(response.statusCode).toBe(200);
    expect(published.map((p) => p.body)).toEqual([eventBody]);
  });

  it('publishes the body byte for byte even when Dwolla formats it with extra whitespace', async () => {
    const { post, published } = setUp();
    const spaced = JSON.stringify(JSON.parse(eventBody), null, 2);

    const response = await post(spaced, signed(spaced));

    expect(response.statusCode).toBe(200);
    expect(published[0]?.body).toBe(spaced);
  });

  it('reads the signature header whatever its case', async () => {
    const { post, published } = setUp();
    const signature = signWebhookBody(CURRENT, Buffer.from(eventBody));

    const response = await post(eventBody, { 'X-Request-Signature-SHA-256': signature });

    expect(response.statusCode).toBe(200);
    expect(published).toHaveLength(1);
  });

  it('answers a duplicate delivery 200 as well (Dwolla counts errors toward pausing)', async () => {
    const { post, published } = setUp();

    const first = await post(eventBody, signed(eventBody));
    const second = await post(eventBody, signed(eventBody));

    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(published.map((p) => p.eventId)).toEqual(['evt-1', 'evt-1']);
  });

  it.each([
    ['a missing signature header', () => ({})],
    ['a signature made with another secret', () => signed(eventBody, 'not-the-secret')],
    [
      'a signature of the re-serialised JSON',
      () => signed(JSON.stringify(JSON.parse(eventBody), null, 1)),
    ],
  ])('refuses %s with 401 and publishes nothing', async (_name, headers) => {
    const { post, published, metrics } = setUp();

    const response = await post(eventBody, headers());

    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body ?? '').code).toBe('InvalidSignature');
    expect(published).toEqual([]);
    expect(metrics).toContainEqual({ name: 'WebhookSignatureFailures', value: 1 });
  });

  it('refuses a tampered body with 401 and publishes nothing', async () => {
    const { post, published } = setUp();
    const tampered = eventBody.replace('tr-1', 'tr-9');

    const response = await post(tampered, signed(eventBody));

    expect(response.statusCode).toBe(401);
    expect(published).toEqual([]);
  });

  it('accepts both the current and the previous secret during a rotation', async () => {
    const { post, published } = setUp({ secrets: { current: CURRENT, previous: PREVIOUS } });

    const withPrevious = await post(eventBody, signed(eventBody, PREVIOUS));
    const withCurrent = await post(eventBody, signed(eventBody, CURRENT));

    expect([withPrevious.statusCode, withCurrent.statusCode]).toEqual([200, 200]);
    expect(published).toHaveLength(2);
  });

  it('refuses a body over 256 KiB with 413 before reading the secret or publishing', async () => {
    const { post, published, state } = setUp();
    const big = JSON.stringify({ padding: 'x'.repeat(MAX_WEBHOOK_BODY_BYTES) });

    const response = await post(big, signed(big));

    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body ?? '').code).toBe('PayloadTooLarge');
    expect(state.reads).toBe(0);
    expect(published).toEqual([]);
  });

  it('measures the limit on the raw bytes, not on the string length', async () => {
    const { post } = setUp();
    // 100 000 three-byte characters: 300 000 bytes but only 100 000 UTF-16 code units.
    const multiByte = JSON.stringify({ padding: '€'.repeat(100_000) });

    const response = await post(multiByte, signed(multiByte));

    expect(response.statusCode).toBe(413);
  });

  it('refuses a signed body that is not JSON with a 400 ValidationError', async () => {
    const { post, published } = setUp();
    const notJson = '{"id": "evt-1",';

    const response = await post(notJson, signed(notJson));

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '')).toMatchObject({
      code: 'ValidationError',
      _embedded: { errors: [{ code: 'Invalid', path: '/' }] },
    });
    expect(published).toEqual([]);
  });

  it('refuses a signed JSON body that is not a Dwolla event, naming each bad field', async () => {
    const { post, published } = setUp();
    const wrongShape = JSON.stringify({
      id: 'evt-1',
      topic: 'transfer_created',
      created: 'yesterday',
      _links: { self: { href: 'https://api.dwolla.com/events/evt-1' } },
    });

    const response = await post(wrongShape, signed(wrongShape));

    expect(response.statusCode).toBe(400);
    const paths = JSON.parse(response.body ?? '')._embedded.errors.map(
      (e: { path: string }) => e.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['/resourceId', '/created', '/_links/resource']));
    expect(published).toEqual([]);
  });

  it('checks the signature before the payload: a malformed unsigned body is a 401', async () => {
    const { post } = setUp();

    const response = await post('not json', {});

    expect(response.statusCode).toBe(401);
  });

  it('answers 500 when the publish fails, so Dwolla retries', async () => {
    const { post } = setUp({ publishFails: true });

    const response = await post(eventBody, signed(eventBody));

    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body ?? '')).toEqual({
      code: 'ServerError',
      message: 'A server error occurred.',
    });
  });
});

describe('Webhook intake without its secret', () => {
  it('answers 500 (Dwolla retries) and publishes nothing when the secret cannot be read', async () => {
    const { post, published } = setUp({ secretReadFails: true });

    const response = await post(eventBody, signed(eventBody));

    expect(response.statusCode).toBe(500);
    expect(published).toEqual([]);
  });
});

describe('Webhook secret cache', () => {
  it('picks up a rotated secret after a mismatch, re-reading at most once a minute', async () => {
    // Prepare: a warm container that read the old secret
    const { post, state, clock, published } = setUp();
    await post(eventBody, signed(eventBody));
    state.secrets = { current: 'rotated-secret-value', previous: CURRENT };
    const rotated = () => signed(eventBody, 'rotated-secret-value');

    // Act + Assess: within a minute of the last read, a mismatch does not re-read
    clock.advance(30_000);
    expect((await post(eventBody, rotated())).statusCode).toBe(401);
    expect(state.reads).toBe(1);

    // Act + Assess: a minute later, the mismatch re-reads and the new secret is accepted
    clock.advance(31_000);
    expect((await post(eventBody, rotated())).statusCode).toBe(200);
    expect(state.reads).toBe(2);
    expect(published).toHaveLength(2);
  });

  it('does not let forged requests hammer Secrets Manager', async () => {
    const { post, state, clock } = setUp();
    await post(eventBody, signed(eventBody));
    clock.advance(61_000);

    for (let i = 0; i < 20; i += 1) await post(eventBody, signed(eventBody, 'forged-secret'));

    // One re-read for the first mismatch of the minute, none for the 19 others.
    expect(state.reads).toBe(2);
  });

  it('re-reads the secret every five minutes even without a mismatch', async () => {
    const { post, state, clock } = setUp();
    await post(eventBody, signed(eventBody));

    clock.advance(4 * 60_000);
    await post(eventBody, signed(eventBody));
    const readsBefore = state.reads;
    clock.advance(60_000);
    await post(eventBody, signed(eventBody));

    expect([readsBefore, state.reads]).toEqual([1, 2]);
  });

  it('reads the secret once for concurrent first requests', async () => {
    const { post, state } = setUp();

    await Promise.all([1, 2, 3].map(() => post(eventBody, signed(eventBody))));

    expect(state.reads).toBe(1);
  });
});
