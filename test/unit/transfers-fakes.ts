import type { AccountRecord, AccountStore } from '../../shared/accounts/ports.js';
import type { Actor, TransferLeg } from '../../shared/domain/transfer.js';
import { STATUS_RANK } from '../../shared/domain/transfer.js';
import type { Clock } from '../../shared/ports/clock.js';
import type { DwollaApi } from '../../shared/ports/dwolla-api.js';
import type { AccountTokens } from '../../shared/ports/tokens.js';
import { type Principal, SCOPES, toAuthorizerContext } from '../../shared/tenancy/principal.js';
import { newIdempotencyRecord } from '../../shared/transfers/idempotency-record.js';
import type {
  AcquireResult,
  CreatedLeg,
  IdempotencyRecord,
  IdempotencyStore,
  TransferStore,
} from '../../shared/transfers/index.js';

/** A clock the test moves; `sleep` advances it instead of waiting. */
export class FakeClock implements Clock {
  constructor(public ms = Date.parse('2026-03-01T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  readonly sleep = async (ms: number): Promise<void> => {
    this.ms += ms;
    await Promise.resolve();
  };
}

/** The tenant every fake principal of the unit tests belongs to unless a test says otherwise. */
export const TENANT = 'acme';

/** A principal of {@link TENANT} with every scope. */
export const PRINCIPAL: Principal = {
  tenantId: TENANT,
  keyId: 'key_0123456789abcdef0123',
  keyName: 'ci',
  scopes: [...SCOPES],
};

/** A principal of another tenant, with every scope. */
export const OTHER_PRINCIPAL: Principal = {
  tenantId: 'other-app',
  keyId: 'key_fedcba9876543210fedc',
  keyName: 'other',
  scopes: [...SCOPES],
};

/** Record key of the fake: one map for every tenant, as one table holds them all. */
const recordKey = (tenantId: string, key: string) => `${tenantId}#${key}`;

/** In-memory {@link IdempotencyStore} with the same lease semantics as the DynamoDB adapter. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  /** By `<tenantId>#<key>`. */
  readonly records = new Map<string, IdempotencyRecord>();

  async acquire(input: Parameters<IdempotencyStore['acquire']>[0]): Promise<AcquireResult> {
    const id = recordKey(input.tenantId, input.idempotencyKey);
    const existing = this.records.get(id);
    const nowMs = input.now.getTime();
    if (!existing) {
      const record = newIdempotencyRecord(input);
      this.records.set(id, record);
      return { acquired: true, record };
    }
    if (
      existing.state === 'in_progress' &&
      existing.requestHash === input.requestHash &&
      existing.lockUntil <= nowMs
    ) {
      const record = { ...existing, lockUntil: nowMs + input.leaseMs };
      this.records.set(id, record);
      return { acquired: true, record };
    }
    return { acquired: false, record: existing };
  }

  async markCreated(
    tenantId: string,
    key: string,
    result: { transferId: string; location: string },
  ) {
    this.#update(recordKey(tenantId, key), { state: 'created', ...result, lockUntil: 0 });
  }

  async markFailed(
    tenantId: string,
    key: string,
    failure: NonNullable<IdempotencyRecord['failure']>,
  ) {
    this.#update(recordKey(tenantId, key), {
      state: 'failed_permanently',
      failure,
      lockUntil: 0,
    });
  }

  async release(tenantId: string, key: string) {
    const record = this.records.get(recordKey(tenantId, key));
    if (record?.state === 'in_progress') this.#update(recordKey(tenantId, key), { lockUntil: 0 });
  }

  #update(key: string, changes: Partial<IdempotencyRecord>) {
    const record = this.records.get(key);
    if (record) this.records.set(key, { ...record, ...changes });
  }
}

type Leg = Omit<TransferLeg, 'events'>;

/** In-memory {@link TransferStore}: legs by id, events by leg id. */
export class InMemoryTransferRepository implements TransferStore {
  readonly legs = new Map<string, Leg>();
  readonly events = new Map<string, TransferLeg['events']>();
  readonly created: CreatedLeg[] = [];

  async recordCreated(leg: CreatedLeg) {
    this.created.push(leg);
    const existing = this.legs.get(leg.id);
    this.legs.set(leg.id, {
      id: leg.id,
      status: existing?.status ?? 'pending',
      tenantId: leg.tenantId,
      initiatedBy: leg.initiatedBy,
      amount: existing?.amount ?? leg.amount,
      correlationId: existing?.correlationId ?? leg.correlationId,
      created: existing?.created ?? leg.now.toISOString(),
      accountId: leg.accountId,
      links: existing?.links ?? { source: leg.sourceUrl, destination: leg.destinationUrl },
    });
  }

