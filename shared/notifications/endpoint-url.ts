import { BlockList, isIP } from 'node:net';
import { EndpointUrlError } from './errors.js';

/** Resolves a host name to every address it has (`dns.promises.lookup(host, { all: true })`). */
export type HostResolver = (host: string) => Promise<readonly string[]>;

/** Where endpoints may point. */
export interface EndpointUrlPolicy {
  /** The local stack only: `http://127.0.0.1` and `http://localhost` (its built-in receiver). */
  readonly allowLoopbackHttp: boolean;
  readonly resolve: HostResolver;
}

// Addresses a notification must never reach: a request from inside AWS to one of them could
// read the instance metadata service (169.254.169.254) or a private service of the VPC.
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

/**
 * True when `address` is a public unicast address (not private, loopback, link-local, CGNAT,
 * multicast or reserved; IPv4-mapped IPv6 is judged as its IPv4 address).
 *
 * @example
 * ```ts
 * isPublicAddress('169.254.169.254'); // false
 * ```
 */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? mapped[1]! : address;
  const family = isIP(ip);
  if (family === 0) return false;
  return !FORBIDDEN.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * Checks an endpoint URL before anything is stored: `https` to a host whose every address is
 * public; locally also `http://127.0.0.1` / `http://localhost`. Throws {@link EndpointUrlError}
 * with a reason the caller may see.
 *
 * @example
 * ```ts
 * await checkEndpointUrl('https://app.example.com/hooks', { allowLoopbackHttp: false, resolve });
 * ```
 */
export async function checkEndpointUrl(raw: string, policy: EndpointUrlPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointUrlError('Must be an absolute URL.');
  }
  if (url.username !== '' || url.password !== '') {
    throw new EndpointUrlError('Must not carry credentials.');
  }
  if (policy.allowLoopbackHttp && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) {
    return url;
  }
  if (url.protocol !== 'https:') throw new EndpointUrlError('Must be an https URL.');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: readonly string[];
  try {
    addresses = isIP(host) !== 0 ? [host] : await policy.resolve(host);
  } catch (cause) {
    throw new EndpointUrlError(`Host ${host} does not resolve.`, { cause });
  }
  if (addresses.length === 0) throw new EndpointUrlError(`Host ${host} does not resolve.`);
  if (!addresses.every(isPublicAddress)) {
    throw new EndpointUrlError('Must not point to a private, loopback or link-local address.');
  }
  return url;
}
