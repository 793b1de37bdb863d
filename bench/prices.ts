/**
 * AWS list prices used by the cost estimate: us-east-1, on-demand, public price pages, as known
 * on 2025-06-01 (no network access from the bench: check the pages before quoting a figure).
 * Free tiers are ignored: the estimate is the marginal cost of one more million events.
 */
export const PRICES_USD = {
  /** AWS Lambda pricing, "Arm price", first 7.5 billion GB-s / month. */
  lambdaArmPerGbSecond: 0.0000133334,
  /** AWS Lambda pricing, "Requests", per 1M invocations. */
  lambdaPerMillionRequests: 0.2,
  /** Amazon API Gateway pricing, "HTTP APIs", first 300 million requests / month, per 1M. */
  httpApiPerMillionRequests: 1.0,
  /** Amazon SNS pricing, "Standard topics", API requests (Publish), per 1M (64 KB chunks). */
  snsPublishPerMillion: 0.5,
  /** Amazon SNS pricing, notification deliveries to Amazon SQS: no charge. */
  snsToSqsDeliveryPerMillion: 0,
  /** Amazon SQS pricing, "Standard queue", per 1M requests (send, receive, delete; 64 KB chunks). */
  sqsPerMillionRequests: 0.4,
  /** Amazon DynamoDB pricing, on-demand, per 1M write request units (after the Nov 2024 cut). */
  dynamodbPerMillionWru: 0.625,
  /** Amazon DynamoDB pricing, on-demand, per 1M read request units (after the Nov 2024 cut). */
  dynamodbPerMillionRru: 0.125,
  /** AWS Secrets Manager pricing, per 10,000 API calls. */
  secretsManagerPer10kCalls: 0.05,
  /** AWS Secrets Manager pricing, per secret per month. */
  secretsManagerPerSecretMonth: 0.4,
  /** AWS KMS pricing, per customer managed key per month. */
  kmsPerKeyMonth: 1.0,
  /** AWS KMS pricing, symmetric requests (Encrypt, Decrypt, GenerateDataKey), per 10,000. */
  kmsPer10kRequests: 0.03,
  /** Amazon CloudWatch pricing, Logs "Collect (data ingestion)", standard class, per GB. */
  cloudwatchLogsPerGbIngested: 0.5,
} as const;

/**
 * Log bytes per invocation assumed by the estimate (not measured: the bench silences logs):
 * Lambda's START/END/REPORT lines (~350 B), one EMF metrics document (~500 B) and one or two
 * structured log lines (~300 B).
 */
export const ESTIMATED_LOG_BYTES_PER_INVOCATION = 1_150;
