import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import type { TransferLeg } from '../../shared/domain/transfer.js';
import { signWebhookBody } from '../../shared/webhooks/signature.js';
import { documentedFetch } from './support/documented-answers.js';
import { apiFetch, drain, localAwsClients, stackInfo } from './support/local-stack.js';

/**
 * A mass payment (Dwolla API reference, Mass payments ("MassPay")) seen through the whole pipeline: its
 * `mass_payment_*` events keep a mass-payment record, the transfer one of its items created is
 * an ordinary leg (Dwolla API reference, Mass payments ("Mass payment item"): `_links.transfer`), and only that leg is
 * listed by the correlationId search. The simulator has no mass payments, so the signed
 * webhooks are posted to the intake by hand, newest first.
 */

const API = 'https://api-sandbox.dwolla.com';

let webhookSecret: string;

function event(topic: string, resource: string, resourceId: string, correlationId: string) {
  const id = randomUUID();
  return {
    id,
    resourceId,
    topic,
    created: new Date().toISOString(),
    timestamp: new Date().toISOString(),
    correlationId,
    _links: {
      self: { href: `${API}/events/${id}` },
      resource: { href: `${API}/${resource}/${resourceId}` },
      account: { href: `${API}/accounts/mass-payer-${correlationId}` },
    },
  };
}

async function deliver(payload: { topic: string }): Promise<void> {
  const body = JSON.stringify(payload);
  const response = await documentedFetch(`${stackInfo().apiUrl}/webhooks/dwolla`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-signature-sha-256': signWebhookBody(webhookSecret, Buffer.from(body)),
    },
    body,
  });
  expect(response.status).toBe(200);
}

describe('Webhook pipeline: a mass payment and the transfer it created', () => {
  beforeAll(async () => {
    const { secretsManager } = localAwsClients();
    const { SecretString } = await secretsManager.send(
      new GetSecretValueCommand({ SecretId: stackInfo().webhookSecretId }),
    );
    webhookSecret = (JSON.parse(SecretString ?? '{}') as { current: string }).current;
  });

  it('keeps a completed mass-payment record apart from the legs, learnt newest first', async () => {
    // Prepare
    const correlationId = `mass-${randomUUID()}`;
    const massPaymentId = randomUUID();
    const transferId = randomUUID();
    const events = [
      event('mass_payment_created', 'mass-payments', massPaymentId, correlationId),
      event('transfer_created', 'transfers', transferId, correlationId),
      event('transfer_completed', 'transfers', transferId, correlationId),
      event('mass_payment_completed', 'mass-payments', massPaymentId, correlationId),
    ];

    // The paying account is the local app's (tenant default): its legs are the app's to see.
    const { ddb: table } = localAwsClients();
    const payer = `mass-payer-${correlationId}`;
    await table.send(
      new PutCommand({
        TableName: stackInfo().tableName,
        Item: { ...keys.account(payer), accountId: payer, tenantId: 'default', status: 'active' },
      }),
    );

    // Act
    for (const payload of [...events].reverse()) {
      await deliver(payload);
      await drain(60_000);
    }

    // Assess
    const { ddb } = localAwsClients();
    const { Item } = await ddb.send(
      new GetCommand({ TableName: stackInfo().tableName, Key: keys.massPayment(massPaymentId) }),
    );
    expect(Item).toMatchObject({
      id: massPaymentId,
      status: 'complete',
      correlationId,
      accountId: `mass-payer-${correlationId}`,
    });
    expect(Item!.gsi1pk).toBeUndefined();
    const search = await apiFetch(`/transfers?correlationId=${correlationId}`);
    const { transfers } = (await search.json()) as { transfers: TransferLeg[] };
    expect(transfers.map((leg) => [leg.id, leg.status])).toEqual([[transferId, 'processed']]);
    const leg = (await (await apiFetch(`/transfers/${transferId}`)).json()) as TransferLeg;
    expect(leg.events.map((stored) => stored.topic).sort()).toEqual([
      'transfer_completed',
      'transfer_created',
    ]);
  });
});
