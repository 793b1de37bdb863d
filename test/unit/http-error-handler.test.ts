import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountNotFoundError } from '../../shared/accounts/errors.js';
import { httpErrorHandler } from '../../shared/http/error-handler.js';
import { HttpError } from '../../shared/http/errors.js';
import { logger } from '../../shared/observability/logger.js';
import { RequestInProgressError } from '../../shared/transfers/errors.js';
import { PublishFailedError } from '../../shared/webhooks/errors.js';

async function answerTo(error: unknown) {
  const handler = middy(async (): Promise<APIGatewayProxyStructuredResultV2> => {
    throw error;
  }).use(httpErrorHandler());
  const res = (await handler(
    {} as APIGatewayProxyEventV2,
    {} as Context,
  )) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, headers: res.headers, body: JSON.parse(String(res.body)) };
}

describe('Middleware: httpErrorHandler', () => {
  let logged: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers a typed error with its own status and public body, never its internal message', async () => {
    // Act
    const res = await answerTo(new AccountNotFoundError('acc-1'));

    // Assess
    expect(res).toMatchObject({
      status: 404,
      body: { code: 'NotFound', message: 'Account not found.' },
    });
  });

  it('sends the headers a typed error carries', async () => {
    // Act
    const res = await answerTo(new RequestInProgressError(3));

    // Assess
    expect(res.status).toBe(409);
    expect(res.headers).toMatchObject({ 'retry-after': '3', 'content-type': 'application/json' });
  });

  it.each([
    ['an unknown error', new Error('table dwolla-serverless-x is throttled')],
    ['a typed 5xx', new PublishFailedError('evt-1', { cause: new Error('sns down') })],
    ['a thrown non-error', 'boom'],
  ])('answers %s with a bare 500 that says nothing internal', async (_name, error) => {
    // Act
    const res = await answerTo(error);

    // Assess
    expect(res).toEqual({
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: { code: 'ServerError', message: 'A server error occurred.' },
    });
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it('answers an edge HttpError with its status and body', async () => {
    // Act
    const res = await answerTo(new HttpError(403, { code: 'Forbidden', message: 'No scope.' }));

    // Assess
    expect(res).toMatchObject({ status: 403, body: { code: 'Forbidden', message: 'No scope.' } });
  });
});
