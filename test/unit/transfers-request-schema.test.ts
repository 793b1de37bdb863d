import { describe, expect, it } from 'vitest';
import {
  canonicalTransferBody,
  parseCorrelationIdQuery,
  parseCreateTransfer,
  requestHash,
  TransferValidationError,
  transferRequestSchema,
} from '../../shared/transfers/index.js';

const API = 'https://api-sandbox.dwolla.com';
const ACCOUNT = 'ca32853c-48fa-40be-ae75-77b37504581b';
const FS = `${API}/funding-sources/707177c3-bf15-4e7e-b37c-55c3898d9bf4`;
const schema = transferRequestSchema(API);

// biome-ignore lint/suspicious/noExplicitAny: the table deliberately writes malformed bodies
type Draft = any;

function validBody(): Record<string, unknown> {
  return {
    accountId: ACCOUNT,
    _links: {
      source: { href: FS },
      destination: { href: `${API}/accounts/07d59716-ef22-4fe6-98e8-f3190233dfb8` },
    },
    amount: { value: '10.00', currency: 'USD' },
  };
}

function with_(changes: (body: Draft) => void): Record<string, unknown> {
  const body = structuredClone(validBody()) as Draft;
  changes(body);
  return body;
}

function errorsOf(body: unknown, key?: string) {
  try {
    parseCreateTransfer(schema, body, key, () => 'generated');
  } catch (error) {
    if (error instanceof TransferValidationError) return error.errors;
    throw error;
  }
  return [];
}

