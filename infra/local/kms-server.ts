import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { AWS_JSON, listen, readBody, sendJson } from './http-json.js';

/**
 * A small AWS KMS speaking the real wire protocol (AWS JSON 1.1: `POST /`,
 * `X-Amz-Target: TrentService.<Operation>`, blobs as base64), so the token vault that keeps
 * pairs in the table under envelope encryption runs locally through `@aws-sdk/client-kms`
 * unchanged. One symmetric key per start, in memory, or kept in a file (owner-only) when the
 * stack persists its data, so a restarted stack can still read the pairs it stored.
 *
 * Operations: GenerateDataKey (`KeySpec: AES_256` or `NumberOfBytes`), Encrypt, Decrypt,
 * DescribeKey. The encryption context is authenticated (AES-256-GCM additional data), so a
 * ciphertext only decrypts with the context it was made with, as in KMS
 * (https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html).
 */

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

/** A KMS error as the SDK expects it: `__type` and `message`, status 400. */
class KmsServiceError extends Error {
  constructor(
    public readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'KmsServiceError';
  }
}

type Request = Record<string, unknown>;

/** The running server: its endpoint and the ARN of its one key. */
export interface LocalKms {
  readonly endpoint: string;
  readonly keyArn: string;
  stop(): Promise<void>;
}

function contextOf(request: Request): Buffer {
  const context = request.EncryptionContext;
  if (context === undefined || context === null) return Buffer.alloc(0);
  if (typeof context !== 'object' || Array.isArray(context)) {
    throw new KmsServiceError('ValidationException', 'EncryptionContext must be a map.');
  }
  const entries = Object.entries(context as Record<string, unknown>)
    .map(([key, value]) => [key, String(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
}

function blobOf(request: Request, field: string): Buffer {
  const value = request[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new KmsServiceError('ValidationException', `${field} is required.`);
  }
  return Buffer.from(value, 'base64');
}

/**
 * The key's operations. A ciphertext blob is `keyId (36) | iv (12) | tag (16) | ciphertext`:
 * opaque to callers, as KMS's own is.
 */
class LocalKey {
  readonly arn: string;

  constructor(
    readonly keyId: string,
    private readonly material: Buffer,
  ) {
    this.arn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`;
  }

  /** A new key, or the one kept in `path` (created there on first use). */
  static load(path: string | undefined): LocalKey {
    if (path && existsSync(path)) {
      const kept = JSON.parse(readFileSync(path, 'utf8')) as { keyId: string; material: string };
      return new LocalKey(kept.keyId, Buffer.from(kept.material, 'base64'));
    }
    const key = new LocalKey(randomUUID(), randomBytes(32));
    if (path) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(
        path,
        JSON.stringify({ keyId: key.keyId, material: key.material.toString('base64') }),
        { mode: 0o600 },
      );
    }
    return key;
  }

  matches(keyId: unknown): boolean {
    if (typeof keyId !== 'string') return false;
    return keyId === this.keyId || keyId === this.arn || keyId.startsWith('alias/');
  }

  encrypt(plaintext: Buffer, context: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.material, iv);
    cipher.setAAD(context);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from(this.keyId, 'ascii'), iv, cipher.getAuthTag(), body]);
  }

  decrypt(blob: Buffer, context: Buffer): Buffer {
    if (blob.length < 64 || blob.subarray(0, 36).toString('ascii') !== this.keyId) {
      throw new KmsServiceError('InvalidCiphertextException', 'The ciphertext is invalid.');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.material, blob.subarray(36, 48));
      decipher.setAAD(context);
      decipher.setAuthTag(blob.subarray(48, 64));
      return Buffer.concat([decipher.update(blob.subarray(64)), decipher.final()]);
    } catch {
      throw new KmsServiceError('InvalidCiphertextException', 'The ciphertext is invalid.');
    }
  }
}

function operate(key: LocalKey, operation: string, request: Request): Record<string, unknown> {
  const requireKey = () => {
    if (!key.matches(request.KeyId)) {
      throw new KmsServiceError('NotFoundException', `Key '${String(request.KeyId)}' not found.`);
    }
  };
  switch (operation) {
    case 'GenerateDataKey': {
      requireKey();
      const bytes =
        request.KeySpec === 'AES_256'
          ? 32
          : request.KeySpec === 'AES_128'
            ? 16
            : Number(request.NumberOfBytes);
      if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
        throw new KmsServiceError('ValidationException', 'KeySpec or NumberOfBytes is required.');
      }
      const plaintext = randomBytes(bytes);
      return {
        KeyId: key.arn,
        Plaintext: plaintext.toString('base64'),
        CiphertextBlob: key.encrypt(plaintext, contextOf(request)).toString('base64'),
      };
    }
    case 'Encrypt': {
      requireKey();
      const blob = key.encrypt(blobOf(request, 'Plaintext'), contextOf(request));
      return { KeyId: key.arn, CiphertextBlob: blob.toString('base64') };
    }
    case 'Decrypt': {
      if (request.KeyId !== undefined && !key.matches(request.KeyId)) {
        throw new KmsServiceError(
          'IncorrectKeyException',
          'The key ID in the request does not identify the key that encrypted the ciphertext.',
        );
      }
      const plaintext = key.decrypt(blobOf(request, 'CiphertextBlob'), contextOf(request));
      return { KeyId: key.arn, Plaintext: plaintext.toString('base64') };
    }
    case 'DescribeKey':
      requireKey();
      return {
        KeyMetadata: {
          KeyId: key.keyId,
          Arn: key.arn,
          KeyState: 'Enabled',
          KeySpec: 'SYMMETRIC_DEFAULT',
          KeyUsage: 'ENCRYPT_DECRYPT',
          Enabled: true,
        },
      };
    default:
      throw new KmsServiceError('UnsupportedOperationException', `${operation} is not supported.`);
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  sendJson(response, status, body, { 'content-type': AWS_JSON });
}

/**
 * Starts the local KMS on 127.0.0.1.
 *
 * @example
 * ```ts
 * const kms = await startKmsServer({ port: 0 });
 * new KMSClient({ endpoint: kms.endpoint }); // GenerateDataKey with KeyId: kms.keyArn
 * ```
 */
export async function startKmsServer(options: {
  port: number;
  /** Keep the key material here (with `npm start -- --persist`). */
  keyFile?: string;
}): Promise<LocalKms> {
  const key = LocalKey.load(options.keyFile);
  const server = createServer(async (request, response) => {
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      if (request.method !== 'POST' || !target.startsWith('TrentService.')) {
        throw new KmsServiceError('UnknownOperationException', 'Unknown operation.');
      }
      const text = (await readBody(request))!.toString('utf8');
      const body = (text ? JSON.parse(text) : {}) as Request;
      reply(response, 200, operate(key, target.slice('TrentService.'.length), body));
    } catch (error) {
      if (error instanceof KmsServiceError) {
        reply(response, 400, { __type: error.type, message: error.message });
        return;
      }
      reply(response, 500, { __type: 'KMSInternalException', message: 'Internal error.' });
    }
  });
  const { port, close } = await listen(server, options.port, '127.0.0.1');
  return { endpoint: `http://127.0.0.1:${port}`, keyArn: key.arn, stop: close };
}
