import { randomBytes, randomUUID } from 'node:crypto';

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
const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';

interface SecretVersion {
  readonly versionId: string;
  readonly secretString?: string;
  readonly secretBinary?: string;
  readonly stages: Set<string>;
  readonly createdDate: number;
}

interface Secret {
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

const MARKED_FOR_DELETION =
  "You can't perform this operation on the secret because it was marked for deletion.";

/** A Secrets Manager error as the SDK expects it: `__type` and `message`, status 400. */
export class SecretsManagerServiceError extends Error {
  constructor(
    public readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'SecretsManagerServiceError';
  }
}

/** An operation's JSON input. */
export type Request = Record<string, unknown>;

function epochSeconds(): number {
  return Date.now() / 1000;
}

function optionalString(request: Request, field: string): string | undefined {
  const value = request[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new SecretsManagerServiceError('InvalidParameterException', `${field} must be a string.`);
  }
  return value;
}

function requiredString(request: Request, field: string): string {
  const value = optionalString(request, field);
  if (!value) {
    throw new SecretsManagerServiceError('InvalidParameterException', `${field} is required.`);
  }
  return value;
}

function tagsOf(request: Request): Array<[string, string]> {
  const tags = request.Tags;
  if (!Array.isArray(tags)) return [];
  return tags.map((tag: { Key?: unknown; Value?: unknown }) => [
    String(tag.Key),
    String(tag.Value ?? ''),
  ]);
}

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

  private addVersion(secret: Secret, request: Request): SecretVersion {
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
    for (const stage of requestedStages) this.moveStage(secret, stage, versionId);
    const version: SecretVersion = {
      versionId,
      stages: new Set(requestedStages),
      createdDate: epochSeconds(),
      ...(secretString !== undefined ? { secretString } : {}),
      ...(secretBinary !== undefined ? { secretBinary } : {}),
    };
    secret.versions.set(versionId, version);
    secret.lastChangedDate = epochSeconds();
    this.dropUnlabelled(secret);
    return version;
  }

  /** Takes `stage` away from whichever version holds it; AWSCURRENT leaves AWSPREVIOUS behind. */
  private moveStage(secret: Secret, stage: string, newVersionId: string): void {
    for (const version of secret.versions.values()) {
      if (version.versionId === newVersionId || !version.stages.has(stage)) continue;
      version.stages.delete(stage);
      if (stage === CURRENT) {
        for (const other of secret.versions.values()) other.stages.delete(PREVIOUS);
        version.stages.add(PREVIOUS);
      }
    }
  }

  private dropUnlabelled(secret: Secret): void {
    for (const [id, version] of secret.versions) {
      if (version.stages.size === 0) secret.versions.delete(id);
    }
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
    const description = optionalString(request, 'Description');
    if (description !== undefined) secret.description = description;
    const hasValue = request.SecretString !== undefined || request.SecretBinary !== undefined;
    const version = hasValue ? this.addVersion(secret, request) : undefined;
    this.secrets.set(name, secret);
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(version ? { VersionId: version.versionId } : {}),
    };
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
    const version = this.addVersion(secret, request);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      VersionStages: [...version.stages],
    };
  }

  updateSecret(request: Request): Record<string, unknown> {
    const secret = this.find(requiredString(request, 'SecretId'));
    const description = optionalString(request, 'Description');
    if (description !== undefined) secret.description = description;
    const hasValue = request.SecretString !== undefined || request.SecretBinary !== undefined;
    const version = hasValue ? this.addVersion(secret, request) : undefined;
    secret.lastChangedDate = epochSeconds();
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(version ? { VersionId: version.versionId } : {}),
    };
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
