import { randomBytes } from 'node:crypto';
import {
  optionalString,
  type Request,
  requiredString,
  SecretsManagerServiceError,
  tagsOf,
} from './secrets-manager-request.js';
import {
  addVersion,
  CURRENT,
  epochSeconds,
  type Secret,
  type SecretVersion,
} from './secrets-manager-versions.js';

/**
 * The secrets of the local Secrets Manager (`secrets-manager-server.ts`) and their operations,
 * independent of HTTP. In memory only.
 *
 * Operations: CreateSecret, GetSecretValue (VersionId / VersionStage), PutSecretValue (moves
 * AWSCURRENT, the former current becomes AWSPREVIOUS), UpdateSecret, DescribeSecret,
 * TagResource, UntagResource, DeleteSecret (a recovery window of 7–30 days, default 30, or
 * `ForceDeleteWithoutRecovery`), RestoreSecret, ListSecrets. As in AWS, a secret scheduled for
 * deletion refuses every operation but DescribeSecret and RestoreSecret with
 * `InvalidRequestException`, keeps its name taken, and is gone once its window has passed.
 */

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const MARKED_FOR_DELETION =
  "You can't perform this operation on the secret because it was marked for deletion.";

/** The in-memory secret store and its operations, independent of HTTP. */
export class SecretStore {
  private readonly secrets = new Map<string, Secret>();

  /** The secret, scheduled for deletion or not (its recovery window not yet over). */
  private findAny(secretId: string): Secret {
    const secret = this.lookupUnexpired(secretId);
    if (secret) return secret;
    throw new SecretsManagerServiceError(
      'ResourceNotFoundException',
      "Secrets Manager can't find the specified secret.",
    );
  }

  /** A live secret: one scheduled for deletion refuses the operation. */
  private find(secretId: string): Secret {
    const secret = this.findAny(secretId);
    if (secret.deletedDate !== undefined) {
      throw new SecretsManagerServiceError('InvalidRequestException', MARKED_FOR_DELETION);
    }
    return secret;
  }

  /** The secret unless its recovery window has passed, in which case it is gone for good. */
  private lookupUnexpired(secretId: string): Secret | undefined {
    const secret = this.lookup(secretId);
    if (secret?.deletedDate === undefined || secret.deletedDate > epochSeconds()) return secret;
    this.secrets.delete(secret.name);
    return undefined;
  }

  private lookup(secretId: string): Secret | undefined {
    const byName = this.secrets.get(secretId);
    if (byName) return byName;
    for (const secret of this.secrets.values()) {
      // A full ARN, or the ARN without its random 6-character suffix, both identify a secret.
      if (secret.arn === secretId || secret.arn.slice(0, -7) === secretId) return secret;
    }
    return undefined;
  }

