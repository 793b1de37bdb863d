/** HAL helpers: every href is a full URL of the simulator, as Dwolla's are of its API host. */

import type { PartyRef } from './store.js';

/** Dwolla's media type (https://developers.dwolla.com/api-reference). */
export const HAL_JSON = 'application/vnd.dwolla.v1.hal+json';

export interface HalLink {
  readonly href: string;
  readonly type: string;
  readonly 'resource-type'?: string;
}

/**
 * Builds the full URLs of simulator resources.
 *
 * @example
 * ```ts
 * const urls = new SimUrls('http://127.0.0.1:4010');
 * urls.transfer('abc'); // 'http://127.0.0.1:4010/transfers/abc'
 * ```
 */
export class SimUrls {
  constructor(readonly base: string) {}

  account(id: string): string {
    return `${this.base}/accounts/${id}`;
  }
  customer(id: string): string {
    return `${this.base}/customers/${id}`;
  }
  party(party: PartyRef): string {
    return party.kind === 'account' ? this.account(party.id) : this.customer(party.id);
  }
  fundingSource(id: string): string {
    return `${this.base}/funding-sources/${id}`;
  }
  transfer(id: string): string {
    return `${this.base}/transfers/${id}`;
  }
  billPayment(id: string): string {
    return `${this.base}/bill-payments/${id}`;
  }
  event(id: string): string {
    return `${this.base}/events/${id}`;
  }
  webhookSubscription(id: string): string {
    return `${this.base}/webhook-subscriptions/${id}`;
  }
  webhook(id: string): string {
    return `${this.base}/webhooks/${id}`;
  }
}

/**
 * One HAL link object.
 *
 * @example
 * ```ts
 * link('http://127.0.0.1:4010/transfers/abc', 'transfer');
 * ```
 */
export function link(href: string, resourceType?: string): HalLink {
  return resourceType
    ? { href, type: HAL_JSON, 'resource-type': resourceType }
    : { href, type: HAL_JSON };
}
