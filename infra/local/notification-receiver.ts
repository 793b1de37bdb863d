import { Webhook } from 'standardwebhooks';
import { headerValue, jsonResponse } from './gateway-answers.js';
import type { GatewayRequest, GatewayResponse } from './gateway-events.js';

/** How an inbox answers and checks what it receives. */
export interface InboxSettings {
  /** The endpoint's secret (`whsec_…`): every message is verified with `standardwebhooks`. */
  readonly secret?: string;
  /** Answer 500 to the first N attempts of every `webhook-id` (to watch the retries). */
  readonly failFirstAttempts?: number;
  /** Answer each request only after this long (a slow app). */
  readonly delayMs?: number;
}

/** One request the inbox received. */
export interface ReceivedNotification {
  readonly webhookId: string;
  readonly webhookTimestamp: string;
  readonly receivedAt: string;
  /** The status the inbox answered. */
  readonly answered: number;
  /** True when `standardwebhooks` verified it with the inbox's secret. */
  readonly verified: boolean;
  readonly rawBody: string;
  readonly body: unknown;
}

interface Inbox {
  settings: InboxSettings;
  received: ReceivedNotification[];
  attempts: Map<string, number>;
}

/** Base path of the receiver on the local gateway. */
export const RECEIVER_PATH = '/__local/receiver/inboxes/';

function verify(secret: string | undefined, rawBody: string, request: GatewayRequest): boolean {
  if (!secret) return false;
  try {
    new Webhook(secret).verify(rawBody, {
      'webhook-id': headerValue(request, 'webhook-id') ?? '',
      'webhook-timestamp': headerValue(request, 'webhook-timestamp') ?? '',
      'webhook-signature': headerValue(request, 'webhook-signature') ?? '',
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * The local stack's built-in app receiver (never deployed): named inboxes on the local gateway
 * that an endpoint can point at (`http://127.0.0.1:<port>/__local/receiver/inboxes/<name>`).
 * Each verifies what it gets with the `standardwebhooks` package, as an app would, and keeps it
 * for the connect page's Notifications panel and the tests:
 * - `PUT <inbox>` `{ secret?, failFirstAttempts?, delayMs? }` sets it up (and empties it);
 * - `POST <inbox>` is a delivery;
 * - `GET <inbox>` → `{ received: [...] }`.
 *
 * @example
 * ```ts
 * const receiver = createNotificationReceiver();
 * const response = await receiver.handle(request, path);
 * ```
 */
export function createNotificationReceiver(): {
  handle(request: GatewayRequest, path: string): Promise<GatewayResponse> | undefined;
} {
  const inboxes = new Map<string, Inbox>();
  const inboxOf = (name: string) => {
    let inbox = inboxes.get(name);
    if (!inbox) {
      inbox = { settings: {}, received: [], attempts: new Map() };
      inboxes.set(name, inbox);
    }
    return inbox;
  };
  return {
    handle(request, path) {
      if (!path.startsWith(RECEIVER_PATH)) return undefined;
      return answer(request, path);
    },
  };

  async function answer(request: GatewayRequest, path: string): Promise<GatewayResponse> {
    const name = decodeURIComponent(path.slice(RECEIVER_PATH.length));
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) return jsonResponse(404, { message: 'Not Found' });
    const inbox = inboxOf(name);
    const rawBody = request.body.toString('utf8');
    if (request.method === 'PUT') {
      const settings = (rawBody.trim() === '' ? {} : JSON.parse(rawBody)) as InboxSettings;
      inboxes.set(name, { settings, received: [], attempts: new Map() });
      return jsonResponse(200, { inbox: name });
    }
    if (request.method === 'GET') return jsonResponse(200, { received: inbox.received });
    if (request.method !== 'POST') return jsonResponse(405, { message: 'Method Not Allowed' });
    const { delayMs } = inbox.settings;
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const webhookId = headerValue(request, 'webhook-id') ?? '';
    const attempt = (inbox.attempts.get(webhookId) ?? 0) + 1;
    inbox.attempts.set(webhookId, attempt);
    const answered = attempt <= (inbox.settings.failFirstAttempts ?? 0) ? 500 : 204;
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    inbox.received.push({
      webhookId,
      webhookTimestamp: headerValue(request, 'webhook-timestamp') ?? '',
      receivedAt: new Date().toISOString(),
      answered,
      verified: verify(inbox.settings.secret, rawBody, request),
      rawBody,
      body,
    });
    return answered === 204
      ? { status: 204, headers: {}, body: Buffer.alloc(0) }
      : jsonResponse(500, { message: 'failing on purpose' });
  }
}
