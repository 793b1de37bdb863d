import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { HttpError, isPublicError, SERVER_ERROR_BODY } from './errors.js';
import { json } from './responses.js';

/**
 * The one middy middleware turning thrown errors into responses (Middy's `http-error-handler` is
 * the model): a {@link PublicError} answers with its own status, body and headers, the same on
 * every route; anything else is logged and becomes a bare 500 that says nothing internal.
 *
 * @example
 * ```ts
 * export const handler = httpHandler(route);
 * ```
 */
export function httpErrorHandler(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: async function httpErrorHandlerOnError(request) {
      const { error } = request;
      if (isPublicError(error)) {
        const { statusCode, body, headers } = error.httpAnswer;
        if (statusCode >= 500) logger.error('request failed', { error });
        request.response = json(statusCode, body, headers);
        return;
      }
      logger.error('unhandled error', { error });
      request.response = json(500, SERVER_ERROR_BODY);
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
