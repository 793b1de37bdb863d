import { type HttpAnswer, type PublicError, validationAnswer } from '../http/errors.js';

/**
 * Typed errors of the accounts module (OAuth connect and the token lifecycle).
 * Messages carry account ids at most, never a token, an authorization code or a state value.
 * Those a caller can meet carry their {@link HttpAnswer}, the same on every route.
 */

/**
 * Base class of every error raised by `shared/accounts/`.
 *
 * @example
 * ```ts
 * if (error instanceof AccountsError) logger.warn('accounts error', { name: error.name });
 * ```
 */
export class AccountsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AccountsError';
  }
}

/**
 * The account was never connected through OAuth (no metadata and no token pair).
 *
 * @example
 * ```ts
 * throw new AccountNotFoundError('ca32853c-48fa-40be-ae75-77b37504581b');
 * ```
 */
export class AccountNotFoundError extends AccountsError implements PublicError {
  constructor(
    public readonly accountId: string,
    options?: { cause?: unknown },
  ) {
    super(`Account ${accountId} is not connected.`, options);
    this.name = 'AccountNotFoundError';
  }

  get httpAnswer(): HttpAnswer {
    return { statusCode: 404, body: { code: 'NotFound', message: 'Account not found.' } };
  }
}

/**
 * The Dwolla account is already owned by another tenant: a second tenant connecting it gets
 * nothing, and the owner's account, tokens and legs stay untouched.
 *
 * @example
 * ```ts
 * throw new AccountUnavailableError('ca32853c-48fa-40be-ae75-77b37504581b');
 * ```
 */
export class AccountUnavailableError extends AccountsError {
  constructor(
    public readonly accountId: string,
    options?: { cause?: unknown },
  ) {
    super(`Account ${accountId} is connected by another tenant.`, options);
    this.name = 'AccountUnavailableError';
  }
}

/**
 * The account was disconnected (`DELETE /accounts/{id}`): nothing is sent to Dwolla for it
 * until its owner connects it again.
 *
 * @example
 * ```ts
 * throw new AccountDisconnectedError('ca32853c-48fa-40be-ae75-77b37504581b');
 * ```
 */
export class AccountDisconnectedError extends AccountsError implements PublicError {
  constructor(
    public readonly accountId: string,
    options?: { cause?: unknown },
  ) {
    super(`Account ${accountId} is disconnected; connect it again through OAuth.`, options);
    this.name = 'AccountDisconnectedError';
  }

  get httpAnswer(): HttpAnswer {
    return {
      statusCode: 409,
      body: {
        code: 'AccountDisconnected',
        message: 'The account was disconnected; connect it again through OAuth first.',
      },
    };
  }
}

/**
 * Dwolla refused the account's refresh token (`Invalid refresh token.` / `Expired refresh token.`,
 * https://developers.dwolla.com/resources/oauth-refresh-strategies.html): the account must go
 * through OAuth again.
 *
 * @example
 * ```ts
 * throw new ReauthorizationRequiredError(accountId);
 * ```
 */
export class ReauthorizationRequiredError extends AccountsError implements PublicError {
  constructor(
    public readonly accountId: string,
    options?: { cause?: unknown },
  ) {
    super(`Account ${accountId} must be reauthorized through OAuth.`, options);
    this.name = 'ReauthorizationRequiredError';
  }

  get httpAnswer(): HttpAnswer {
    return {
      statusCode: 409,
      body: {
        code: 'ReauthorizationRequired',
        message: 'The account must be connected again through OAuth.',
        reason: 'reauthorization_required',
      },
    };
  }
}

/**
 * Another worker holds the account's refresh lease and no new token pair appeared in the vault
 * within the bounded wait. Retryable.
 *
 * @example
 * ```ts
 * throw new RefreshLeaseBusyError(accountId);
 * ```
 */
