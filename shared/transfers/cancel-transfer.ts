import type * as z from 'zod/mini';
import { RefreshLeaseBusyError } from '../accounts/errors.js';
import { DwollaApiError, DwollaError } from '../dwolla/errors.js';
import { logger } from '../observability/logger.js';
import type { Clock } from '../ports/clock.js';
import type { DwollaApi } from '../ports/dwolla-api.js';
import type { AccountTokens } from '../ports/tokens.js';
import type { Principal } from '../tenancy/principal.js';
import { dwollaMessage } from './dwolla-answers.js';
import { CancelRefusedError, DwollaUnavailableError, TransferNotFoundError } from './errors.js';
import type { TransferStore } from './ports.js';
import type { cancelledTransferSchema } from './response-schemas.js';

/** The 200 body of `POST /transfers/{id}/cancel`, as the API document describes it. */
export type CancelledTransfer = Readonly<z.output<typeof cancelledTransferSchema>>;

/** What {@link cancelTransferUseCase} needs: ports only. */
export interface CancelTransferDeps {
  readonly transfers: Pick<TransferStore, 'get' | 'markCancelled'>;
  readonly tokens: AccountTokens;
  readonly dwolla: Pick<DwollaApi, 'cancelTransfer'>;
  readonly clock: Clock;
  /** `Retry-After` when Dwolla gave none. */
  readonly retryAfterSeconds?: number;
}

/**
 * Builds the `POST /transfers/{id}/cancel` use case: Dwolla's `POST /transfers/{id}
 * {status:"cancelled"}` with the token of the account that owns the leg
 * (https://developers.dwolla.com/docs/api-reference/transfers ("Cancel a transfer")), then the leg
 * moves to `cancelled` unless the webhook pipeline already recorded an equal or later status.
 * Dwolla refuses once the transfer is no longer pending ({@link CancelRefusedError}). Another
 * tenant's leg does not exist for the caller: 404 and no call to Dwolla. Who cancelled, and when,
 * is recorded on the leg.
 *
 * @example
 * ```ts
 * const cancel = cancelTransferUseCase({ transfers, tokens, dwolla, clock: systemClock });
 * await cancel('74c9129b-d14a-e511-80da-0aa34a9b2388', principal); // { id, status: 'cancelled' }
 * ```
 */
export function cancelTransferUseCase(
  deps: CancelTransferDeps,
): (transferId: string, principal: Principal) => Promise<CancelledTransfer> {
  const retryAfterSeconds = deps.retryAfterSeconds ?? 5;

  return async function cancelTransfer(transferId, principal) {
    const leg = await deps.transfers.get(transferId);
    if (!leg?.accountId || leg.tenantId !== principal.tenantId) {
      throw new TransferNotFoundError(transferId);
    }
    try {
      await deps.tokens.withAccountToken(leg.accountId, (token) =>
        deps.dwolla.cancelTransfer(token, transferId),
      );
    } catch (error) {
      throw cancelFailure(transferId, error, retryAfterSeconds);
    }
    const { tenantId, keyId, keyName } = principal;
    await deps.transfers.markCancelled(transferId, deps.clock.now(), { tenantId, keyId, keyName });
    logger.info('transfer cancelled', { transferId, accountId: leg.accountId, tenantId, keyId });
    return { id: transferId, status: 'cancelled' };
  };
}

function cancelFailure(transferId: string, error: unknown, retryAfterSeconds: number): unknown {
  if (error instanceof DwollaApiError && error.status === 404) {
    return new TransferNotFoundError(transferId);
  }
  if (
    error instanceof DwollaApiError &&
    !error.retryable &&
    [400, 403, 409].includes(error.status)
  ) {
    return new CancelRefusedError(error.code, dwollaMessage(error), { cause: error });
  }
  if ((error instanceof DwollaError && error.retryable) || error instanceof RefreshLeaseBusyError) {
    const after = error instanceof DwollaApiError ? error.retryAfterSeconds : undefined;
    return new DwollaUnavailableError(Math.max(1, Math.ceil(after ?? retryAfterSeconds)), {
      cause: error,
    });
  }
  return error;
}
