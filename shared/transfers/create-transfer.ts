import { createHash } from 'node:crypto';
import type * as z from 'zod/mini';
import {
  AccountDisconnectedError,
  AccountNotFoundError,
  RefreshLeaseBusyError,
} from '../accounts/errors.js';
import { ownedAccount } from '../accounts/owned-account.js';
import type { AccountStore } from '../accounts/ports.js';
import { DwollaApiError, DwollaError } from '../dwolla/errors.js';
import { logger } from '../observability/logger.js';
import type { Clock } from '../ports/clock.js';
import type { DwollaApi } from '../ports/dwolla-api.js';
import type { AccountTokens } from '../ports/tokens.js';
import { DEFAULT_TENANT_ID, type Principal } from '../tenancy/principal.js';
import { canonicalTransferBody, requestHash } from './canonical-body.js';
import { dwollaErrorBody, isPermanentRejection } from './dwolla-answers.js';
import {
  DwollaUnavailableError,
  IdempotencyKeyExpiredError,
  IdempotencyKeyReusedError,
  RequestInProgressError,
  TransferRejectedError,
  UnknownAccountError,
} from './errors.js';
import type { CreatedLegStore, IdempotencyRecord, IdempotencyStore } from './ports.js';
import type { CreateTransferInput } from './request-schema.js';
import type { createdTransferSchema } from './response-schemas.js';

/**
 * The 201 body of `POST /transfers`, identical for the first answer and every replay, as the API
 * document describes it: `location` is Dwolla's URL of the transfer (`Location` of its 201).
 */
export type CreatedTransfer = Readonly<z.output<typeof createdTransferSchema>>;

/** Timing of the idempotency lease; see README "Transfers API > Idempotency". */
export interface CreateTransferOptions {
  /**
   * How long one request may call Dwolla before another with the same key may take over. Longer
   * than the Lambda timeout (29 s), so a live holder is never overtaken.
   */
  readonly leaseMs: number;
  /** How long a concurrent identical request waits for the holder before answering 409. */
  readonly waitMs: number;
  /** Pause between two reads of the record while waiting. */
  readonly pollMs: number;
  /** `Retry-After` when Dwolla gave none. */
  readonly retryAfterSeconds: number;
  /**
   * Age after which an unfinished record is no longer re-sent: Dwolla forgets a key after 24 h
   * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/idempotency-key), so
   * a re-send could create a second transfer.
   */
  readonly resendWindowMs: number;
}

/**
 * The lease and wait used in AWS and locally: a 30 s lease, 12 s of waiting in 150 ms steps,
 * `Retry-After: 5` when Dwolla gave none.
 *
 * @example
 * ```ts
 * createTransferUseCase({ ...deps, options: { ...DEFAULT_CREATE_TRANSFER_OPTIONS, pollMs: 50 } });
 * ```
 */
const DEFAULT_CREATE_TRANSFER_OPTIONS: CreateTransferOptions = Object.freeze({
  leaseMs: 30_000,
  waitMs: 12_000,
  pollMs: 150,
  retryAfterSeconds: 5,
  resendWindowMs: 23 * 3_600_000,
});

/**
 * The `Idempotency-Key` sent to Dwolla for a tenant's key. Dwolla remembers keys per
 * application, and every tenant shares this one, so two tenants' equal keys must reach Dwolla as
 * different keys
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/idempotency-key): a
 * UUID-shaped SHA-256 of the tenant and the key. Tenant `default` (the one app there was before
 * tenants) sends its key unchanged, so a request retried across the upgrade still meets the
 * transfer Dwolla already created for it. Deterministic: every retry sends the same key.
 *
 * @example
 * ```ts
 * dwollaIdempotencyKey('acme', 'order-1001'); // '8c1b…-…' (36 characters)
 * dwollaIdempotencyKey('default', 'order-1001'); // 'order-1001'
 * ```
 */