export class RefreshLeaseBusyError extends AccountsError {
  constructor(public readonly accountId: string) {
    super(`A token refresh of account ${accountId} is already running.`);
    this.name = 'RefreshLeaseBusyError';
  }
}

/** Why an OAuth `state` was refused by the callback. */
export type InvalidStateReason = 'missing' | 'unknown' | 'expired';

/**
 * The callback's `state` is missing, unknown, expired or was already used: the request is not
 * ours, so no token call is made.
 *
 * @example
 * ```ts
 * throw new InvalidOAuthStateError('expired');
 * ```
 */
export class InvalidOAuthStateError extends AccountsError implements PublicError {
  constructor(public readonly reason: InvalidStateReason) {
    super(
      {
        missing: 'The state parameter is missing.',
        unknown: 'The state is unknown or was already used.',
        expired: 'The state has expired; start the connection again.',
      }[reason],
    );
    this.name = 'InvalidOAuthStateError';
  }

  get httpAnswer(): HttpAnswer {
    return { statusCode: 400, body: { code: 'InvalidState', message: this.message } };
  }
}

/**
 * A `returnTo` URL that does not start with an entry of `OAUTH_RETURN_URL_ALLOWLIST`.
 *
 * @example
 * ```ts
 * throw new ReturnUrlNotAllowedError();
 * ```
 */
export class ReturnUrlNotAllowedError extends AccountsError implements PublicError {
  constructor() {
    super('returnTo is not an allowed return URL.');
    this.name = 'ReturnUrlNotAllowedError';
  }

  get httpAnswer(): HttpAnswer {
    return validationAnswer([
      {
        code: 'NotAllowed',
        message: 'Must start with an entry of the return URL allowlist.',
        path: '/returnTo',
      },
    ]);
  }
}

/**
 * The token endpoint answered the authorization-code exchange without the data this system
 * needs (e.g. no `account_id` or no refresh token).
 *
 * @example
 * ```ts
 * throw new IncompleteTokenResponseError('account_id');
 * ```
 */
export class IncompleteTokenResponseError extends AccountsError {
  constructor(public readonly missing: string) {
    super(`The token response has no ${missing}.`);
    this.name = 'IncompleteTokenResponseError';
  }
}

/**
 * SQS refused some token-refresh messages twice; the scheduled run fails and runs again.
 *
 * @example
 * ```ts
 * throw new RefreshEnqueueError(3);
 * ```
 */
export class RefreshEnqueueError extends AccountsError {
  constructor(public readonly count: number) {
    super(`SQS refused ${count} token refresh message(s).`);
    this.name = 'RefreshEnqueueError';
  }
}

/**
 * The Dwolla application credentials secret still holds the placeholder the stack created it
 * with (`clientId` = `set-me`): nobody has set the real key and secret yet. Carries the secret's
 * id, never its value.
 *
 * @example
 * ```ts
 * throw new AppCredentialsNotSetError('arn:aws:secretsmanager:…:secret:dwolla-serverless/sandbox/dwolla-app-…');
 * ```
 */
export class AppCredentialsNotSetError extends AccountsError {
  constructor(public readonly secretId: string) {
    super(
      `The Dwolla application credentials in ${secretId} are still the placeholder: set ` +
        '{"clientId","clientSecret"} with aws secretsmanager put-secret-value.',
    );
    this.name = 'AppCredentialsNotSetError';
  }
}

/**
 * The table vault holds something for the account that does not open as a token pair (a
 * malformed item, a ciphertext under another context, a KMS answer without a key). Never
 * carries the ciphertext or anything decrypted.
 *
 * @example
 * ```ts
 * throw new TokenVaultCorruptError(accountId, 'the sealed pair does not open');
 * ```
 */
export class TokenVaultCorruptError extends AccountsError {
  constructor(
    public readonly accountId: string,
    reason: string,
  ) {
    super(`The token vault entry of account ${accountId} is unusable: ${reason}.`);
    this.name = 'TokenVaultCorruptError';
  }
}
