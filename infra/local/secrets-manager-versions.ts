/** A local Secrets Manager secret's versions and their staging labels (AWSCURRENT, AWSPREVIOUS). */

import { randomUUID } from 'node:crypto';
import {
  optionalString,
  type Request,
  SecretsManagerServiceError,
} from './secrets-manager-request.js';

/** The staging label of a secret's current value. */
export const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';

/** One version of a secret's value, with the staging labels it holds. */
export interface SecretVersion {
  readonly versionId: string;
  readonly secretString?: string;
  readonly secretBinary?: string;
  readonly stages: Set<string>;
  readonly createdDate: number;
}

/** A secret as the store keeps it. */
export interface Secret {
  readonly arn: string;
  readonly name: string;
  description?: string;
  tags: Map<string, string>;
  readonly createdDate: number;
  lastChangedDate: number;
  /** Epoch seconds at which a scheduled deletion happens; absent while the secret is live. */
  deletedDate?: number;
  readonly versions: Map<string, SecretVersion>;
}

/**
 * Now, in the epoch seconds Secrets Manager's dates are given in.
 *
 * @example
 * ```ts
 * const now = epochSeconds();
 * ```
 */
export function epochSeconds(): number {
  return Date.now() / 1000;
}

/**
 * Adds the request's value as a new version (`ClientRequestToken` as its id makes a retry
 * idempotent), moves the requested stages (AWSCURRENT by default) to it and drops versions left
 * without a stage.
 *
 * @example
 * ```ts
 * const version = addVersion(secret, { SecretString: '{}' });
 * ```
 */
export function addVersion(secret: Secret, request: Request): SecretVersion {
  const secretString = optionalString(request, 'SecretString');
  const secretBinary = optionalString(request, 'SecretBinary');
  if (secretString === undefined && secretBinary === undefined) {
    throw new SecretsManagerServiceError(
      'InvalidRequestException',
      'You must provide either SecretString or SecretBinary.',
    );
  }
  const versionId = optionalString(request, 'ClientRequestToken') ?? randomUUID();
  const existing = secret.versions.get(versionId);
  if (existing) {
    // Same token and same value: an idempotent retry. Same token, other value: refused.
    if (existing.secretString === secretString && existing.secretBinary === secretBinary) {
      return existing;
    }
    throw new SecretsManagerServiceError(
      'ResourceExistsException',
      `A version with VersionId ${versionId} already exists with different contents.`,
    );
  }
  const requestedStages = Array.isArray(request.VersionStages)
    ? request.VersionStages.map(String)
    : [CURRENT];
  for (const stage of requestedStages) moveStage(secret, stage, versionId);
  const version: SecretVersion = {
    versionId,
    stages: new Set(requestedStages),
    createdDate: epochSeconds(),
    ...(secretString !== undefined ? { secretString } : {}),
    ...(secretBinary !== undefined ? { secretBinary } : {}),
  };
  secret.versions.set(versionId, version);
  secret.lastChangedDate = epochSeconds();
  dropUnlabelled(secret);
  return version;
}

/** Takes `stage` away from whichever version holds it; AWSCURRENT leaves AWSPREVIOUS behind. */
function moveStage(secret: Secret, stage: string, newVersionId: string): void {
  for (const version of secret.versions.values()) {
    if (version.versionId === newVersionId || !version.stages.has(stage)) continue;
    version.stages.delete(stage);
    if (stage === CURRENT) {
      for (const other of secret.versions.values()) other.stages.delete(PREVIOUS);
      version.stages.add(PREVIOUS);
    }
  }
}

function dropUnlabelled(secret: Secret): void {
  for (const [id, version] of secret.versions) {
    if (version.stages.size === 0) secret.versions.delete(id);
  }
}
