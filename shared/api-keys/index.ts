export type { ApiKeyAdminStore, ApiKeyRecord, ApiKeyStore } from './api-key-store.js';
export {
  type ApiKeyDecision,
  apiKeyView,
  authorizeApiKey,
  createApiKey,
  type NewApiKey,
  registerApiKey,
  unusableReason,
  validateNewApiKey,
  validateTenantId,
} from './authorize.js';
export { DynamoDbApiKeyStore } from './dynamodb-api-key-store.js';
export {
  ApiKeyError,
  ApiKeyExistsError,
  ApiKeyNotFoundError,
  InvalidApiKeyArgumentError,
} from './errors.js';
export { generateApiKey, hashApiKey, KEY_ID_PATTERN, keyIdOf } from './hash.js';
