/**
 * Every route's OpenAPI description, one module per route family under `operations/`; the
 * shared types and parts in `operation-parts.ts`.
 */

import type { RouteKey } from '../definition.js';
import type { OperationDescription } from './operation-parts.js';
import { ACCOUNT_OPERATIONS } from './operations/accounts.js';
import { SYSTEM_OPERATIONS } from './operations/system.js';
import { TRANSFER_OPERATIONS } from './operations/transfers.js';
import { WEBHOOK_ENDPOINT_OPERATIONS } from './operations/webhook-endpoints.js';

export type {
  OperationDescription,
  ParameterDescription,
  ResponseDescription,
  ResponseHeader,
} from './operation-parts.js';

/**
 * Every route's description, keyed by its route key: the route table of `infra/definition.ts`
 * (which the CDK app and the local gateway read) cannot gain a route without one here.
 */
export const OPERATIONS: Readonly<Record<RouteKey, OperationDescription>> = {
  ...SYSTEM_OPERATIONS,
  ...ACCOUNT_OPERATIONS,
  ...TRANSFER_OPERATIONS,
  ...WEBHOOK_ENDPOINT_OPERATIONS,
};
