import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { documentClient } from '../shared/adapters/aws-clients.js';
import { AUTHORIZER } from '../shared/api-keys/authorizer-settings.js';
import {
  type ApiKeyDecision,
  authorizeApiKey,
  DynamoDbApiKeyStore,
} from '../shared/api-keys/index.js';
import { loadConfig } from '../shared/config/load.js';
import { tableConfig } from '../shared/config/runtime.js';
import { lambdaHandler } from '../shared/observability/handler.js';
import { logger } from '../shared/observability/logger.js';
import { systemClock } from '../shared/ports/clock.js';

/**
 * HTTP API Lambda authorizer (payload 2.0, simple responses): allows a request whose
 * `x-api-key` header hashes to a stored key that is neither revoked nor expired, and answers
 * its principal (tenant, key id and name, scopes) as the context. The same module runs in AWS
 * and in the local gateway; both cache its answer per header value for
 * `AUTHORIZER.resultsCacheTtlSeconds`, so routes check scopes themselves.
 *
 * @example
 * ```ts
 * await handler(authorizerEvent, context); // { isAuthorized: true, context: { tenantId: 'default', keyId: 'key_…', keyName: 'local', scopes: 'accounts:read …' } }
 * ```
 */
const config = loadConfig(z.object(tableConfig));
const store = new DynamoDbApiKeyStore({ client: documentClient(), tableName: config.TABLE_NAME });

async function authorize(event: APIGatewayRequestAuthorizerEventV2): Promise<ApiKeyDecision> {
  const decision = await authorizeApiKey(
    store,
    event.headers?.[AUTHORIZER.identityHeader],
    systemClock.now(),
  );
  // Log the key's id and name, never the key (STYLE.md habit 7).
  if (decision.isAuthorized)
    logger.info('api key accepted', {
      tenantId: decision.context?.tenantId,
      keyId: decision.context?.keyId,
      keyName: decision.context?.keyName,
    });
  else logger.warn('api key rejected', { routeKey: event.routeKey });
  return decision;
}

export const handler = lambdaHandler(authorize);
