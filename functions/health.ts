import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { json } from '../shared/http/responses.js';

/**
 * `GET /health` (public): 200 `{"status":"ok"}` once the function can run at all.
 * It checks no dependency, so it answers even while a downstream service is down.
 *
 * @example
 * ```ts
 * await handler(event, context); // { statusCode: 200, body: '{"status":"ok"}', … }
 * ```
 */
async function health(): Promise<APIGatewayProxyResultV2> {
  return json(200, { status: 'ok' });
}

export const handler = middy(health);
