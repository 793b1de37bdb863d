/**
 * What reads one Secrets Manager secret's text: the Parameters and Secrets Lambda Extension in
 * AWS and locally (`shared/adapters/secrets-extension-client.ts`), a typed fake in tests.
 *
 * @example
 * ```ts
 * const reader: SecretStringReader = { getSecretString: async () => '{"current":"…"}' };
 * ```
 */
export interface SecretStringReader {
  /** The secret's current `SecretString`; `undefined` for a binary secret. */
  getSecretString(secretId: string): Promise<string | undefined>;
}
