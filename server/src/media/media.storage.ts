// Where photo bytes live. A port with two adapters: the embedded installation keeps them on the
// local disk under <dataDir>/media (the default); a city puts them in S3-compatible storage
// (s3.storage.ts) so that every API instance serves every photo.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface MediaStorage {
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when the key holds nothing. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
  /** A URL the client may fetch the bytes from directly until it expires, if the storage offers one. */
  presignedUrl?(key: string, expiresInSeconds: number): Promise<string | null>;
}

export const MEDIA_STORAGE = Symbol('MEDIA_STORAGE');

const SAFE_KEY = /^[\w-]+(\/[\w-]+)*\.[a-z]+$/;

export class LocalDiskMediaStorage implements MediaStorage {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.file(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so a reader never sees half a photo.
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, bytes, { mode: 0o600 });
    await fs.rename(tmp, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }

  /** Keys are made by the server; still, nothing may step outside the root. */
  private file(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`unsafe media key: ${key}`);
    return path.join(this.root, key);
  }
}
