/** HAL representations of simulator resources, shaped like Dwolla's responses. */

import { link, type SimUrls } from './hal.js';
import type {
  SimAccountRecord,
  SimBillPayment,
  SimCustomerRecord,
  SimEvent,
  SimFundingSourceRecord,
  SimLeg,
  SimStore,
} from './store.js';

/**
 * Turns records into Dwolla-shaped JSON.
 *
 * @example
 * ```ts
 * const views = new SimViews(store, urls);
 * const body = views.transfer(leg);
 * ```
 */
export class SimViews {
  constructor(
    private readonly store: SimStore,
    private readonly urls: SimUrls,
  ) {}

  /**
   * `GET /transfers/{id}`
   * (https://developers.dwolla.com/docs/balance/api-reference/transfers/retrieve,
   * https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/,
   * https://developers.dwolla.com/docs/balance/transfer-lifecycle): `funding-transfer` and
   * `funded-transfer` link the chain both ways; `cancel` while pending, `failure` once failed,
   * `bill-payment` for bill payments
   * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html).
   */
  transfer(leg: SimLeg): Record<string, unknown> {
    const source = this.store.fundingSources.get(leg.sourceId)!;
    const destination = this.store.fundingSources.get(leg.destinationId)!;
    const links: Record<string, unknown> = {
      self: link(this.urls.transfer(leg.id), 'transfer'),
      source: link(this.urls.party(source.owner), source.owner.kind),
      'source-funding-source': link(this.urls.fundingSource(source.id), 'funding-source'),
      destination: link(this.urls.party(destination.owner), destination.owner.kind),
      'destination-funding-source': link(this.urls.fundingSource(destination.id), 'funding-source'),
    };
    if (leg.fundingTransferId) {
      links['funding-transfer'] = link(this.urls.transfer(leg.fundingTransferId), 'transfer');
    }
    if (leg.fundedTransferId) {
      links['funded-transfer'] = link(this.urls.transfer(leg.fundedTransferId), 'transfer');
    }
    if (leg.status === 'pending') links.cancel = link(this.urls.transfer(leg.id), 'transfer');
    if (leg.status === 'failed' && leg.failure) {
      links.failure = link(`${this.urls.transfer(leg.id)}/failure`, 'failure');
    }
    if (leg.billPaymentId) {
      links['bill-payment'] = link(this.urls.billPayment(leg.billPaymentId), 'bill-payment');
    }
    return {
      _links: links,
      id: leg.id,
      status: leg.status,
      amount: leg.amount,
      created: leg.created,
      clearing: { source: 'standard' },
      ...(leg.metadata ? { metadata: leg.metadata } : {}),
      ...(leg.correlationId ? { correlationId: leg.correlationId } : {}),
      individualAchId: leg.individualAchId,
    };
  }

  /**
   * `GET /transfers/{id}/failure`
   * (https://developers.dwolla.com/api-reference/transfers/retrieve-a-transfer-failure-reason).
   */
  failure(leg: SimLeg): Record<string, unknown> {
    const failure = leg.failure!;
    return {
      _links: {
        self: link(`${this.urls.transfer(leg.id)}/failure`, 'failure'),
        'failed-funding-source': link(
          this.urls.fundingSource(failure.fundingSourceId),
          'funding-source',
        ),
      },
      code: failure.code,
      description: failure.description,
      explanation: failure.explanation,
    };
  }

  /**
   * `GET /{accounts|customers}/{id}/transfers`
   * (https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/
   * response shape).
   */
  transferPage(selfUrl: string, legs: readonly SimLeg[], limit: number, offset: number) {
    const newestFirst = [...legs].reverse();
    return {
      _links: pageLinks(selfUrl, newestFirst.length, limit, offset, 'transfer'),
      _embedded: {
        transfers: newestFirst.slice(offset, offset + limit).map((leg) => this.transfer(leg)),
      },
      total: legs.length,
    };
  }

  /**
   * `GET /events` (https://developers.dwolla.com/docs/balance/api-reference/events/list): newest
   * first.
   */
  eventPage(
    selfUrl: string,
    events: readonly SimEvent[],
    total: number,
    limit: number,
    offset: number,
  ) {
    return {
      _links: pageLinks(selfUrl, total, limit, offset, 'event'),
      _embedded: { events: events.map((event) => event.payload) },
      total,
    };
  }

  /**
   * `GET /bill-payments/{id}`
   * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html ("Retrieving a
   * bill payment")).
   */
  billPayment(billPayment: SimBillPayment): Record<string, unknown> {
    return {
      _links: {
        self: link(this.urls.billPayment(billPayment.id), 'bill-payment'),
        ...(billPayment.transferId
          ? { transfers: link(this.urls.transfer(billPayment.transferId), 'transfer') }
          : {}),
      },
      id: billPayment.id,
      billedFor: billPayment.billedFor,
      created: billPayment.created,
      status: billPayment.status,
      correlationId: billPayment.correlationId,
    };
  }

  account(account: SimAccountRecord): Record<string, unknown> {
    const url = this.urls.account(account.id);
    return {
      _links: {
        ...partyLinks(url, 'account'),
        customers: link(`${this.urls.base}/customers`, 'customer'),
      },
      id: account.id,
      name: account.name,
      created: account.created,
    };
  }

  customer(customer: SimCustomerRecord): Record<string, unknown> {
    const url = this.urls.customer(customer.id);
    return {
      _links: partyLinks(url, 'customer'),
      id: customer.id,
      firstName: customer.firstName,
      lastName: customer.lastName,
      type: customer.type === 'verified' ? 'personal' : customer.type,
      status: customer.type === 'verified' ? 'verified' : 'unverified',
      created: customer.created,
    };
  }

  fundingSource(source: SimFundingSourceRecord): Record<string, unknown> {
    return {
      _links: {
        self: link(this.urls.fundingSource(source.id), 'funding-source'),
        [source.owner.kind]: link(this.urls.party(source.owner), source.owner.kind),
      },
      id: source.id,
      status: 'verified',
      type: source.type,
      ...(source.type === 'bank' ? { bankAccountType: 'checking' } : {}),
      name: source.name,
      created: source.created,
      removed: source.removed,
    };
  }

  fundingSourceList(selfUrl: string, sources: readonly SimFundingSourceRecord[]) {
    return {
      _links: { self: link(selfUrl, 'funding-source') },
      _embedded: { 'funding-sources': sources.map((source) => this.fundingSource(source)) },
    };
  }
}

function pageLinks(selfUrl: string, total: number, limit: number, offset: number, type: string) {
  const page = (at: number) =>
    link(`${selfUrl}${selfUrl.includes('?') ? '&' : '?'}limit=${limit}&offset=${at}`, type);
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  return {
    self: link(selfUrl, type),
    first: page(0),
    last: page(lastOffset),
    ...(offset + limit < total ? { next: page(offset + limit) } : {}),
    ...(offset > 0 ? { prev: page(Math.max(0, offset - limit)) } : {}),
  };
}

/** The links of an account or a customer: itself, its funding sources, its transfers. */
function partyLinks(url: string, kind: 'account' | 'customer') {
  return {
    self: link(url, kind),
    'funding-sources': link(`${url}/funding-sources`, 'funding-source'),
    transfers: link(`${url}/transfers`, 'transfer'),
  };
}
