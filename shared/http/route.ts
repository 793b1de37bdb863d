import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * An API Gateway HTTP API (payload 2.0) route handler, before middy: what every route module
 * exports for its entry file to wrap.
 *
 * @example
 * ```ts
 * export const handler = httpHandler(getTransferRoute({ getTransfer }));
 * ```
 */
export type Route = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
