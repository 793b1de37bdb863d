import {
  AccountDisconnectedError,
  AccountNotFoundError,
  ReauthorizationRequiredError,
} from '../accounts/errors.js';
import { DwollaError } from '../dwolla/errors.js';
import { WebhookError } from './errors.js';

/**
 * What a failed Dwolla call during processing means for the SQS record:
 * - `unknownAccount` / `reauthorizationRequired`: the call can never be made with this account's
 * token; store what the event says and succeed (never fail forever,
 * https://developers.dwolla.com/guides/auth/authorization-code-flow.html: a lapsed account stops
 * sending events anyway);
 * - `permanent`: Dwolla refused the call for good (4xx other than 429, unexpected body);
 *   succeed, a later event of the same resource may try again;
 * - `retryable`: 429/5xx/network or our own storage failing; the record goes back to SQS
 *   (partial batch failure) and is redelivered with backoff, then to the DLQ
 *   (https://developers.dwolla.com/api-reference: retry 429/500/502/503/504 only).
 */
export type CallFailureKind =
  | 'unknownAccount'
  | 'reauthorizationRequired'
  | 'permanent'
  | 'retryable';

/**
 * Classifies an error thrown while calling Dwolla with an account's token.
 *
 * @example
 * ```ts
 * classifyCallFailure(new AccountNotFoundError('acc-1')); // 'unknownAccount'
 * ```
 */
export function classifyCallFailure(error: unknown): CallFailureKind {
  if (error instanceof AccountNotFoundError) return 'unknownAccount';
  // A disconnected account's legs keep what the events say, as for an unknown account.
  if (error instanceof AccountDisconnectedError) return 'unknownAccount';
  if (error instanceof ReauthorizationRequiredError) return 'reauthorizationRequired';
  if (error instanceof DwollaError) return error.retryable ? 'retryable' : 'permanent';
  return 'retryable';
}

/**
 * A one-time fetch of a resource from Dwolla failed in a way worth retrying; the SQS record is
 * reported as a batch item failure. Carries ids only.
 *
 * @example
 * ```ts
 * throw new ResourceFetchError('transfer', transferId, 'enrichment', { cause: error });
 * ```
 */
export class ResourceFetchError extends WebhookError {
  constructor(
    public readonly resource: 'transfer' | 'billPayment',
    public readonly resourceId: string,
    public readonly task: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Fetching ${resource} ${resourceId} (${task}) failed; the event will be retried.`,
      options,
    );
    this.name = 'ResourceFetchError';
  }
}
