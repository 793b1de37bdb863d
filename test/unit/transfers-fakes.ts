import type { TransferLeg } from '../../shared/domain/transfer.js';
import { STATUS_RANK } from '../../shared/domain/transfer.js';
import type { Clock } from '../../shared/ports/clock.js';
import type { DwollaApi } from '../../shared/ports/dwolla-api.js';
import type { AccountTokens } from '../../shared/ports/tokens.js';
import type {
  AcquireResult,
  CreatedLeg,
  IdempotencyRecord,
  IdempotencyStore,
  TransferRepository,
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

/** In-memory {@link IdempotencyStore} with the same lease semantics as the DynamoDB adapter. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord>();

  async acquire(input: Parameters<IdempotencyStore['acquire']>[0]): Promise<AcquireResult> {
    const existing = this.records.get(input.idempotencyKey);
    const nowMs = input.now.getTime();
    if (!existing) {
      const record: IdempotencyRecord = {
        idempotencyKey: input.idempotencyKey,
        requestHash: input.requestHash,
        canonicalBody: input.canonicalBody,
        accountId: input.accountId,
        state: 'in_progress',
        createdAt: input.now.toISOString(),
        lockUntil: nowMs + input.leaseMs,
      };
      this.records.set(input.idempotencyKey, record);
      return { acquired: true, record };
    }
    if (
      existing.state === 'in_progress' &&
      existing.requestHash === input.requestHash &&
      existing.lockUntil <= nowMs
    ) {
      const record = { ...existing, lockUntil: nowMs + input.leaseMs };
      this.records.set(input.idempotencyKey, record);
      return { acquired: true, record };
    }
    return { acquired: false, record: existing };
  }

  async get(idempotencyKey: string): Promise<IdempotencyRecord | undefined> {
    return this.records.get(idempotencyKey);
  }

  async markCreated(key: string, result: { transferId: string; location: string }) {
    this.#update(key, { state: 'created', ...result, lockUntil: 0 });
  }

  async markFailed(key: string, failure: NonNullable<IdempotencyRecord['failure']>) {
    this.#update(key, { state: 'failed_permanently', failure, lockUntil: 0 });
  }

  async release(key: string) {
    const record = this.records.get(key);
    if (record?.state === 'in_progress') this.#update(key, { lockUntil: 0 });
  }

  #update(key: string, changes: Partial<IdempotencyRecord>) {
    const record = this.records.get(key);
    if (record) this.records.set(key, { ...record, ...changes });
  }
}

type Leg = Omit<TransferLeg, 'events'>;

/** In-memory {@link TransferRepository}: legs by id, events by leg id. */
export class InMemoryTransferRepository implements TransferRepository {
  readonly legs = new Map<string, Leg>();
  readonly events = new Map<string, TransferLeg['events']>();
  readonly created: CreatedLeg[] = [];

  async recordCreated(leg: CreatedLeg) {
    this.created.push(leg);
    const existing = this.legs.get(leg.id);
    this.legs.set(leg.id, {
      id: leg.id,
      status: existing?.status ?? 'pending',
      amount: existing?.amount ?? leg.amount,
      correlationId: existing?.correlationId ?? leg.correlationId,
      created: existing?.created ?? leg.now.toISOString(),
      accountId: existing?.accountId ?? leg.accountId,
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

  async findByCorrelationId(correlationId: string): Promise<Leg[]> {
    return [...this.legs.values()].filter((leg) => leg.correlationId === correlationId);
  }

  async markCancelled(id: string) {
    const leg = this.legs.get(id);
    if (leg && STATUS_RANK[leg.status] < STATUS_RANK.cancelled) {
      this.legs.set(id, { ...leg, status: 'cancelled' });
    }
  }
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
