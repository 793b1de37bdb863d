/**
 * What this system calls at Dwolla (https://developers.dwolla.com/api-reference), independent of
 * how it is called. Implemented by `shared/dwolla/` (HTTP) and by typed fakes in tests. Every
 * method takes the bearer token to use, so callers decide whose token it is (an account's, or the
 * application's client-credentials token).
 */

/**
 * Parsed token endpoint response
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html).
 */
export interface DwollaTokenSet {
  readonly accessToken: string;
  /** Seconds. */
  readonly expiresIn: number;
  readonly refreshToken?: string;
  /** Seconds. */
  readonly refreshExpiresIn?: number;
  readonly scope?: string;
  readonly accountId?: string;
}

/** A HAL link set reduced to the links this system follows, as full URLs. */
export interface DwollaTransferLinks {
  readonly self: string;
  readonly source?: string;
  readonly destination?: string;
  readonly fundingTransfer?: string;
  readonly fundedTransfer?: string;
  readonly failure?: string;
  readonly cancel?: string;
  readonly billPayment?: string;
}

/**
 * `GET /transfers/{id}`
 * (https://developers.dwolla.com/docs/balance/api-reference/transfers/retrieve).
 */
export interface DwollaTransfer {
  readonly id: string;
  readonly status: 'pending' | 'processed' | 'failed' | 'cancelled' | 'reclaimed';
  readonly amount: { readonly value: string; readonly currency: string };
  readonly created: string;
  readonly correlationId?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly links: DwollaTransferLinks;
}

/** `GET /transfers/{id}/failure`. */
export interface DwollaTransferFailure {
  readonly code: string;
  readonly description: string;
  readonly explanation?: string;
}

/** One entry of `GET /events` (same shape as a webhook payload). */
export interface DwollaEvent {
  readonly id: string;
  readonly topic: string;
  readonly resourceId: string;
  readonly created: string;
  readonly correlationId?: string;
  readonly links: {
    readonly self: string;
    readonly resource: string;
    readonly account?: string;
    readonly customer?: string;
  };
  /** The event exactly as Dwolla returned it, re-serialisable into the pipeline. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface DwollaEventPage {
  readonly events: readonly DwollaEvent[];
  readonly total: number;
}

/**
 * `GET /bill-payments/{id}`
 * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html).
 */
export interface DwollaBillPayment {
  readonly id: string;
  readonly status: string;
  readonly correlationId?: string;
  readonly links: Readonly<Record<string, string>>;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface DwollaWebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly paused: boolean;
  readonly created: string;
}

/** Calls that need no bearer token: the token endpoint (client credentials from config). */
export interface DwollaAuthApi {
  /** `grant_type=authorization_code` with `redirect_uri`. */
  exchangeAuthorizationCode(input: { code: string; redirectUri: string }): Promise<DwollaTokenSet>;
  /** `grant_type=refresh_token`. Rejects with `InvalidRefreshTokenError` / `ExpiredRefreshTokenError`. */
  refresh(refreshToken: string): Promise<DwollaTokenSet>;
  /** `grant_type=client_credentials`: the application token (no refresh token). */
  clientCredentials(): Promise<DwollaTokenSet>;
}

/** Resource calls, each with the bearer token to use. */
export interface DwollaApi {
  /**
   * `POST /transfers` with `Idempotency-Key`. `body` is the exact serialised JSON to send; it is
   * sent byte for byte on every retry (https://developers.dwolla.com/api-reference).
   */
  createTransfer(
    token: string,
    input: { body: string; idempotencyKey: string },
  ): Promise<{ id: string; location: string }>;
  getTransfer(token: string, transferId: string): Promise<DwollaTransfer>;
  getTransferFailure(token: string, transferId: string): Promise<DwollaTransferFailure>;
  /** `POST /transfers/{id}` `{status:"cancelled"}`. */
  cancelTransfer(token: string, transferId: string): Promise<DwollaTransfer>;
  /** `GET /events?limit&offset`, newest first as Dwolla lists them. */
  listEvents(token: string, page: { limit: number; offset: number }): Promise<DwollaEventPage>;
  /** `GET /{accounts|customers}/{id}/transfers?correlationId=`. */
  searchTransfers(
    token: string,
    input: { owner: { accountId: string } | { customerId: string }; correlationId: string },
  ): Promise<readonly DwollaTransfer[]>;
  getBillPayment(token: string, billPaymentId: string): Promise<DwollaBillPayment>;
  listWebhookSubscriptions(token: string): Promise<readonly DwollaWebhookSubscription[]>;
  createWebhookSubscription(
    token: string,
    input: { url: string; secret: string },
  ): Promise<{ id: string }>;
  /** `POST /webhook-subscriptions/{id}` `{paused}`. */
  updateWebhookSubscription(token: string, id: string, input: { paused: boolean }): Promise<void>;
}
