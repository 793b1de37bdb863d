import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { signWebhookBody } from '../../shared/webhooks/signature.js';
import { documentedFetch } from './support/documented-answers.js';
import { apiUrl, drain, invocations, localAwsClients, stackInfo } from './support/local-stack.js';

/**
 * The webhook intake through the local gateway (the real handler, SNS → SQS → event store →
 * DynamoDB Local): what Dwolla relies on (2xx for good and duplicate deliveries) and what we rely
 * on (nothing forged ever reaches the table).
 */

async function currentSecret(): Promise<string> {
  const { secretsManager } = localAwsClients();
  const { SecretString } = await secretsManager.send(
    new GetSecretValueCommand({ SecretId: stackInfo().webhookSecretId }),
  );
  return (JSON.parse(SecretString ?? '{}') as { current: string }).current;
}

/** A Dwolla event of a topic no other processor acts on, as Dwolla serialises it. */
function newEvent() {
  const eventId = randomUUID();
  const resourceId = randomUUID();
  const body = JSON.stringify({
    _links: {
      self: { href: `https://api-sandbox.dwolla.com/events/${eventId}` },
      resource: { href: `https://api-sandbox.dwolla.com/customers/${resourceId}` },
      account: { href: `https://api-sandbox.dwolla.com/accounts/${randomUUID()}` },
    },
    id: eventId,
    created: new Date().toISOString(),
    topic: 'customer_verified',
    resourceId,
  });
  return { eventId, resourceId, body };
}

function postWebhook(body: string | Buffer, headers: Record<string, string>): Promise<Response> {
  return documentedFetch(apiUrl('/webhooks/dwolla'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'dwolla-webhooks/1.1',
      ...headers,
    },
    body,
  });
}

const signatureOf = (secret: string, body: string | Buffer) => ({
  'X-Request-Signature-SHA-256': signWebhookBody(secret, Buffer.from(body)),
});

async function storedEventIds(resourceId: string): Promise<string[]> {
  const { ddb } = localAwsClients();
  const { Items = [] } = await ddb.send(
    new QueryCommand({
      TableName: stackInfo().tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': keys.resourcePk(resourceId), ':event': 'EVENT#' },
    }),
  );
  return Items.map((item) => item.eventId as string);
}

describe('Webhook intake through the local gateway', () => {
  it('answers a correctly signed webhook 200 and stores exactly one event', async () => {
    // Prepare
    const { eventId, resourceId, body } = newEvent();
    const secret = await currentSecret();

    // Act
    const response = await postWebhook(body, signatureOf(secret, body));
    await drain();

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    expect(await storedEventIds(resourceId)).toEqual([eventId]);
  });

  it('answers a duplicate delivery 200 and still stores one event', async () => {
    const { eventId, resourceId, body } = newEvent();
    const headers = signatureOf(await currentSecret(), body);

    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await postWebhook(body, headers)).status);
    await drain();

    expect(statuses).toEqual([200, 200, 200]);
    expect(await storedEventIds(resourceId)).toEqual([eventId]);
  });

  it('verifies a body API Gateway hands over base64-encoded', async () => {
    const { eventId, resourceId, body } = newEvent();
    const secret = await currentSecret();

    // A non-text content type makes the gateway base64-encode the body.
    const response = await postWebhook(body, {
      'content-type': 'application/octet-stream',
      ...signatureOf(secret, body),
    });
    await drain();

    expect(response.status).toBe(200);
    expect(await storedEventIds(resourceId)).toEqual([eventId]);
  });

  it.each([
    [
      'a tampered body',
      (secret: string, body: string) => ({
        body: body.replace('customer_verified', 'customer_suspended'),
        headers: signatureOf(secret, body),
      }),
    ],
    [
      'a wrong secret',
      (_secret: string, body: string) => ({
        body,
        headers: signatureOf('not-the-webhook-secret', body),
      }),
    ],
    ['a missing signature header', (_secret: string, body: string) => ({ body, headers: {} })],
    [
      'a signature over the re-serialised JSON',
      (secret: string, body: string) => ({
        body,
        headers: signatureOf(secret, JSON.stringify(JSON.parse(body), null, 2)),
      }),
    ],
  ])('refuses %s with 401 and stores nothing', async (_name, forge) => {
    // Prepare
    const { resourceId, body } = newEvent();
    const forged = forge(await currentSecret(), body);
    const before = (await invocations()).eventStore ?? 0;

    // Act
    const response = await postWebhook(forged.body, forged.headers);
    await drain();

    // Assess
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('InvalidSignature');
    expect(await storedEventIds(resourceId)).toEqual([]);
    expect((await invocations()).eventStore ?? 0).toBe(before);
  });

  it('refuses a body over 256 KiB with 413 and stores nothing', async () => {
    const { resourceId, body } = newEvent();
    const padded = `${body.slice(0, -1)},"padding":"${'x'.repeat(256 * 1024)}"}`;

    const response = await postWebhook(padded, signatureOf(await currentSecret(), padded));
    await drain();

    expect(response.status).toBe(413);
    expect(await storedEventIds(resourceId)).toEqual([]);
  });

  it('refuses a correctly signed body that is not a Dwolla event with a 400 ValidationError', async () => {
    const secret = await currentSecret();
    const notJson = '{"id": "evt",';
    const wrongShape = JSON.stringify({ id: randomUUID(), topic: 'customer_verified' });

    const malformed = await postWebhook(notJson, signatureOf(secret, notJson));
    const shapeless = await postWebhook(wrongShape, signatureOf(secret, wrongShape));

    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe('ValidationError');
    expect(shapeless.status).toBe(400);
    const { _embedded } = (await shapeless.json()) as { _embedded: { errors: { path: string }[] } };
    const paths = _embedded.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/resourceId', '/_links']));
  });
});
