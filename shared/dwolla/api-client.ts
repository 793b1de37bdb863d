import type { DwollaApi } from '../ports/dwolla-api.js';
import { getBillPayment } from './bill-payments.js';
import { buildDwollaClient, type DwollaClientConfig } from './client-core.js';
import { listEvents } from './events.js';
import {
  cancelTransfer,
  createTransfer,
  getTransfer,
  getTransferFailure,
  searchTransfers,
} from './transfers.js';
import {
  createWebhookSubscription,
  listWebhookSubscriptions,
  updateWebhookSubscription,
} from './webhook-subscriptions.js';

/**
 * The whole resource API client, for the local CLI and tests. A Lambda builds only the
 * operations its use case names with {@link buildDwollaClient}, so its bundle leaves the others
 * (and their schemas) out.
 *
 * @example
 * ```ts
 * const dwolla = createDwollaClient({ apiUrl: config.DWOLLA_API_URL });
 * const transfer = await dwolla.getTransfer(accessToken, transferId);
 * ```
 */
export function createDwollaClient(config: DwollaClientConfig): DwollaApi {
  return buildDwollaClient(config, {
    createTransfer,
    getTransfer,
    getTransferFailure,
    cancelTransfer,
    listEvents,
    searchTransfers,
    getBillPayment,
    listWebhookSubscriptions,
    createWebhookSubscription,
    updateWebhookSubscription,
  });
}
