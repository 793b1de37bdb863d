import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateEndpointSecret, signNotification } from '../../shared/notifications/signature.js';

describe('Function: signNotification', () => {
  const body = JSON.stringify({ type: 'transfer.failed', data: { id: 'abc' } });

  it('is verified unchanged by the standardwebhooks package', () => {
    // Prepare
    const secret = generateEndpointSecret();
    const now = Math.floor(Date.now() / 1000);

    // Act
    const headers = signNotification(secret, 'msg_abc_failed', now, body);

    // Assess
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(headers['webhook-id']).toBe('msg_abc_failed');
    expect(headers['webhook-timestamp']).toBe(String(now));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it('does not verify for another body, id, timestamp or secret', () => {
    // Prepare
    const secret = generateEndpointSecret();
    const now = Math.floor(Date.now() / 1000);
    const headers = signNotification(secret, 'msg_abc_failed', now, body);
    const hook = new Webhook(secret);

    // Assess
    expect(() => hook.verify(`${body} `, { ...headers })).toThrow();
    expect(() => hook.verify(body, { ...headers, 'webhook-id': 'msg_other' })).toThrow();
    expect(() => hook.verify(body, { ...headers, 'webhook-timestamp': String(now - 1) })).toThrow();
    expect(() => new Webhook(generateEndpointSecret()).verify(body, { ...headers })).toThrow();
  });

  it('signs with the key decoded from after whsec_ (the specification example)', () => {
    // Prepare: the example of the Standard Webhooks specification.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const payload = '{"test": 2432232314}';

    // Act
    const headers = signNotification(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, payload);

    // Assess
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});

describe('Function: generateEndpointSecret', () => {
  it('is whsec_ and base64 of at least 24 random bytes, different every time', () => {
    // Act
    const secrets = Array.from({ length: 20 }, generateEndpointSecret);

    // Assess
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    }
    expect(new Set(secrets).size).toBe(20);
  });
});
