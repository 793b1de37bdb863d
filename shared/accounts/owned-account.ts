import { AccountNotFoundError } from './errors.js';
import { type AccountRecord, type AccountStore, ownerOf } from './ports.js';

/**
 * The account when `tenantId` owns it; otherwise an {@link AccountNotFoundError}, whether the
 * account was never connected or belongs to another tenant: for the caller it does not exist.
 *
 * @example
 * ```ts
 * const account = await ownedAccount(accounts, accountId, principal.tenantId);
 * ```
 */
export async function ownedAccount(
  accounts: Pick<AccountStore, 'get'>,
  accountId: string,
  tenantId: string,
): Promise<AccountRecord> {
  const account = await accounts.get(accountId);
  if (!account || ownerOf(account) !== tenantId) throw new AccountNotFoundError(accountId);
  return account;
}
