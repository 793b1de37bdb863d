import * as z from 'zod/mini';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import { WebhookSecretUnavailableError } from './errors.js';

/**
 * The webhook signing secret as kept in Secrets Manager: the secret of the live subscription,
 * and during a rotation the one it replaces (both are accepted at the intake).
 */
export const webhookSecretsSchema = z.object({
  current: z.string().check(z.minLength(8)),
  previous: z.optional(z.string().check(z.minLength(8))),
});

/** `{ current, previous? }`; never logged. */
export type WebhookSecrets = z.infer<typeof webhookSecretsSchema>;

/**
 * The webhook secret from the secret's text (the JSON `{ "current": "...", "previous"?: "..." }`).
 * Any other text throws {@link WebhookSecretUnavailableError}, without the parse or zod error,
 * which would quote the secret's value.
 *
 * @example
 * ```ts
 * const { current } = parseWebhookSecrets('dwolla-serverless/webhook', output.SecretString);
 * ```
 */
export function parseWebhookSecrets(secretId: string, text: string | undefined): WebhookSecrets {
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch {
    throw new WebhookSecretUnavailableError(secretId);
  }
  const parsed = webhookSecretsSchema.safeParse(json);
  if (!parsed.success) throw new WebhookSecretUnavailableError(secretId);
  return parsed.data;
}

/**
 * Where the webhook secret is read from and written to (Secrets Manager in AWS and locally,
 * a typed fake in tests).
 */
export interface WebhookSecretStore {
  read(): Promise<WebhookSecrets>;
  write(secrets: WebhookSecrets): Promise<void>;
}

/** The secrets the intake currently accepts, cached per container. */
export interface WebhookSecretCache {
  /** The accepted secrets, current first (read at most every `maxAgeMs`). */
  secrets(): Promise<readonly string[]>;
  /**
   * Called after a signature matched none of the cached secrets: re-reads the secret when the
   * last read is older than `mismatchRefreshMs`, and returns the new list when it changed
   * (`undefined` otherwise, so the caller answers 401 without re-hashing).
   */
  secretsAfterMismatch(): Promise<readonly string[] | undefined>;
}

/** Cache timings; the defaults are the documented behaviour. */
export interface WebhookSecretCacheOptions {
  readonly clock?: Clock;
  /** Re-read the secret at least this often. Default 5 minutes. */
  readonly maxAgeMs?: number;
  /** After a mismatch, re-read at most this often. Default 60 s. */
  readonly mismatchRefreshMs?: number;
}

/**
 * Caches the webhook secret for a container's lifetime, so a rotation is picked up without a
 * cold start: the secret is re-read when the cached copy is older than 5 minutes, and on a
 * signature mismatch when the last read is older than 60 s. A flood of forged requests
 * therefore costs at most one Secrets Manager read per minute, while a rotation (new secret
 * written, then the subscription re-created with it) is accepted within a minute of the first
 * webhook signed with the new secret.
 *
 * @example
 * ```ts
 * const cache = createWebhookSecretCache(() => store.read());
 * const accepted = await cache.secrets(); // ['current', 'previous']
 * ```
 */
export function createWebhookSecretCache(
  load: () => Promise<WebhookSecrets>,
  options: WebhookSecretCacheOptions = {},
): WebhookSecretCache {
  const clock = options.clock ?? systemClock;
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const mismatchRefreshMs = options.mismatchRefreshMs ?? 60_000;
  let cached: { list: readonly string[]; readAt: number } | undefined;
  let inFlight: Promise<readonly string[]> | undefined;

  function reload(): Promise<readonly string[]> {
    inFlight ??= load()
      .then((value) => {
        const list = value.previous ? [value.current, value.previous] : [value.current];
        cached = { list, readAt: clock.now().getTime() };
        return list;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  return {
    async secrets() {
      if (cached && clock.now().getTime() - cached.readAt < maxAgeMs) return cached.list;
      return reload();
    },
    async secretsAfterMismatch() {
      if (cached && clock.now().getTime() - cached.readAt < mismatchRefreshMs) return undefined;
      const before = cached?.list;
      const after = await reload();
      const changed =
        !before || before.length !== after.length || before.some((s, i) => s !== after[i]);
      return changed ? after : undefined;
    },
  };
}

/**
 * A new random webhook secret (32 random bytes, hex).
 *
 * @example
 * ```ts
 * const secret = generateWebhookSecret(); // 64 hex characters
 * ```
 */
export function generateWebhookSecret(): string {
  return globalThis.crypto
    .getRandomValues(new Uint8Array(32))
    .reduce((hex, byte) => hex + byte.toString(16).padStart(2, '0'), '');
}
