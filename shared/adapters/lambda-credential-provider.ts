import { type FromEnvInit, fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The credential provider of the Lambda bundles. The CDK bundling (`LAMBDA_BUNDLING` in
 * `infra/constructs/dwolla-function.ts`) aliases `@aws-sdk/credential-provider-node` to this
 * module, so every SDK client's default chain becomes "read the environment". Lambda always puts
 * the execution role's credentials in `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
 * `AWS_SESSION_TOKEN`, so the SSO, INI, process, web-identity, IMDS and STS providers of the
 * default chain (about 120 KB minified, with the nested STS/SSO clients) can never be reached
 * there. Outside a bundle (local runner, tests) nothing is aliased and the default chain stays.
 *
 * @example
 * ```ts
 * // esbuild: { alias: { '@aws-sdk/credential-provider-node': 'shared/adapters/lambda-credential-provider.ts' } }
 * const credentials = await defaultProvider()();
 * ```
 */
export function defaultProvider(init: FromEnvInit = {}): ReturnType<typeof fromEnv> {
  return fromEnv(init);
}
