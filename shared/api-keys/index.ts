export type { ApiKeyRecord, ApiKeyStore } from './api-key-store.js';
export { type ApiKeyDecision, authorizeApiKey, createApiKey, registerApiKey } from './authorize.js';
export { DynamoDbApiKeyStore } from './dynamodb-api-key-store.js';
export { ApiKeyError, ApiKeyExistsError, InvalidApiKeyNameError } from './errors.js';
export { API_KEY_PREFIX, generateApiKey, hashApiKey } from './hash.js';
