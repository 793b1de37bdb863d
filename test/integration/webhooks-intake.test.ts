import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drain, invocations, stackInfo } from './support/local-stack.js';
import {
  newWebhookEvent as newEvent,
  postWebhook,
  readSecret,
  signatureOf,
  storedEventIds,
} from './support/pipeline.js';

describe('Webhook intake through the local gateway', () => {
  it('answers a correctly signed webhook 200 and stores exactly one event', async () => {
    // Prepare
    const { eventId, resourceId, body } = newEvent();
    const secret = (await readSecret(stackInfo().webhookSecretId)).current!;

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
    const headers = signatureOf((await readSecret(stackInfo().webhookSecretId)).current!, body);

    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await postWebhook(body, headers)).status);
    await drain();

    expect(statuses).toEqual([200, 200, 200]);
    expect(await storedEventIds(resourceId)).toEqual([eventId]);
  });

  it('verifies a body API Gateway hands over base64-encoded', async () => {
    const { eventId, resourceId, body } = newEvent();
    const secret = (await readSecret(stackInfo().webhookSecretId)).current!;

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
    const forged = forge((await readSecret(stackInfo().webhookSecretId)).current!, body);
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

    const response = await postWebhook(
      padded,
      signatureOf((await readSecret(stackInfo().webhookSecretId)).current!, padded),
    );
    await drain();

    expect(response.status).toBe(413);
    expect(await storedEventIds(resourceId)).toEqual([]);
  });

  it('refuses a correctly signed body that is not a Dwolla event with a 400 ValidationError', async () => {
    const secret = (await readSecret(stackInfo().webhookSecretId)).current!;
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
