// A local S3-compatible server (s3rver) on a free loopback port, with one empty bucket, for tests of
// the S3 photo storage. It knows the access key S3RVER (secret S3RVER); it does not verify V4 signatures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
};

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  directory: string;
  /** The HOTLINE_S3_* environment of a server that stores its photos here. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startFakeS3(bucket = 'hotline-photos'): Promise<FakeS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    directory,
    env: {
      HOTLINE_S3_BUCKET: bucket,
      HOTLINE_S3_ENDPOINT: endpoint,
      HOTLINE_S3_REGION: 'us-east-1',
      HOTLINE_S3_FORCE_PATH_STYLE: '1',
      HOTLINE_S3_ACCESS_KEY_ID: 'S3RVER',
      HOTLINE_S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    async close() {
      await server.close().catch(() => undefined);
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
