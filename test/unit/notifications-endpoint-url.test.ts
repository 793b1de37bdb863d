import { describe, expect, it } from 'vitest';
import { checkEndpointUrl, isPublicAddress } from '../../shared/notifications/endpoint-url.js';
import { EndpointUrlError } from '../../shared/notifications/errors.js';

const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses;
const deployed = (resolve = resolvesTo('93.184.216.34')) => ({ allowLoopbackHttp: false, resolve });
const local = { allowLoopbackHttp: true, resolve: resolvesTo('93.184.216.34') };

describe('Function: checkEndpointUrl', () => {
  it('accepts an https URL whose host resolves to public addresses only', async () => {
    // Act
    const url = await checkEndpointUrl('https://app.example.com/hooks?x=1', deployed());

    // Assess
    expect(url.href).toBe('https://app.example.com/hooks?x=1');
  });

  it.each([
    ['http://app.example.com/hooks', 'Must be an https URL.'],
    ['not a url', 'Must be an absolute URL.'],
    ['https://user:pass@app.example.com/', 'Must not carry credentials.'],
    [
      'https://169.254.169.254/latest/meta-data',
      'Must not point to a private, loopback or link-local address.',
    ],
    ['https://[::1]/', 'Must not point to a private, loopback or link-local address.'],
    ['https://[::ffff:10.0.0.1]/', 'Must not point to a private, loopback or link-local address.'],
    ['http://127.0.0.1:3000/hooks', 'Must be an https URL.'],
  ])('refuses %s deployed', async (raw, reason) => {
    // Act
    const check = checkEndpointUrl(raw, deployed());

    // Assess
    await expect(check).rejects.toThrow(new EndpointUrlError(reason));
  });

  it('refuses a host with any private, loopback or link-local address', async () => {
    // Assess
    for (const address of [
      '10.1.2.3',
      '127.0.0.1',
      '169.254.169.254',
      '192.168.0.1',
      'fd00::1',
      'fe80::1',
    ]) {
      await expect(
        checkEndpointUrl(
          'https://rebind.example.com/',
          deployed(resolvesTo('93.184.216.34', address)),
        ),
      ).rejects.toBeInstanceOf(EndpointUrlError);
    }
  });

  it('refuses a host that does not resolve', async () => {
    // Prepare
    const failing = async () => {
      throw new Error('ENOTFOUND');
    };

    // Assess
    await expect(checkEndpointUrl('https://nowhere.invalid/', deployed(failing))).rejects.toThrow(
      'Host nowhere.invalid does not resolve.',
    );
  });

  it('allows http on 127.0.0.1 and localhost only in the local stack', async () => {
    // Assess
    await expect(checkEndpointUrl('http://127.0.0.1:3000/in', local)).resolves.toBeInstanceOf(URL);
    await expect(checkEndpointUrl('http://localhost:3000/in', local)).resolves.toBeInstanceOf(URL);
    await expect(checkEndpointUrl('http://10.0.0.1/in', local)).rejects.toThrow(
      'Must be an https URL.',
    );
    await expect(checkEndpointUrl('http://localhost:3000/in', deployed())).rejects.toThrow(
      'Must be an https URL.',
    );
  });
});

describe('Function: isPublicAddress', () => {
  it('tells public unicast addresses from reserved ones', () => {
    // Assess
    expect(['93.184.216.34', '2606:2800:220:1::1', '8.8.8.8'].map(isPublicAddress)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['0.0.0.0', '100.64.0.1', '172.16.5.4', '224.0.0.1', '::', 'not-an-ip'].map(isPublicAddress),
    ).toEqual([false, false, false, false, false, false]);
  });
});
