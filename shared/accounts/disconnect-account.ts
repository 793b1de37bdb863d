import { logger } from '../observability/logger.js';
import type { Clock } from '../ports/clock.js';
import type { TokenSecretLifecycle } from '../ports/tokens.js';
import type { Principal } from '../tenancy/principal.js';
import { ownedAccount } from './owned-account.js';
import type { AccountRecord, AccountStore } from './ports.js';

/**
 * How long a disconnected account's token secret can still be restored by a reconnect: the
 * shortest recovery window Secrets Manager allows (7 to 30 days).
 */
export const TOKEN_SECRET_RECOVERY_DAYS = 7;

/** What {@link disconnectAccountUseCase} needs: ports only. */
export interface DisconnectAccountDeps {
  readonly accounts: Pick<AccountStore, 'get' | 'markDisconnected'>;
  readonly secrets: Pick<TokenSecretLifecycle, 'scheduleDeletion'>;
  readonly clock: Clock;
}

/**
 * Builds the `DELETE /accounts/{accountId}` use case: the caller's account becomes
 * `disconnected` (out of the refresh schedule, so it is never refreshed again, and refused by
 * `POST /transfers`), then its token secret is scheduled for deletion with a
 * {@link TOKEN_SECRET_RECOVERY_DAYS}-day recovery window. Its legs and events stay readable.
 * Repeating it changes nothing; another tenant's account does not exist for the caller.
 *
 * @example
 * ```ts
 * const disconnect = disconnectAccountUseCase({ accounts, secrets: vault, clock: systemClock });
 * const account = await disconnect(accountId, principal); // status: 'disconnected'
 * ```
 */
export function disconnectAccountUseCase(
  deps: DisconnectAccountDeps,
): (accountId: string, principal: Principal) => Promise<AccountRecord> {
  return async function disconnectAccount(accountId, principal) {
    const account = await ownedAccount(deps.accounts, accountId, principal.tenantId);
    const at = deps.clock.now().toISOString();
    // The status first: from here on nothing refreshes the tokens, so none is written to a
    // secret that is being deleted.
    await deps.accounts.markDisconnected(accountId, at);
    await deps.secrets.scheduleDeletion(accountId, TOKEN_SECRET_RECOVERY_DAYS);
    logger.info('account disconnected', {
      accountId,
      tenantId: principal.tenantId,
      keyId: principal.keyId,
    });
    // What markDisconnected wrote; the first disconnect's time stays, as in the table.
    return { ...account, status: 'disconnected', disconnectedAt: account.disconnectedAt ?? at };
  };
}