  async getWithEvents(id: string): Promise<TransferLeg | undefined> {
    const leg = this.legs.get(id);
    return leg && { ...leg, events: this.events.get(id) ?? [] };
  }

  async get(id: string): Promise<Leg | undefined> {
    return this.legs.get(id);
  }

  async findByCorrelationId(tenantId: string, correlationId: string): Promise<Leg[]> {
    return [...this.legs.values()].filter(
      (leg) => leg.tenantId === tenantId && leg.correlationId === correlationId,
    );
  }

  async markCancelled(id: string, now: Date, by: Actor) {
    const leg = this.legs.get(id);
    if (!leg) return;
    const audited = {
      ...leg,
      cancelledBy: leg.cancelledBy ?? by,
      cancelledAt: leg.cancelledAt ?? now.toISOString(),
    };
    this.legs.set(id, {
      ...audited,
      ...(STATUS_RANK[leg.status] < STATUS_RANK.cancelled ? { status: 'cancelled' as const } : {}),
    });
  }
}

/** Account metadata for the transfer use cases: accounts by id, owned by {@link TENANT} by default. */
export class FakeAccounts implements Pick<AccountStore, 'get'> {
  readonly items = new Map<string, AccountRecord>();
  reads = 0;

  /** With `ownerOfEveryAccount`, any account id not added is an active account of that tenant. */
  constructor(private readonly ownerOfEveryAccount?: string) {}

  /** Adds an active account owned by `tenantId`. */
  add(accountId: string, tenantId = TENANT, status: AccountRecord['status'] = 'active'): this {
    this.items.set(accountId, {
      accountId,
      tenantId,
      status,
      scopes: ['Send'],
      accessTokenExpiresAt: '2026-03-01T13:00:00.000Z',
      refreshTokenExpiresAt: '2026-04-30T12:00:00.000Z',
      connectedAt: '2026-03-01T12:00:00.000Z',
    });
    return this;
  }

  async get(accountId: string) {
    this.reads++;
    const item = this.items.get(accountId);
    if (item || this.ownerOfEveryAccount === undefined) return item;
    return new FakeAccounts().add(accountId, this.ownerOfEveryAccount).items.get(accountId);
  }
}

/**
 * The `requestContext` API Gateway gives a route behind the authorizer, for `principal`.
 *
 * @example
 * ```ts
 * const event = { ...rest, requestContext: authorizedContext(PRINCIPAL) };
 * ```
 */
export function authorizedContext(principal: Principal = PRINCIPAL) {
  return { authorizer: { lambda: { ...toAuthorizerContext(principal) } } };
}

/** {@link AccountTokens} that hands out a fixed token per account, or fails as scripted. */
export class FakeAccountTokens implements AccountTokens {
  readonly calls: string[] = [];
  failWith: ((accountId: string) => Error) | undefined;

  async withAccountToken<T>(accountId: string, call: (token: string) => Promise<T>): Promise<T> {
    this.calls.push(accountId);
    if (this.failWith) throw this.failWith(accountId);
    return call(`token-of-${accountId}`);
  }
}

/** One scripted answer of the fake Dwolla: a result, or an error to throw. */
export type Answer<T> = T | Error | (() => Promise<T>);

/** The Dwolla calls the Transfers API makes, recorded and answered from a script. */
export class FakeDwolla implements Pick<DwollaApi, 'createTransfer' | 'cancelTransfer'> {
  readonly creates: { token: string; body: string; idempotencyKey: string }[] = [];
  readonly cancels: { token: string; transferId: string }[] = [];
  createAnswers: Answer<{ id: string; location: string }>[] = [];
  cancelAnswers: Answer<Awaited<ReturnType<DwollaApi['cancelTransfer']>>>[] = [];

  async createTransfer(token: string, input: { body: string; idempotencyKey: string }) {
    this.creates.push({ token, ...input });
    return answer(this.createAnswers, this.creates.length);
  }

  async cancelTransfer(token: string, transferId: string) {
    this.cancels.push({ token, transferId });
    return answer(this.cancelAnswers, this.cancels.length);
  }
}

async function answer<T>(script: Answer<T>[], callNumber: number): Promise<T> {
  const next = script[Math.min(callNumber, script.length) - 1];
  if (next === undefined) throw new Error('FakeDwolla: no scripted answer');
  if (next instanceof Error) throw next;
  if (typeof next === 'function') return (next as () => Promise<T>)();
  return next;
}
