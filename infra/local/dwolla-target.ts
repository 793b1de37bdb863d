import { randomBytes } from 'node:crypto';
import { DWOLLA_HOSTS, type LocalConfig } from './config.js';
import { type DwollaSimulator, startDwollaSimulator } from './dwolla-simulator/index.js';

/** The Dwolla the local stack talks to, and the credentials it was given. */
export interface DwollaTarget {
  readonly environment: LocalConfig['DWOLLA_ENVIRONMENT'];
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly authorizeUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookSecret: string;
  /** Present when the simulator runs. */
  readonly simulator?: DwollaSimulator;
}

function randomSecret(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Resolves the Dwolla URLs and credentials: `DWOLLA_API_URL` / `DWOLLA_TOKEN_URL` /
 * `DWOLLA_AUTHORIZE_URL` each override the environment's URL; in `simulator` mode the simulator
 * starts (random credentials unless given) only if at least one URL is left to it.
 *
 * @example
 * ```ts
 * const target = await startDwollaTarget(config, { rootDir });
 * ```
 */
export async function startDwollaTarget(
  config: LocalConfig,
  options: { port?: number } = {},
): Promise<DwollaTarget> {
  const credentials = {
    clientId: config.DWOLLA_CLIENT_ID ?? `local-${randomBytes(6).toString('hex')}`,
    clientSecret: config.DWOLLA_CLIENT_SECRET ?? randomSecret(),
    webhookSecret: config.DWOLLA_WEBHOOK_SECRET ?? randomSecret(),
  };
  const apiUrl = config.DWOLLA_API_URL;
  const tokenUrl = config.DWOLLA_TOKEN_URL;
  const authorizeUrl = config.DWOLLA_AUTHORIZE_URL;
  if (config.DWOLLA_ENVIRONMENT !== 'simulator') {
    const hosts = DWOLLA_HOSTS[config.DWOLLA_ENVIRONMENT];
    return {
      environment: config.DWOLLA_ENVIRONMENT,
      apiUrl: apiUrl ?? hosts.apiUrl,
      tokenUrl: tokenUrl ?? hosts.tokenUrl,
      authorizeUrl: authorizeUrl ?? hosts.authorizeUrl,
      ...credentials,
    };
  }
  if (apiUrl && tokenUrl && authorizeUrl) {
    return { environment: 'simulator', apiUrl, tokenUrl, authorizeUrl, ...credentials };
  }
  const simulator = await startDwollaSimulator({
    port: options.port ?? 0,
    host: '127.0.0.1',
    ...credentials,
  });
  return {
    environment: 'simulator',
    apiUrl: apiUrl ?? simulator.url,
    tokenUrl: tokenUrl ?? simulator.tokenUrl,
    authorizeUrl: authorizeUrl ?? simulator.authorizeUrl,
    ...credentials,
    simulator,
  };
}