  private valueResponse(secret: Secret, version: SecretVersion): Record<string, unknown> {
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      VersionStages: [...version.stages],
      CreatedDate: version.createdDate,
      ...(version.secretString !== undefined ? { SecretString: version.secretString } : {}),
      ...(version.secretBinary !== undefined ? { SecretBinary: version.secretBinary } : {}),
    };
  }

  /** Create's and Update's optional `Description` and value; their answer (a `VersionId` if a value came). */
  private applyDescriptionAndValue(secret: Secret, request: Request): Record<string, unknown> {
    const description = optionalString(request, 'Description');
    if (description !== undefined) secret.description = description;
    const hasValue = request.SecretString !== undefined || request.SecretBinary !== undefined;
    const version = hasValue ? addVersion(secret, request) : undefined;
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(version ? { VersionId: version.versionId } : {}),
    };
  }

  createSecret(request: Request): Record<string, unknown> {
    const name = requiredString(request, 'Name');
    const existing = this.lookupUnexpired(name);
    if (existing?.deletedDate !== undefined) {
      throw new SecretsManagerServiceError(
        'InvalidRequestException',
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
      );
    } else if (existing) {
      throw new SecretsManagerServiceError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    const now = epochSeconds();
    const secret: Secret = {
      arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${randomBytes(3).toString('hex')}`,
      name,
      tags: new Map(tagsOf(request)),
      createdDate: now,
      lastChangedDate: now,
      versions: new Map(),
    };
    const answer = this.applyDescriptionAndValue(secret, request);
    this.secrets.set(name, secret);
    return answer;
  }

  getSecretValue(request: Request): Record<string, unknown> {
    const secret = this.find(requiredString(request, 'SecretId'));
    const versionId = optionalString(request, 'VersionId');
    const stage = optionalString(request, 'VersionStage') ?? (versionId ? undefined : CURRENT);
    for (const version of secret.versions.values()) {
      if (versionId !== undefined && version.versionId !== versionId) continue;
      if (stage !== undefined && !version.stages.has(stage)) continue;
      return this.valueResponse(secret, version);
    }
    throw new SecretsManagerServiceError(
      'ResourceNotFoundException',
      versionId
        ? `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`
        : `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
    );
  }

  putSecretValue(request: Request): Record<string, unknown> {
    const secret = this.find(requiredString(request, 'SecretId'));
    const version = addVersion(secret, request);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      VersionStages: [...version.stages],
    };
  }

  updateSecret(request: Request): Record<string, unknown> {
    const secret = this.find(requiredString(request, 'SecretId'));
    const answer = this.applyDescriptionAndValue(secret, request);
    secret.lastChangedDate = epochSeconds();
    return answer;
  }

  describeSecret(request: Request): Record<string, unknown> {
    const secret = this.findAny(requiredString(request, 'SecretId'));
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.description !== undefined ? { Description: secret.description } : {}),
      ...(secret.deletedDate !== undefined ? { DeletedDate: secret.deletedDate } : {}),
      Tags: [...secret.tags].map(([Key, Value]) => ({ Key, Value })),
      VersionIdsToStages: Object.fromEntries(
        [...secret.versions.values()].map((version) => [version.versionId, [...version.stages]]),
      ),
      CreatedDate: secret.createdDate,
      LastChangedDate: secret.lastChangedDate,
    };
  }

  tagResource(request: Request): Record<string, unknown> {
    const secret = this.find(requiredString(request, 'SecretId'));
    for (const [key, value] of tagsOf(request)) secret.tags.set(key, value);
    return {};
  }

  untagResource(request: Request): Record<string, unknown> {
    const secret = this.find(requiredString(request, 'SecretId'));
    const tagKeys = Array.isArray(request.TagKeys) ? request.TagKeys.map(String) : [];
    for (const key of tagKeys) secret.tags.delete(key);
    return {};
  }

  deleteSecret(request: Request): Record<string, unknown> {
    const secret = this.find(requiredString(request, 'SecretId'));
    const force = request.ForceDeleteWithoutRecovery === true;
    const window = request.RecoveryWindowInDays;
    if (force && window !== undefined) {
      throw new SecretsManagerServiceError(
        'InvalidParameterException',
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
      );
    }
    if (force) {
      this.secrets.delete(secret.name);
      return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds() };
    }
    const days = window === undefined ? 30 : window;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 7 || days > 30) {
      throw new SecretsManagerServiceError(
        'InvalidParameterException',
        'RecoveryWindowInDays must be a whole number of days from 7 to 30.',
      );
    }
    secret.deletedDate = epochSeconds() + days * 86_400;
    return { ARN: secret.arn, Name: secret.name, DeletionDate: secret.deletedDate };
  }

  restoreSecret(request: Request): Record<string, unknown> {
    const secret = this.findAny(requiredString(request, 'SecretId'));
    delete secret.deletedDate;
    return { ARN: secret.arn, Name: secret.name };
  }

  listSecrets(request: Request): Record<string, unknown> {
    const includeDeleted = request.IncludePlannedDeletion === true;
    return {
      SecretList: [...this.secrets.values()]
        .filter((secret) => includeDeleted || secret.deletedDate === undefined)
        .map((secret) => ({
          ARN: secret.arn,
          Name: secret.name,
          Tags: [...secret.tags].map(([Key, Value]) => ({ Key, Value })),
          CreatedDate: secret.createdDate,
          LastChangedDate: secret.lastChangedDate,
          ...(secret.deletedDate !== undefined ? { DeletedDate: secret.deletedDate } : {}),
        })),
    };
  }
}
