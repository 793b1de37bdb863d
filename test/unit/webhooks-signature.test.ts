import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  headerValue,
  SIGNATURE_HEADER,
  signWebhookBody,
  verifyWebhookSignature,
} from '../../shared/webhooks/signature.js';

const body = Buffer.from(
  '{"id":"evt-1","resourceId":"tr-1","topic":"transfer_created","created":"2026-01-01T00:00:00.000Z","_links":{"self":{"href":"https://api.dwolla.com/events/evt-1"},"resource":{"href":"https://api.dwolla.com/transfers/tr-1"}}}',
  'utf8',
);

describe('Function: signWebhookBody', () => {
  it('produces the lower-case hex HMAC-SHA256 Dwolla sends', () => {
    // Prepare: the well-known HMAC-SHA256 test vector
    const message = Buffer.from('The quick brown fox jumps over the lazy dog', 'utf8');

    // Act
    const signature = signWebhookBody('key', message);

    // Assess
    expect(signature).toBe('f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
  });
});

describe('Function: verifyWebhookSignature', () => {
  it('accepts the signature of the raw body under the current secret', () => {
    const signature = signWebhookBody('current-secret', body);

    expect(verifyWebhookSignature(body, signature, ['current-secret'])).toBe(true);
  });

  it('accepts the previous secret during a rotation', () => {
    const signature = signWebhookBody('previous-secret', body);

    expect(verifyWebhookSignature(body, signature, ['current-secret', 'previous-secret'])).toBe(
      true,
    );
  });

  it('refuses a signature made with another secret', () => {
    const signature = signWebhookBody('attacker-secret', body);

    expect(verifyWebhookSignature(body, signature, ['current-secret', 'previous-secret'])).toBe(
      false,
    );
  });

  it('refuses a tampered body', () => {
    const signature = signWebhookBody('current-secret', body);
    const tampered = Buffer.from(body.toString('utf8').replace('tr-1', 'tr-2'), 'utf8');

    expect(verifyWebhookSignature(tampered, signature, ['current-secret'])).toBe(false);
  });

  it('refuses a signature computed over re-serialised JSON (whitespace differs)', () => {
    const spaced = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 1));
    const signatureOfReserialised = signWebhookBody('current-secret', spaced);

    expect(verifyWebhookSignature(body, signatureOfReserialised, ['current-secret'])).toBe(false);
  });

  it('refuses a missing, empty or truncated signature without throwing', () => {
    const signature = signWebhookBody('current-secret', body);

    expect(verifyWebhookSignature(body, undefined, ['current-secret'])).toBe(false);
    expect(verifyWebhookSignature(body, '', ['current-secret'])).toBe(false);
    expect(verifyWebhookSignature(body, signature.slice(0, 63), ['current-secret'])).toBe(false);
    expect(verifyWebhookSignature(body, `${signature}00`, ['current-secret'])).toBe(false);
  });

  it('accepts any body signed with the secret and refuses it after any one byte changed', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.string({ minLength: 8 }),
        fc.nat(),
        (bytes, secret, position) => {
          const raw = Buffer.from(bytes);
          const signature = signWebhookBody(secret, raw);
          const altered = Buffer.from(raw);
          const index = position % altered.length;
          altered[index] = (altered[index]! + 1) % 256;

          expect(verifyWebhookSignature(raw, signature, [secret])).toBe(true);
          expect(verifyWebhookSignature(altered, signature, [secret])).toBe(false);
        },
      ),
    );
  });
});

describe('Function: headerValue', () => {
  it('finds the signature header whatever the case of its name', () => {
    expect(headerValue({ 'X-Request-Signature-SHA-256': 'a' }, SIGNATURE_HEADER)).toBe('a');
    expect(headerValue({ 'x-request-signature-sha-256': 'b' }, SIGNATURE_HEADER)).toBe('b');
    expect(headerValue({ 'X-REQUEST-SIGNATURE-SHA-256': 'c' }, SIGNATURE_HEADER)).toBe('c');
    expect(headerValue({ 'x-dwolla-topic': 'transfer_created' }, SIGNATURE_HEADER)).toBeUndefined();
    expect(headerValue(undefined, SIGNATURE_HEADER)).toBeUndefined();
  });
});
