import { randomUUID } from 'node:crypto';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidRequestException,
} from '@aws-sdk/client-secrets-manager';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { decideAtSimulator } from '../support/simulator.js';
import { documentedFetch } from './support/documented-answers.js';
import { apiFetch, drain, localAwsClients, stackInfo, waitFor } from './support/local-stack.js';
import { authorizeAtSimulator, connectAttempt } from './support/oauth.js';
import { newTenantId, observe, type TestKey, tableItems, tenantKey } from './support/tenants.js';
import {
  type ApiJson,
  connectedSimAccount,
  postTransfer,
  runScenario,
  type SimAccountInfo,
  simTransferBody,
  simulatorTransferPosts,
} from './support/transfers-sim.js';

/**
 * Tenancy end to end with the Dwolla simulator: legs learnt only from webhooks belong to their
 * account's tenant, a second tenant cannot take over a connected account, the connect result
 * echoes state and reference, disconnect and reconnect, and the audit fields.
 */

let alpha: TestKey;
let beta: TestKey;
let alphaAccount: SimAccountInfo;
let betaAccount: SimAccountInfo;

async function getAs(key: TestKey, path: string): Promise<{ status: number; json: ApiJson }> {
  const response = await apiFetch(path, { headers: { 'x-api-key': key.key } });
  return { status: response.status, json: await response.json() };
}

function transferBody(account: SimAccountInfo) {
  return simTransferBody(account, { amount: '4.00', correlationPrefix: 'life' });
}

async function secretOf(accountId: string) {
  const { secretsManager } = localAwsClients();
  return secretsManager.send(
    new DescribeSecretCommand({ SecretId: `${stackInfo().accountSecretPrefix}/${accountId}` }),
  );
}

beforeAll(async () => {
  alpha = await tenantKey(newTenantId('alpha'));
  beta = await tenantKey(newTenantId('beta'));
  alphaAccount = await connectedSimAccount({ apiKey: alpha.key });
  betaAccount = await connectedSimAccount({ apiKey: beta.key });
}, 120_000);

