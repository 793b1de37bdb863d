import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The structured JSON logger of every function (Powertools). Log ids — event, transfer,
 * correlation, account — never a token, secret, authorization code or signature.
 *
 * @example
 * ```ts
 * logger.info('event stored', { eventId, topic });
 * ```
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dwolla-serverless',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});
