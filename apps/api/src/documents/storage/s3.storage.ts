import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ByteRange, DocumentStorage } from './storage';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  prefix: string;
}

/**
 * S3-compatible object storage, for deployments with more than one api process and no shared
 * disk. The upload is spooled to a local temporary file first (so it can be hashed and checked
 * before anything is stored), then sent with one PutObject: S3 makes an object visible only
 * once it is complete, which gives the same all-or-nothing guarantee as the local rename.
 * Credentials come from S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY, else the SDK's default chain
 * (environment, shared config, instance role).
 */
export class S3Storage implements DocumentStorage {
  readonly driver = 's3' as const;
  /** PutObject reads the spooled file from anywhere: the system's temporary directory will do. */
  readonly incomingDir = join(tmpdir(), 'cop-documents-incoming');
  readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    const config: S3ClientConfig = {
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      // Checksums only when the operation requires them: S3-compatible servers differ in support.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    if (options.accessKeyId && options.secretAccessKey)
      config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    this.client = new S3Client(config);
  }

  private key(key: string): string {
    return `${this.options.prefix}${key}`;
  }

  async putFile(key: string, tempPath: string, meta: { size: number; mediaType: string; sha256: string }): Promise<void> {
    try {
      if (await this.exists(key)) return;
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.key(key),
          Body: createReadStream(tempPath),
          ContentLength: meta.size,
          ContentType: meta.mediaType,
          Metadata: { sha256: meta.sha256 },
        }),
      );
    } finally {
      await unlink(tempPath).catch(() => undefined);
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const out = await this.client.send(
      new GetObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key(key),
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    if (!out.Body) throw new Error(`S3 returned no body for ${key}`);
    return out.Body as Readable;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
      return true;
    } catch (e) {
      if (e instanceof NotFound || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
  }
}
