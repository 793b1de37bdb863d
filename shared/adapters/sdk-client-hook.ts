/**
 * The one seam between the SDK clients the entry files build and the process hosting them. In
 * Lambda nothing is registered and a client is returned as built; the local runner registers a
 * hook that adds its access-check middleware (`infra/local/access-check.ts`), so a call the
 * function's IAM role would refuse fails locally too. Kept on `globalThis` under a registered
 * symbol, so that a bundled entry file (its own copy of this module) meets the same hook.
 */
const HOOK = Symbol.for('dwolla-serverless.sdk-client-hook');

/** What a hook receives: any SDK client (each has its own middleware stack). */
export interface HookableClient {
  readonly middlewareStack: {
    add(middleware: never, options: { step: 'build'; name: string }): void;
  };
}

/** A host's hook: called once with each client the factories build. */
export type SdkClientHook = (client: HookableClient) => void;

/**
 * Hands a freshly built client to the host's hook, if any, and returns it.
 *
 * @example
 * ```ts
 * return withHostHook(new SNSClient({ endpoint: endpointFor('SNS') }));
 * ```
 */
export function withHostHook<C extends HookableClient>(client: C): C {
  const hook = (globalThis as { [HOOK]?: SdkClientHook })[HOOK];
  hook?.(client);
  return client;
}

/**
 * Registers (or, with `undefined`, removes) the host's hook. Only the local runner calls it.
 *
 * @example
 * ```ts
 * setSdkClientHook((client) => client.middlewareStack.add(check, { step: 'build', name: 'check' }));
 * ```
 */
export function setSdkClientHook(hook: SdkClientHook | undefined): void {
  (globalThis as { [HOOK]?: SdkClientHook })[HOOK] = hook;
}
