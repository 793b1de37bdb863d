import type { AccountOwners } from '../webhooks/leg-store.js';
import { type AccountStore, ownerOf } from './ports.js';

/**
 * {@link AccountOwners} read from the account items, remembered per container once found: an
 * account's owner never changes once set (another tenant's connect is refused), so a cached
 * answer cannot go stale. "No owner" is not remembered, so an account connected later is seen.
 *
 * @example
 * ```ts
 * const owners = cachedAccountOwners(new DynamoDbAccountStore({ client, tableName }));
 * await owners.ownerOf('ca32853c-48fa-40be-ae75-77b37504581b'); // 'acme' | undefined
 * ```
 */
export function cachedAccountOwners(accounts: Pick<AccountStore, 'get'>): AccountOwners {
  const known = new Map<string, string>();
  return {
    async ownerOf(accountId) {
      const cached = known.get(accountId);
      if (cached !== undefined) return cached;
      const account = await accounts.get(accountId);
      if (!account) return undefined;
      const tenantId = ownerOf(account);
      known.set(accountId, tenantId);
      return tenantId;
    },
  };
}
