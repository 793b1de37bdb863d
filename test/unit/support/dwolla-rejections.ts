/** Dwolla's 400 answer to `POST /transfers` when the source lacks funds, as the API passes it on. */

/** The embedded error: the source funding source has insufficient funds. */
export const INSUFFICIENT_FUNDS = {
  code: 'InsufficientFunds',
  message: 'Insufficient funds.',
  path: '/_links/source/href',
} as const;

/** The whole body: a `ValidationError` with `INSUFFICIENT_FUNDS` embedded. */
export const INSUFFICIENT_FUNDS_REJECTION = {
  code: 'ValidationError',
  message: 'Validation error(s) present.',
  _embedded: { errors: [INSUFFICIENT_FUNDS] },
} as const;
