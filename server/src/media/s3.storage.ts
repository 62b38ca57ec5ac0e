// Photos in S3-compatible object storage (AWS S3, Aliyun OSS, Tencent COS, MinIO), so every API
// instance of a city reads what any of them stored. Endpoint, region, bucket and path-style
// addressing are configurable; pre-signed GET URLs let phones fetch photos from the bucket itself.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { DomainError } from '@hotline/core';
import type { MediaStorage } from './media.storage';

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint: string | null;
  forcePathStyle: boolean;
  /** Unset: the SDK's default credential chain (instance role, ~/.aws, AWS_* variables). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  presignedUrls: boolean;
}

export class S3MediaStorage implements MediaStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      maxAttempts: 3,
    });
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    await unavailableOnFailure(
      this.client.send(
        new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: bytes, ContentType: 'image/jpeg' }),
      ),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : null;
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404))
        return null;
      return unavailableOnFailure(Promise.reject(error));
    }
  }

  async delete(key: string): Promise<void> {
    await unavailableOnFailure(this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key })));
  }

  /** A GET URL the bucket itself honours until it expires; null when the API serves the bytes. */
  async presignedUrl(key: string, expiresInSeconds: number): Promise<string | null> {
    if (!this.settings.presignedUrls) return null;
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }

  close(): void {
    this.client.destroy();
  }
}

/** A bucket that cannot be reached or refuses us answers 503 with our error shape, never a 500. */
async function unavailableOnFailure<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw Object.assign(new DomainError('MEDIA_STORAGE_UNAVAILABLE'), { cause: error });
  }
}
