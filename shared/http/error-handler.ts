import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { HttpError } from './errors.js';
import { json } from './responses.js';

/**
 * Middy middleware turning thrown errors into responses: an {@link HttpError} becomes its own
 * status and body; anything else is logged and becomes a bare 500 that says nothing internal.
 *
 * @example
 * ```ts
 * export const handler = middy(route).use(httpErrorHandler());
 * ```
 */
export function httpErrorHandler(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: async function httpErrorHandlerOnError(request) {
      const { error } = request;
      if (error instanceof HttpError) {
        if (error.statusCode >= 500) logger.error('request failed', { error });
        request.response = json(error.statusCode, error.body, error.headers);
        return;
      }
      logger.error('unhandled error', { error });
      request.response = json(500, { code: 'ServerError', message: 'A server error occurred.' });
    },
  };
}

/**
 * Parses a JSON request body (base64-decoded when API Gateway says so), or throws a 400.
 *
 * @example
 * ```ts
 * const body = parseJsonBody(event);
 * ```
 */
export function parseJsonBody(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>,
): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, {
      code: 'InvalidRequest',
      message: 'The request body is not valid JSON.',
    });
  }
}