describe('Legs learnt from webhooks', () => {
  it('belong to the account’s tenant: the same correlationId shows each tenant only its own chain', async () => {
    // Prepare
    const correlationId = `shared-${randomUUID()}`;

    // Act
    const alphaChain = await runScenario('verified-to-verified', {
      accountId: alphaAccount.id,
      correlationId,
    });
    const betaChain = await runScenario('verified-to-verified', {
      accountId: betaAccount.id,
      correlationId,
    });
    const search = (key: TestKey) =>
      waitFor(
        async () => {
          const { json } = await getAs(key, `/transfers?correlationId=${correlationId}`);
          return json.total === 3 ? json : undefined;
        },
        { timeoutMs: 30_000, message: 'the chain was not learnt from the webhooks' },
      );
    const alphaSees = await search(alpha);
    const betaSees = await search(beta);
    await drain();

    // Assess
    expect(alphaSees.transfers.map((t: ApiJson) => t.id).sort()).toEqual(
      alphaChain.legs.map((leg) => leg.id).sort(),
    );
    expect(betaSees.transfers.map((t: ApiJson) => t.id).sort()).toEqual(
      betaChain.legs.map((leg) => leg.id).sort(),
    );
    const firstAlphaLeg = alphaChain.legs[0]!.id;
    expect((await getAs(alpha, `/transfers/${firstAlphaLeg}`)).status).toBe(200);
    expect((await getAs(beta, `/transfers/${firstAlphaLeg}`)).status).toBe(404);
    const { ddb } = localAwsClients();
    for (const leg of alphaChain.legs) {
      const { Item } = await ddb.send(
        new GetCommand({ TableName: stackInfo().tableName, Key: keys.transfer(leg.id) }),
      );
      expect(Item?.tenantId, leg.id).toBe(alpha.tenantId);
    }
  });

  it('of an account no tenant owns are stored but visible to none', async () => {
    // Prepare: an account that exists at Dwolla but was never connected here
    const created = await fetch(`${stackInfo().simulatorUrl}/__sim/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Never connected' }),
    });
    const unowned = (await created.json()) as SimAccountInfo;
    const correlationId = `unowned-${randomUUID()}`;

    // Act
    const chain = await runScenario('verified-to-verified', {
      accountId: unowned.id,
      correlationId,
    });
    await drain();

    // Assess
    const legIds = new Set(chain.legs.map((leg) => leg.id));
    const stored = (await tableItems()).filter(
      (item) => item.sk === 'TRANSFER' && legIds.has(String(item.id)),
    );
    expect(stored.length).toBe(3);
    expect(stored.every((item) => item.tenantId === undefined && item.gsi1pk === undefined)).toBe(
      true,
    );
    for (const key of [alpha, beta]) {
      const { json } = await getAs(key, `/transfers?correlationId=${correlationId}`);
      expect(json.total).toBe(0);
      expect((await getAs(key, `/transfers/${chain.legs[0]!.id}`)).status).toBe(404);
    }
  });
});

describe('Connecting an account another tenant owns', () => {
  it('sends the browser back with status=error&error=account_unavailable and touches nothing of the owner', async () => {
    // Prepare
    const { ddb } = localAwsClients();
    const accountKey = { TableName: stackInfo().tableName, Key: keys.account(alphaAccount.id) };
    const before = (await ddb.send(new GetCommand(accountKey))).Item;
    const secretBefore = await secretOf(alphaAccount.id);

    // Act
    const { location, state } = await connectAttempt({
      apiKey: beta.key,
      simAccountId: alphaAccount.id,
      reference: 'beta-user-1',
    });

    // Assess
    expect(Object.fromEntries(location.searchParams)).toEqual({
      status: 'error',
      error: 'account_unavailable',
      state,
      reference: 'beta-user-1',
    });
    expect((await ddb.send(new GetCommand(accountKey))).Item).toEqual(before);
    expect((await secretOf(alphaAccount.id)).VersionIdsToStages).toEqual(
      secretBefore.VersionIdsToStages,
    );
    expect((await getAs(beta, `/accounts/${alphaAccount.id}`)).status).toBe(404);
    expect((await getAs(alpha, `/accounts/${alphaAccount.id}`)).json.tenantId).toBe(alpha.tenantId);
  });
});

describe('The connect result', () => {
  it('echoes the state authorize returned, the accountId, the status and the reference', async () => {
    // Prepare
    const key = await tenantKey(newTenantId('echo'));
    const started = await apiFetch('/oauth/authorize', {
      method: 'POST',
      headers: { 'x-api-key': key.key },
      body: JSON.stringify({ returnTo: `${stackInfo().apiUrl}/connected`, reference: 'user 42/x' }),
    });
    const { authorizeUrl, state } = (await started.json()) as ApiJson;

    // Act
    const callbackUrl = await decideAtSimulator(authorizeUrl, { decision: 'allow' });
    const callback = await documentedFetch(callbackUrl, { redirect: 'manual' });
    const location = new URL(String(callback.headers.get('location')));

    // Assess
    expect(callback.status).toBe(302);
    const accountId = location.searchParams.get('accountId');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      accountId: expect.any(String),
      status: 'connected',
      state,
      reference: 'user 42/x',
    });
    const account = await getAs(key, `/accounts/${accountId}`);
    expect(account.json).toMatchObject({ tenantId: key.tenantId, reference: 'user 42/x' });
  });

  it('refuses a reference that is not 1 to 255 printable characters, storing nothing', async () => {
    // Act
    const { result, tableChanged } = await observe(async () => {
      const response = await apiFetch('/oauth/authorize', {
        method: 'POST',
        headers: { 'x-api-key': alpha.key },
        body: JSON.stringify({ reference: 'x'.repeat(256) }),
      });
      return { status: response.status, json: (await response.json()) as ApiJson };
    });

    // Assess
    expect(result.status).toBe(400);
    expect(result.json._embedded.errors.map((e: ApiJson) => e.path)).toEqual(['/reference']);
    expect(tableChanged).toBe(false);
  });

  it('echoes the state on a denial too', async () => {
    // Act
    const { callbackUrl, state } = await authorizeAtSimulator({
      decision: 'deny',
      apiKey: alpha.key,
      reference: 'r-deny',
    });
    const callback = await documentedFetch(callbackUrl, { redirect: 'manual' });
    const location = new URL(String(callback.headers.get('location')));

    // Assess
    expect(location.searchParams.get('status')).toBe('denied');
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.searchParams.get('reference')).toBe('r-deny');
  });
});

describe('Disconnect and reconnect', () => {
  it('disconnects: refused transfers, no Dwolla call, legs readable, secret pending deletion; a reconnect restores all', async () => {
    // Prepare
    const gamma = await tenantKey(newTenantId('gamma'));
    const account = await connectedSimAccount({ apiKey: gamma.key });
    const before = await postTransfer(transferBody(account), randomUUID(), gamma.key);
    expect(before.status).toBe(201);

    // Act
    const disconnected = await apiFetch(`/accounts/${account.id}`, {
      method: 'DELETE',
      headers: { 'x-api-key': gamma.key },
    });
    const postsBefore = await simulatorTransferPosts();
    const refused = await postTransfer(transferBody(account), randomUUID(), gamma.key);
    const postsAfter = await simulatorTransferPosts();
    const legAfter = await getAs(gamma, `/transfers/${before.json.id}`);
    const secretWhileDisconnected = await secretOf(account.id);
    const again = await apiFetch(`/accounts/${account.id}`, {
      method: 'DELETE',
      headers: { 'x-api-key': gamma.key },
    });

    // Assess
    expect(disconnected.status).toBe(200);
    expect(await disconnected.json()).toMatchObject({
      accountId: account.id,
      status: 'disconnected',
      disconnectedAt: expect.any(String),
    });
    expect(again.status).toBe(200);
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('AccountDisconnected');
    expect(postsAfter).toBe(postsBefore);
    expect(legAfter.status).toBe(200);
    expect(secretWhileDisconnected.DeletedDate).toBeInstanceOf(Date);
    const window = (secretWhileDisconnected.DeletedDate!.getTime() - Date.now()) / 86_400_000;
    expect(window).toBeGreaterThan(6.9);
    expect(window).toBeLessThanOrEqual(7);
    const { ddb, secretsManager } = localAwsClients();
    const { Item } = await ddb.send(
      new GetCommand({ TableName: stackInfo().tableName, Key: keys.account(account.id) }),
    );
    expect(Item?.gsi2pk).toBeUndefined();
    await expect(
      secretsManager.send(
        new GetSecretValueCommand({
          SecretId: `${stackInfo().accountSecretPrefix}/${account.id}`,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidRequestException);

    // Act: the owner connects it again
    const { location } = await connectAttempt({ apiKey: gamma.key, simAccountId: account.id });
    const reconnected = await getAs(gamma, `/accounts/${account.id}`);
    const after = await postTransfer(transferBody(account), randomUUID(), gamma.key);

    // Assess
    expect(location.searchParams.get('status')).toBe('connected');
    expect(reconnected.json).toMatchObject({ status: 'active', disconnectedAt: null });
    expect((await secretOf(account.id)).DeletedDate).toBeUndefined();
    expect(after.status).toBe(201);
  });

  it('answers 404 to another tenant’s DELETE and leaves the account active', async () => {
    // Act
    const { result, tableChanged } = await observe(() =>
      apiFetch(`/accounts/${betaAccount.id}`, {
        method: 'DELETE',
        headers: { 'x-api-key': alpha.key },
      }),
    );

    // Assess
    expect(result.status).toBe(404);
    expect(tableChanged).toBe(false);
    expect((await secretOf(betaAccount.id)).DeletedDate).toBeUndefined();
  });
});

describe('Audit', () => {
  it('records who initiated a leg and who cancelled it, and GET /transfers/{id} returns both', async () => {
    // Prepare
    const canceller = await tenantKey(alpha.tenantId, { name: 'it-canceller' });
    const created = await postTransfer(transferBody(alphaAccount), randomUUID(), alpha.key);

    // Act
    const cancel = await apiFetch(`/transfers/${created.json.id}/cancel`, {
      method: 'POST',
      headers: { 'x-api-key': canceller.key },
    });
    const leg = await getAs(alpha, `/transfers/${created.json.id}`);

    // Assess
    expect(cancel.status).toBe(200);
    expect(leg.json).toMatchObject({
      status: 'cancelled',
      initiatedBy: { tenantId: alpha.tenantId, keyId: alpha.keyId, keyName: alpha.keyName },
      cancelledBy: {
        tenantId: alpha.tenantId,
        keyId: canceller.keyId,
        keyName: 'it-canceller',
      },
      cancelledAt: expect.any(String),
    });
    expect(JSON.stringify(leg.json)).not.toContain(alpha.key);
  });
});

describe('Idempotency-Keys per tenant', () => {
  it('treats the same key from two tenants as two independent requests', async () => {
    // Prepare
    const shared = randomUUID();

    // Act
    const fromAlpha = await postTransfer(transferBody(alphaAccount), shared, alpha.key);
    const fromBeta = await postTransfer(transferBody(betaAccount), shared, beta.key);
    const alphaReplay = await postTransfer(transferBody(alphaAccount), shared, alpha.key);

    // Assess
    expect(fromAlpha.status).toBe(201);
    expect(fromBeta.status).toBe(201);
    expect(fromBeta.json.id).not.toBe(fromAlpha.json.id);
    // A different body under alpha's key is still alpha's key reused: 422.
    expect(alphaReplay.status).toBe(422);
  });
});
