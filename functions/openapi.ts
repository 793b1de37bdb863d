import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import document from '../openapi.json' with { type: 'json' };

/**
 * `GET /openapi.json` (public): the OpenAPI 3.1 document of the API, the checked-in file that
 * `npm run openapi` generates from the route table and the handlers' schemas, bundled into the
 * function so it answers without reading anything.
 *
 * @example
 * ```ts
 * await handler(event, context); // { statusCode: 200, body: '{"openapi":"3.1.1",…}' }
 * ```
 */
const body = JSON.stringify(document);

async function openapi(): Promise<APIGatewayProxyResultV2> {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' },
    body,
  };
}

export const handler = middy(openapi);
