import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { httpErrorHandler } from '../http/error-handler.js';
import { logger } from './logger.js';
import { metrics } from './metrics.js';

/**
 * The middy stack of every function: the Lambda context on each log line
 * (`injectLambdaContext`, which never logs the event) and the metrics flushed once per invocation
 * (`logMetrics`), wherever in the use case they were counted.
 *
 * @example
 * ```ts
 * export const handler = lambdaHandler((event: SQSEvent) => processBatch(event));
 * ```
 */
export function lambdaHandler<TEvent, TResult>(
  handler: (event: TEvent, context: Context) => Promise<TResult>,
) {
  return middy(handler).use(injectLambdaContext(logger)).use(logMetrics(metrics));
}

/**
 * {@link lambdaHandler} for an API Gateway route, with the one error middleware
 * (`httpErrorHandler()`): a typed error answers with its own status and body, anything else a
 * bare 500.
 *
 * @example
 * ```ts
 * export const handler = httpHandler(getTransferRoute({ getTransfer }));
 * ```
 */
export function httpHandler(
  route: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>,
) {
  return lambdaHandler(route).use(httpErrorHandler());
}
