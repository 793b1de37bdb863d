import { type HttpAnswer, type PublicError, validationAnswer } from '../http/errors.js';

/**
 * Typed errors of the app notifications. Each keeps its `cause`; none carries a secret or a
 * signature. Those a caller can meet carry their {@link HttpAnswer}.
 */

/** The tenant already has the maximum number of webhook endpoints. */
export class EndpointLimitError extends Error implements PublicError {
  constructor(readonly limit: number) {
    super(`A tenant has at most ${limit} webhook endpoints.`);
    this.name = 'EndpointLimitError';
  }

  get httpAnswer(): HttpAnswer {
    return validationAnswer([{ code: 'MaxNumberReached', message: this.message, path: '/' }]);
  }
}

/** No endpoint with this id belongs to the caller's tenant. */
export class EndpointNotFoundError extends Error implements PublicError {
  constructor(readonly endpointId: string) {
    super('Webhook endpoint not found.');
    this.name = 'EndpointNotFoundError';
  }

  get httpAnswer(): HttpAnswer {
    return { statusCode: 404, body: { code: 'NotFound', message: this.message } };
  }
}

/** An endpoint URL the system must not call (its reason is safe to show the caller). */
export class EndpointUrlError extends Error implements PublicError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'EndpointUrlError';
  }

  get httpAnswer(): HttpAnswer {
    return validationAnswer([{ code: 'Invalid', message: this.message, path: '/url' }]);
  }
}

/** A request to an endpoint that did not end in an HTTP answer (refused, timed out, reset). */
export class DeliveryTransportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeliveryTransportError';
  }
}

/** SQS refused some delivery messages of a batch (the stream record is retried as a whole). */
export class DeliveryEnqueueError extends Error {
  constructor(readonly failed: number) {
    super(`SQS refused ${failed} delivery message(s).`);
    this.name = 'DeliveryEnqueueError';
  }
}
