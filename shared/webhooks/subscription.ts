import type { DwollaApi, DwollaWebhookSubscription } from '../ports/dwolla-api.js';
import type { AppTokens } from '../ports/tokens.js';
import { SubscriptionStateError } from './errors.js';
import { generateWebhookSecret, type WebhookSecretStore } from './webhook-secrets.js';

/**
 * The webhook-subscription calls provisioning needs
 * (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions), all with the
 * application token. `deleteWebhookSubscription` is `DELETE /webhook-subscriptions/{id}`
 * (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("Delete a webhook
 * subscription")).
 */
export interface WebhookSubscriptionAdmin
  extends Pick<
    DwollaApi,
    'listWebhookSubscriptions' | 'createWebhookSubscription' | 'updateWebhookSubscription'
  > {
  deleteWebhookSubscription(token: string, id: string): Promise<void>;
}

export interface ProvisioningDependencies {
  readonly dwolla: WebhookSubscriptionAdmin;
  readonly appTokens: AppTokens;
  readonly secrets: WebhookSecretStore;
  /** Defaults to 32 random bytes, hex. */
  readonly generateSecret?: () => string;
}

/** What `subscribe` did. */
export interface SubscribeOutcome {
  readonly action: 'created' | 'unchanged' | 'unpaused';
  readonly subscriptionIds: readonly string[];
}

/** What `rotate-secret` did. */
export interface RotationOutcome {
  /** The subscription created with the new secret. */
  readonly subscriptionId: string;
  /** The subscriptions for the URL that existed before, now deleted. */
  readonly deletedSubscriptionIds: readonly string[];
  /** True when a rotation already in progress was resumed (its new secret reused). */
  readonly resumed: boolean;
}

function forUrl(
  subscriptions: readonly DwollaWebhookSubscription[],
  url: string,
): DwollaWebhookSubscription[] {
  return subscriptions.filter((subscription) => subscription.url === url);
}

/**
 * Registers the webhook URL with Dwolla (run after `cdk deploy`): when a subscription for the
 * URL exists it is kept (and unpaused when paused); otherwise one is created with the current
 * secret from Secrets Manager. Idempotent: running it twice changes nothing the second time.
 *
 * @example
 * ```ts
 * const outcome = await subscribeWebhook(deps, 'https://api.example.com/webhooks/dwolla');
 * outcome.action; // 'created'
 * ```
 */
export async function subscribeWebhook(
  deps: ProvisioningDependencies,
  url: string,
): Promise<SubscribeOutcome> {
  const existing = forUrl(
    await deps.appTokens.withAppToken((token) => deps.dwolla.listWebhookSubscriptions(token)),
    url,
  );
  if (existing.length > 0) {
    const paused = existing.filter((subscription) => subscription.paused);
    for (const subscription of paused) {
      await deps.appTokens.withAppToken((token) =>
        deps.dwolla.updateWebhookSubscription(token, subscription.id, { paused: false }),
      );
    }
    return {
      action: paused.length > 0 ? 'unpaused' : 'unchanged',
      subscriptionIds: existing.map((subscription) => subscription.id),
    };
  }
  const { current } = await deps.secrets.read();
  const { id } = await deps.appTokens.withAppToken((token) =>
    deps.dwolla.createWebhookSubscription(token, { url, secret: current }),
  );
  return { action: 'created', subscriptionIds: [id] };
}

/**
 * Rotates the webhook secret without losing a webhook. Dwolla cannot change a subscription's
 * secret (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("Update a webhook
 * subscription") only pauses), so:
 * 1. store `{ current: new, previous: old }` — the intake now accepts both;
 * 2. create a new subscription for the URL with the new secret;
 * 3. delete the URL's older subscriptions.
 * Between 2 and 3 an event may arrive twice, signed with each secret: both verify and the event
 * store keeps one. A run that failed half-way is resumed by running it again: when a rotation is
 * already in progress (`previous` is set) its new secret is reused, never replaced.
 * Finish with {@link finishSecretRotation} once the old subscription is gone.
 *
 * @example
 * ```ts
 * const { subscriptionId } = await rotateWebhookSecret(deps, 'https://api.example.com/webhooks/dwolla');
 * ```
 */
export async function rotateWebhookSecret(
  deps: ProvisioningDependencies,
  url: string,
): Promise<RotationOutcome> {
  const stored = await deps.secrets.read();
  const resumed = stored.previous !== undefined;
  let secret = stored.current;
  if (!resumed) {
    secret = (deps.generateSecret ?? generateWebhookSecret)();
    await deps.secrets.write({ current: secret, previous: stored.current });
  }
  const before = forUrl(
    await deps.appTokens.withAppToken((token) => deps.dwolla.listWebhookSubscriptions(token)),
    url,
  );
  const { id } = await deps.appTokens.withAppToken((token) =>
    deps.dwolla.createWebhookSubscription(token, { url, secret }),
  );
  for (const old of before) {
    await deps.appTokens.withAppToken((token) =>
      deps.dwolla.deleteWebhookSubscription(token, old.id),
    );
  }
  return {
    subscriptionId: id,
    deletedSubscriptionIds: before.map((subscription) => subscription.id),
    resumed,
  };
}

/**
 * Ends a rotation: drops `previous`, so only the new secret verifies. Run it once
 * `rotate-secret` has completed (the old subscription is deleted, so nothing signs with the old
 * secret any more). Throws {@link SubscriptionStateError} when no rotation is in progress.
 *
 * @example
 * ```ts
 * await finishSecretRotation(secretStore);
 * ```
 */
export async function finishSecretRotation(secrets: WebhookSecretStore): Promise<void> {
  const stored = await secrets.read();
  if (stored.previous === undefined) {
    throw new SubscriptionStateError(
      'No rotation in progress: the webhook secret has no previous value.',
    );
  }
  await secrets.write({ current: stored.current });
}