describe('Function: parseCreateTransfer', () => {
  it('accepts a request shaped like Dwolla’s own example and keeps the given key', () => {
    // Act
    const input = parseCreateTransfer(
      schema,
      with_((b) => {
        b.correlationId = '8a2cdc8d-629d-4a24-98ac-40b735229fe2';
        b.metadata = { foo: 'bar' };
        b.fees = [
          {
            _links: {
              'charge-to': { href: `${API}/accounts/d795f696-2cac-4662-8f16-95f1db9bddd8` },
            },
            amount: { value: '4.00', currency: 'USD' },
          },
        ];
      }),
      'key-1',
      () => 'generated',
    );

    // Assess
    expect(input.idempotencyKey).toBe('key-1');
    expect(input.generatedKey).toBe(false);
    expect(input.request.correlationId).toBe('8a2cdc8d-629d-4a24-98ac-40b735229fe2');
  });

  it('generates an idempotency key when the header is absent', () => {
    // Act
    const input = parseCreateTransfer(schema, validBody(), undefined, () => 'generated');

    // Assess
    expect(input).toMatchObject({ idempotencyKey: 'generated', generatedKey: true });
  });

  it.each([
    [
      'a mailto: destination',
      (b: Draft) => (b._links.destination.href = 'mailto:johndoe@email.com'),
    ],
    ['a funding-source destination', (b: Draft) => (b._links.destination.href = FS)],
    [
      'an upper-case id',
      (b: Draft) =>
        (b._links.source.href = `${API}/funding-sources/707177C3-BF15-4E7E-B37C-55C3898D9BF4`),
    ],
    ['one cent', (b: Draft) => (b.amount.value = '0.01')],
    ['a whole amount', (b: Draft) => (b.amount.value = '1337')],
    ['one decimal', (b: Draft) => (b.amount.value = '10.5')],
    ['a 254-character correlationId', (b: Draft) => (b.correlationId = 'a'.repeat(254))],
    [
      '10 metadata pairs',
      (b: Draft) =>
        (b.metadata = Object.fromEntries([...Array(10).keys()].map((i) => [`k${i}`, 'v']))),
    ],
  ])('accepts %s', (_name, change) => {
    // Act
    const errors = errorsOf(with_(change));

    // Assess
    expect(errors).toEqual([]);
  });

  it.each([
    ['accountId missing', (b: Draft) => delete b.accountId, '/accountId', 'Required'],
    ['accountId not an id', (b: Draft) => (b.accountId = 'acc 1'), '/accountId', 'Invalid'],
    ['_links missing', (b: Draft) => delete b._links, '/_links', 'Required'],
    ['source missing', (b: Draft) => delete b._links.source, '/_links/source', 'Required'],
    [
      'source href missing',
      (b: Draft) => (b._links.source = {}),
      '/_links/source/href',
      'Required',
    ],
    [
      'source on another host',
      (b: Draft) => (b._links.source.href = FS.replace(API, 'https://evil.example')),
      '/_links/source/href',
      'Invalid',
    ],
    [
      'source an account, not a funding source',
      (b: Draft) => (b._links.source.href = `${API}/accounts/${ACCOUNT}`),
      '/_links/source/href',
      'Invalid',
    ],
    [
      'source id not a UUID',
      (b: Draft) => (b._links.source.href = `${API}/funding-sources/abc`),
      '/_links/source/href',
      'Invalid',
    ],
    [
      'destination missing',
      (b: Draft) => delete b._links.destination,
      '/_links/destination',
      'Required',
    ],
    [
      'destination a customer',
      (b: Draft) => (b._links.destination.href = `${API}/customers/${ACCOUNT}`),
      '/_links/destination/href',
      'Invalid',
    ],
    [
      'destination on another host',
      (b: Draft) => (b._links.destination.href = `https://api.dwolla.com/accounts/${ACCOUNT}`),
      '/_links/destination/href',
      'Invalid',
    ],
    [
      'destination a malformed mailto',
      (b: Draft) => (b._links.destination.href = 'mailto:nobody'),
      '/_links/destination/href',
      'Invalid',
    ],
    ['an unknown link', (b: Draft) => (b._links.self = { href: FS }), '/_links/self', 'NotAllowed'],
    ['amount missing', (b: Draft) => delete b.amount, '/amount', 'Required'],
    ['amount value missing', (b: Draft) => delete b.amount.value, '/amount/value', 'Required'],
    ['amount value a number', (b: Draft) => (b.amount.value = 10), '/amount/value', 'Invalid'],
    [
      'amount value with 3 decimals',
      (b: Draft) => (b.amount.value = '10.001'),
      '/amount/value',
      'Invalid',
    ],
    ['amount value negative', (b: Draft) => (b.amount.value = '-1.00'), '/amount/value', 'Invalid'],
    ['amount value zero', (b: Draft) => (b.amount.value = '0.00'), '/amount/value', 'Invalid'],
    [
      'amount value with letters',
      (b: Draft) => (b.amount.value = '1e3'),
      '/amount/value',
      'Invalid',
    ],
    ['currency not USD', (b: Draft) => (b.amount.currency = 'EUR'), '/amount/currency', 'Invalid'],
    [
      'currency lower case',
      (b: Draft) => (b.amount.currency = 'usd'),
      '/amount/currency',
      'Invalid',
    ],
    ['currency missing', (b: Draft) => delete b.amount.currency, '/amount/currency', 'Required'],
    [
      'correlationId with a space',
      (b: Draft) => (b.correlationId = 'order 42'),
      '/correlationId',
      'Invalid',
    ],
    [
      'correlationId with a slash',
      (b: Draft) => (b.correlationId = 'order/42'),
      '/correlationId',
      'Invalid',
    ],
    [
      'correlationId of 255 characters',
      (b: Draft) => (b.correlationId = 'a'.repeat(255)),
      '/correlationId',
      'Invalid',
    ],
    ['correlationId empty', (b: Draft) => (b.correlationId = ''), '/correlationId', 'Invalid'],
    [
      'metadata with 11 pairs',
      (b: Draft) =>
        (b.metadata = Object.fromEntries([...Array(11).keys()].map((i) => [`k${i}`, 'v']))),
      '/metadata',
      'Invalid',
    ],
    [
      'metadata key of 255 characters',
      (b: Draft) => (b.metadata = { ['k'.repeat(255)]: 'v' }),
      `/metadata/${'k'.repeat(255)}`,
      'Invalid',
    ],
    [
      'metadata value of 255 characters',
      (b: Draft) => (b.metadata = { note: 'v'.repeat(255) }),
      '/metadata/note',
      'Invalid',
    ],
    [
      'metadata value not a string',
      (b: Draft) => (b.metadata = { count: 3 }),
      '/metadata/count',
      'Invalid',
    ],
    ['metadata not an object', (b: Draft) => (b.metadata = 'x'), '/metadata', 'Invalid'],
    ['fees not an array', (b: Draft) => (b.fees = {}), '/fees', 'Invalid'],
    [
      'fee without charge-to',
      (b: Draft) => (b.fees = [{ _links: {}, amount: { value: '1.00', currency: 'USD' } }]),
      '/fees/0/_links/charge-to',
      'Required',
    ],
    [
      'fee charged to a funding source',
      (b: Draft) =>
        (b.fees = [
          { _links: { 'charge-to': { href: FS } }, amount: { value: '1.00', currency: 'USD' } },
        ]),
      '/fees/0/_links/charge-to/href',
      'Invalid',
    ],
    [
      'fee without amount',
      (b: Draft) =>
        (b.fees = [{ _links: { 'charge-to': { href: `${API}/accounts/${ACCOUNT}` } } }]),
      '/fees/0/amount',
      'Required',
    ],
    [
      'fee amount with 3 decimals',
      (b: Draft) =>
        (b.fees = [
          {
            _links: { 'charge-to': { href: `${API}/accounts/${ACCOUNT}` } },
            amount: { value: '1.001', currency: 'USD' },
          },
        ]),
      '/fees/0/amount/value',
      'Invalid',
    ],
    [
      'an unknown field',
      (b: Draft) => (b.clearing = { source: 'standard' }),
      '/clearing',
      'NotAllowed',
    ],
  ])('refuses %s at its path', (_name, change, path, code) => {
    // Act
    const errors = errorsOf(with_(change));

    // Assess
    expect(errors).toEqual([expect.objectContaining({ path, code, message: expect.any(String) })]);
  });

  it('refuses a body that is not an object at the root path', () => {
    // Act
    const errors = errorsOf(['not', 'an', 'object']);

    // Assess
    expect(errors).toEqual([expect.objectContaining({ path: '/', code: 'Invalid' })]);
  });

  it.each([
    ['empty', ''],
    ['with a space', 'key 1'],
    ['longer than 255', 'k'.repeat(256)],
    ['non-ASCII', 'clé'],
  ])('refuses an Idempotency-Key %s at /headers/idempotency-key', (_name, key) => {
    // Act
    const errors = errorsOf(validBody(), key);

    // Assess
    expect(errors).toEqual([
      expect.objectContaining({ path: '/headers/idempotency-key', code: 'Invalid' }),
    ]);
  });

  it('reports body and header problems together', () => {
    // Act
    const errors = errorsOf(
      with_((b) => (b.amount.currency = 'EUR')),
      'bad key',
    );

    // Assess
    expect(errors.map((e) => e.path)).toEqual(['/amount/currency', '/headers/idempotency-key']);
  });
});

