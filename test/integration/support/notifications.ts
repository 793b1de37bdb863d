import { randomUUID } from 'node:crypto';
import type { ReceivedNotification } from '../../../infra/local/notification-receiver.js';
import { assertDocumentedNotification } from './documented-answers.js';
import { apiFetch, stackInfo } from './local-stack.js';

/** A notification body as the contract defines it. */
export interface NotificationBody {
  readonly type: string;
  readonly timestamp: string;
  readonly data: {
    readonly id: string;
    readonly status: string;
    readonly previousStatus: string | null;
  } & Record<string, unknown>;
}

/** The built-in receiver's URL for an inbox. */
export function inboxUrl(inbox: string): string {
  return `${stackInfo().notificationReceiverUrl}/${inbox}`;
}

/** What an inbox received so far, each body checked against the document's `webhooks`. */
export async function received(inbox: string): Promise<ReceivedNotification[]> {
  const response = await fetch(inboxUrl(inbox));
  const messages = ((await response.json()) as { received: ReceivedNotification[] }).received;
  for (const message of messages) assertDocumentedNotification(message.body);
  return messages;
}

/** Sets an inbox up (and empties it). */
export async function setUpInbox(
  inbox: string,
  settings: { secret?: string; failFirstAttempts?: number; delayMs?: number },
): Promise<void> {
  await fetch(inboxUrl(inbox), { method: 'PUT', body: JSON.stringify(settings) });
}

/**
 * Registers an endpoint on a fresh receiver inbox that verifies with its secret.
 *
 * @example
 * ```ts
 * const endpoint = await registerInbox({ types: ['transfer.failed'] });
 * ```
 */
export async function registerInbox(
  options: { types?: string[]; failFirstAttempts?: number; delayMs?: number; apiKey?: string } = {},
): Promise<{ id: string; inbox: string; secret: string }> {
  const inbox = `in-${randomUUID()}`;
  const response = await apiFetch('/webhook-endpoints', {
    method: 'POST',
    body: JSON.stringify({
      url: inboxUrl(inbox),
      ...(options.types ? { types: options.types } : {}),
    }),
    ...(options.apiKey ? { headers: { 'x-api-key': options.apiKey } } : {}),
  });
  if (response.status !== 201)
    throw new Error(`register answered ${response.status}: ${await response.text()}`);
  const created = (await response.json()) as { id: string; secret: string };
  await setUpInbox(inbox, {
    secret: created.secret,
    ...(options.failFirstAttempts ? { failFirstAttempts: options.failFirstAttempts } : {}),
    ...(options.delayMs ? { delayMs: options.delayMs } : {}),
  });
  return { id: created.id, inbox, secret: created.secret };
}
