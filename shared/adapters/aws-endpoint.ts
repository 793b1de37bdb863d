/**
 * The endpoint override for one AWS service, from the standard `AWS_ENDPOINT_URL_<SERVICE>`
 * variable the local runner sets; `undefined` in AWS, where the region decides. Passed explicitly
 * because the SQS client would otherwise send to the queue URL's host (fauxqs's does not resolve).
 *
 * @example
 * ```ts
 * new SNSClient({ endpoint: endpointFor('SNS') });
 * ```
 */
export function endpointFor(
  service: 'DYNAMODB' | 'SQS' | 'SNS' | 'SECRETS_MANAGER' | 'KMS',
): string | undefined {
  return process.env[`AWS_ENDPOINT_URL_${service}`] || undefined;
}
