import type { Context } from 'aws-lambda';

/** A test-only function: reports its context, or never finishes when asked to hang. */
export async function handler(event: { hang?: boolean }, context: Context) {
  if (event.hang) await new Promise(() => undefined);
  return {
    functionName: context.functionName,
    remainingMs: context.getRemainingTimeInMillis(),
    requestId: context.awsRequestId,
    at: new Date(0),
    dropped: undefined,
  };
}