export function dwollaIdempotencyKey(tenantId: string, idempotencyKey: string): string {
  if (tenantId === DEFAULT_TENANT_ID) return idempotencyKey;
  const hex = createHash('sha256').update(`${tenantId}\n${idempotencyKey}`, 'utf8').digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** What {@link createTransferUseCase} needs: ports only. */
export interface CreateTransferDeps {
  readonly accounts: Pick<AccountStore, 'get'>;
  readonly idempotency: IdempotencyStore;
  readonly transfers: CreatedLegStore;
  readonly tokens: AccountTokens;
  readonly dwolla: Pick<DwollaApi, 'createTransfer'>;
  readonly clock: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly options?: Partial<CreateTransferOptions>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Builds the `POST /transfers` use case: the request is recorded under its `Idempotency-Key`
 * first, then sent to Dwolla with that key and the byte-identical canonical body on every
 * attempt
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/idempotency-key;
 * https://developers.dwolla.com/api-reference).
 *
 * - A repeat with the same key and body gets the same answer and never a second transfer;
 *   while the first is still running it waits for it, then answers 409 `RequestInProgress`.
 * - The same key with another body or account is refused ({@link IdempotencyKeyReusedError}).
 * - Dwolla 4xx is recorded and replayed ({@link TransferRejectedError}); Dwolla 429/5xx past the
 *   client's retry budget leaves the record resumable ({@link DwollaUnavailableError}).
 *
 * @example
 * ```ts
 * const createTransfer = createTransferUseCase({ accounts, idempotency, transfers, tokens, dwolla, clock: systemClock });
 * const created = await createTransfer(input, principal); // { id, status: 'pending', location, idempotencyKey }
 * ```
 */
export function createTransferUseCase(
  deps: CreateTransferDeps,
): (input: CreateTransferInput, principal: Principal) => Promise<CreatedTransfer> {
  const options = { ...DEFAULT_CREATE_TRANSFER_OPTIONS, ...deps.options };
  const sleep = deps.sleep ?? realSleep;
  const { clock, idempotency } = deps;

  function answer(input: CreateTransferInput, id: string, location: string): CreatedTransfer {
    return {
      id,
      status: 'pending',
      correlationId: input.request.correlationId,
      location,
      idempotencyKey: input.idempotencyKey,
    };
  }

  /** The answer an existing record already holds, or `undefined` while it is in progress. */
  function replay(
    input: CreateTransferInput,
    record: IdempotencyRecord,
    hash: string,
  ): CreatedTransfer | undefined {
    if (record.requestHash !== hash) throw new IdempotencyKeyReusedError(input.idempotencyKey);
    if (record.state === 'created') return answer(input, record.transferId!, record.location!);
    if (record.state === 'failed_permanently') {
      throw new TransferRejectedError(record.failure!.status, record.failure!.body);
    }
    return undefined;
  }

  async function send(
    input: CreateTransferInput,
    principal: Principal,
    record: IdempotencyRecord,
  ): Promise<CreatedTransfer> {
    const { request, idempotencyKey } = input;
    const { tenantId } = principal;
    if (clock.now().getTime() - Date.parse(record.createdAt) > options.resendWindowMs) {
      await releaseQuietly(tenantId, idempotencyKey);
      throw new IdempotencyKeyExpiredError(idempotencyKey);
    }
    try {
      const created = await deps.tokens.withAccountToken(request.accountId, (token) =>
        deps.dwolla.createTransfer(token, {
          body: record.canonicalBody,
          idempotencyKey: dwollaIdempotencyKey(tenantId, idempotencyKey),
        }),
      );
      // The leg first: if the record update is lost, a retry re-sends the same key and Dwolla
      // answers with the same transfer, so nothing is created twice.
      await deps.transfers.recordCreated({
        id: created.id,
        accountId: request.accountId,
        tenantId,
        initiatedBy: { tenantId, keyId: principal.keyId, keyName: principal.keyName },
        amount: request.amount,
        correlationId: request.correlationId,
        sourceUrl: request._links.source.href,
        destinationUrl: request._links.destination.href,
        idempotencyKey,
        now: clock.now(),
      });
      await idempotency.markCreated(tenantId, idempotencyKey, {
        transferId: created.id,
        location: created.location,
      });
      logger.info('transfer created', {
        transferId: created.id,
        accountId: request.accountId,
        tenantId,
        keyId: principal.keyId,
        correlationId: request.correlationId,
      });
      return answer(input, created.id, created.location);
    } catch (error) {
      if (isPermanentRejection(error)) {
        const failure = { status: error.status, body: dwollaErrorBody(error) };
        await idempotency.markFailed(tenantId, idempotencyKey, failure);
        logger.warn('transfer refused by Dwolla', {
          accountId: request.accountId,
          correlationId: request.correlationId,
          status: error.status,
          code: error.code,
          requestId: error.requestId,
        });
        throw new TransferRejectedError(failure.status, failure.body, { cause: error });
      }
      await releaseQuietly(tenantId, idempotencyKey);
      if (error instanceof DwollaApiError && error.status === 409) {
        throw new RequestInProgressError(retryAfter(error.retryAfterSeconds), { cause: error });
      }
      if (
        (error instanceof DwollaError && error.retryable) ||
        error instanceof RefreshLeaseBusyError
      ) {
        const dwollaSays = error instanceof DwollaApiError ? error.retryAfterSeconds : undefined;
        throw new DwollaUnavailableError(retryAfter(dwollaSays), { cause: error });
      }
      throw error;
    }
  }

  /** Whole seconds, at least 1: Dwolla's own `Retry-After` may be 0 once its budget is spent. */
  function retryAfter(dwollaSays: number | undefined): number {
    return Math.max(1, Math.ceil(dwollaSays ?? options.retryAfterSeconds));
  }

  async function releaseQuietly(tenantId: string, idempotencyKey: string): Promise<void> {
    try {
      await idempotency.release(tenantId, idempotencyKey);
    } catch (error) {
      // The lease then lapses on its own after `leaseMs`.
      logger.warn('idempotency lease not released', { error });
    }
  }

  /**
   * The account must be the caller's and connected; checked before anything is written or sent.
   * Another tenant's account does not exist for the caller.
   */
  async function checkAccount(accountId: string, principal: Principal): Promise<void> {
    const account = await ownedAccount(deps.accounts, accountId, principal.tenantId).catch(
      (error: unknown) => {
        if (error instanceof AccountNotFoundError) throw new UnknownAccountError(accountId);
        throw error;
      },
    );
    if (account.status === 'disconnected') throw new AccountDisconnectedError(accountId);
  }

  return async function createTransfer(input, principal) {
    await checkAccount(input.request.accountId, principal);
    const canonicalBody = canonicalTransferBody(input.request);
    const hash = requestHash(input.request.accountId, canonicalBody);
    const deadline = clock.now().getTime() + options.waitMs;
    for (;;) {
      const { acquired, record } = await idempotency.acquire({
        tenantId: principal.tenantId,
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        canonicalBody,
        accountId: input.request.accountId,
        now: clock.now(),
        leaseMs: options.leaseMs,
      });
      if (acquired) return send(input, principal, record);
      const settled = replay(input, record, hash);
      if (settled) return settled;
      const now = clock.now().getTime();
      if (now >= deadline) {
        throw new RequestInProgressError(Math.max(1, Math.ceil((record.lockUntil - now) / 1000)));
      }
      await sleep(options.pollMs);
    }
  };
}