describe('Function: parseCorrelationIdQuery', () => {
  it('returns a valid correlationId', () => {
    // Act + Assess
    expect(parseCorrelationIdQuery('DB-ID-123abc')).toBe('DB-ID-123abc');
  });

  it.each([
    ['missing', undefined, 'Required'],
    ['with a space', 'a b', 'Invalid'],
    ['too long', 'a'.repeat(255), 'Invalid'],
  ])('refuses a correlationId %s at /correlationId', (_name, value, code) => {
    // Act
    const act = () => parseCorrelationIdQuery(value);

    // Assess
    expect(act).toThrow(TransferValidationError);
    try {
      act();
    } catch (error) {
      expect((error as TransferValidationError).errors).toEqual([
        expect.objectContaining({ path: '/correlationId', code }),
      ]);
    }
  });
});

describe('Function: canonicalTransferBody', () => {
  it('serialises in Dwolla’s key order, metadata keys sorted, without our accountId', () => {
    // Prepare
    const { request } = parseCreateTransfer(
      schema,
      {
        metadata: { zeta: '1', alpha: '2' },
        correlationId: 'order-42',
        amount: { currency: 'USD', value: '10.00' },
        _links: { destination: { href: 'mailto:a@b.co' }, source: { href: FS } },
        accountId: ACCOUNT,
        fees: [
          {
            amount: { currency: 'USD', value: '1.00' },
            _links: { 'charge-to': { href: `${API}/accounts/${ACCOUNT}` } },
          },
        ],
      },
      'k',
      () => 'unused',
    );

    // Act
    const body = canonicalTransferBody(request);

    // Assess
    expect(body).toBe(
      `{"_links":{"source":{"href":"${FS}"},"destination":{"href":"mailto:a@b.co"}},` +
        '"amount":{"currency":"USD","value":"10.00"},"correlationId":"order-42",' +
        '"metadata":{"alpha":"2","zeta":"1"},' +
        `"fees":[{"_links":{"charge-to":{"href":"${API}/accounts/${ACCOUNT}"}},"amount":{"currency":"USD","value":"1.00"}}]}`,
    );
  });

  it('gives equal bytes and hash for the same request written in another key order', () => {
    // Prepare
    const a = parseCreateTransfer(schema, validBody(), 'k', () => '').request;
    const reordered = validBody();
    const b = parseCreateTransfer(
      schema,
      { amount: { currency: 'USD', value: '10.00' }, _links: reordered._links, accountId: ACCOUNT },
      'k',
      () => '',
    ).request;

    // Act + Assess
    expect(canonicalTransferBody(b)).toBe(canonicalTransferBody(a));
    expect(requestHash(ACCOUNT, canonicalTransferBody(b))).toBe(
      requestHash(ACCOUNT, canonicalTransferBody(a)),
    );
  });

  it('tells the same body for another account apart', () => {
    // Prepare
    const body = canonicalTransferBody(
      parseCreateTransfer(schema, validBody(), 'k', () => '').request,
    );

    // Act + Assess
    expect(requestHash(ACCOUNT, body)).not.toBe(
      requestHash('07d59716-ef22-4fe6-98e8-f3190233dfb8', body),
    );
  });
});
