// Photos in S3-compatible storage (a local s3rver speaking the S3 protocol): stored in the bucket,
// never on the instance's disk; served through the API's signed URLs, or as the bucket's own
// pre-signed URLs when configured; a bucket that is down answers 503 in the error shape.
import fs from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { startFakeS3, type FakeS3 } from './fakes/s3-server';
import { uploadPhoto } from './fixtures';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

const jpeg = () =>
  sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .toBuffer();

async function upload(server: TestServer, token: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await jpeg())], { type: 'image/jpeg' }), 'p.jpg');
  const res = await fetch(`${server.url}/api/media`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

describe(`photos in S3-compatible storage on ${testDbKind}`, () => {
  let s3: FakeS3;
  let bucket: S3Client;

  beforeAll(async () => {
    s3 = await startFakeS3();
    bucket = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  });
  afterAll(async () => {
    bucket?.destroy();
    await s3?.close();
  });

  describe('served through the API', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(s3.env);
    });
    afterAll(() => server?.close());

    it('stores the re-encoded photo and its thumbnail in the bucket, not on the disk, and serves them through signed API URLs', async () => {
      const resident = await devLogin(server, 'resident');
      const id = await uploadPhoto(server, resident);
      const row = await server.database.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const listed = await bucket.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual(expect.arrayContaining([row.storage_key, row.thumb_key]));
      expect(fs.existsSync(path.join(server.dataDir, 'media'))).toBe(false);

      const uploaded = await upload(server, resident);
      expect(uploaded.status).toBe(201);
      expect(uploaded.body.url).toMatch(/^\/api\/media\//);
      const served = await fetch(server.url + uploaded.body.url);
      expect(served.status).toBe(200);
      const original = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
      expect([original.format, original.width, original.height]).toEqual(['jpeg', 80, 60]);
      const thumb = await fetch(server.url + uploaded.body.thumbUrl);
      expect(thumb.status).toBe(200);

      const object = await bucket.send(new GetObjectCommand({ Bucket: s3.bucket, Key: await keyOf(server, uploaded.body.id) }));
      expect(Number(object.ContentLength)).toBe(uploaded.body.bytes);
    });

    it('answers a photo missing from the bucket like any missing photo', async () => {
      const resident = await devLogin(server, 'resident');
      const uploaded = await upload(server, resident);
      await bucket.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: await keyOf(server, uploaded.body.id) }));
      const res = await fetch(server.url + uploaded.body.url);
      expect(res.status).toBe(404);
      expect((await res.json()).code).toBe('MEDIA_NOT_FOUND');
    });
  });

  describe('served as pre-signed bucket URLs', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ ...s3.env, HOTLINE_S3_PRESIGNED_URLS: '1' });
    });
    afterAll(() => server?.close());

    it('hands out URLs, valid for an hour, that the bucket itself serves', async () => {
      const resident = await devLogin(server, 'resident');
      const uploaded = await upload(server, resident);
      expect(uploaded.status).toBe(201);
      expect(uploaded.body.url.startsWith(`${s3.endpoint}/${s3.bucket}/`)).toBe(true);
      expect(uploaded.body.url).toMatch(/X-Amz-Signature=/);
      const res = await fetch(uploaded.body.url);
      expect(res.status).toBe(200);
      expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(80);
      // s3rver does not check V4 signatures, so the signature's strength is S3's to prove, not ours.
      expect(new URL(uploaded.body.url).searchParams.get('X-Amz-Expires')).toBe('3600');
    });
  });

  it('answers 503 MEDIA_STORAGE_UNAVAILABLE when the bucket cannot be reached, and keeps no row', async () => {
    const down = await startTestServer({ ...s3.env, HOTLINE_S3_ENDPOINT: 'http://127.0.0.1:9' });
    try {
      const resident = await devLogin(down, 'resident');
      const res = await upload(down, resident);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'MEDIA_STORAGE_UNAVAILABLE', requestId: expect.any(String) });
      const rows = await down.database.db.selectFrom('media').select('id').execute();
      expect(rows).toHaveLength(0);
    } finally {
      await down.close();
    }
  });
});

async function keyOf(server: TestServer, id: string): Promise<string> {
  return (await server.database.db.selectFrom('media').select('storage_key').where('id', '=', id).executeTakeFirstOrThrow())
    .storage_key;
}
