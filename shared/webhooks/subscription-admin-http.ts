import { DwollaApiError } from '../dwolla/errors.js';
import type { DwollaApi } from '../ports/dwolla-api.js';
import type { WebhookSubscriptionAdmin } from './subscription.js';

/**
 * The {@link WebhookSubscriptionAdmin} of the provisioning CLI: the shared Dwolla client for
 * list/create/update, plus `DELETE /webhook-subscriptions/{id}`
 * (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("Delete a webhook
 * subscription")), which the shared client does not expose because no Lambda deletes a
 * subscription. A 404 counts as deleted, so a resumed rotation does not fail on it.
 *
 * @example
 * ```ts
 * const admin = webhookSubscriptionAdmin(createDwollaClient({ apiUrl }), { apiUrl });
 * ```
 */
export function webhookSubscriptionAdmin(
  dwolla: Pick<
    DwollaApi,
    'listWebhookSubscriptions' | 'createWebhookSubscription' | 'updateWebhookSubscription'
  >,
  options: { apiUrl: string; fetch?: typeof fetch },
): WebhookSubscriptionAdmin {
  const fetchImpl = options.fetch ?? fetch;
  const base = options.apiUrl.replace(/\/+$/, '');
  return {
    listWebhookSubscriptions: (token) => dwolla.listWebhookSubscriptions(token),
    createWebhookSubscription: (token, input) => dwolla.createWebhookSubscription(token, input),
    updateWebhookSubscription: (token, id, input) =>
      dwolla.updateWebhookSubscription(token, id, input),
    async deleteWebhookSubscription(token, id) {
      const path = `/webhook-subscriptions/${encodeURIComponent(id)}`;
      const response = await fetchImpl(`${base}${path}`, {
        method: 'DELETE',
        headers: {
          // https://developers.dwolla.com/api-reference.
          accept: 'application/vnd.dwolla.v1.hal+json',
          authorization: `Bearer ${token}`,
        },
      });
      if (response.ok || response.status === 404) return;
      const text = await response.text();
      let body: { code?: string; message?: string } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // Not JSON: the status alone describes the failure.
      }
      throw new DwollaApiError(
        response.status,
        body.code ?? 'Unknown',
        body.message ?? `DELETE ${path} answered ${response.status}`,
        [],
        response.headers.get('x-request-id') ?? undefined,
        'DELETE',
        path,
        { retryable: [429, 500, 502, 503, 504].includes(response.status) },
      );
    },
  };
}
