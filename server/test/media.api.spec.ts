import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { withDeclaredSize, withRotation } from './fixtures/heif-boxes';
import { MediaService } from '../src/media/media.service';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

async function upload(
  server: TestServer,
  token: string | null,
  bytes: Buffer,
  filename = 'photo.jpg',
  type = 'image/jpeg',
) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  const res = await fetch(`${server.url}/api/media`, {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

// 64×48, top half red, bottom half blue; made by heif-enc (libheif 1.15, x265) from a JPEG
// carrying EXIF (Make "HotlinePhone", GPS, orientation 6); see fixtures/README.md.
const sampleHeic = fs.readFileSync(path.join(__dirname, 'fixtures/sample.heic'));

async function storedPhoto(server: TestServer, id: string) {
  const row = await server.database.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return fs.readFileSync(path.join(server.dataDir, 'media', row.storage_key));
}

/** The colour at (x, y), each channel rounded to the nearest of 0, 64, …, 256 so JPEG noise does not matter. */
async function colourAt(jpeg: Buffer, x: number, y: number): Promise<string> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)].map((v) => (v > 128 ? 'hi' : 'lo')).join('-');
}
const RED = 'hi-lo-lo';
const BLUE = 'lo-lo-hi';

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } });

describe(`photo upload on ${testDbKind}`, () => {
  let server: TestServer;
  let resident: string;

  beforeAll(async () => {
    server = await startTestServer();
    resident = await devLogin(server, 'resident');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('stores a JPEG without its EXIF and GPS data, upright, with a thumbnail, under a server-made name', async () => {
    const original = await photo(400, 200)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({
        IFD0: { Make: 'HotlinePhone' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 2/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '114/1 5/1 6/1' },
      })
      .toBuffer();
    const before = await sharp(original).metadata();
    expect(before.exif).toBeDefined();
    expect(original.includes(Buffer.from('HotlinePhone'))).toBe(true);
    expect(before.orientation).toBe(6);

    const res = await upload(server, resident, original, '../../etc/passwd.jpg');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'image/jpeg', width: 200, height: 400 });

    const row = await server.database.db
      .selectFrom('media')
      .selectAll()
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(row.storage_key).not.toContain('passwd');
    const stored = fs.readFileSync(path.join(server.dataDir, 'media', row.storage_key));
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(stored.includes(Buffer.from('HotlinePhone'))).toBe(false);
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 200, height: 400 });

    const full = await fetch(server.url + res.body.url);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await full.arrayBuffer()).equals(stored)).toBe(true);
    const thumb = await fetch(server.url + res.body.thumbUrl);
    const thumbMeta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(thumbMeta.width ?? 0, thumbMeta.height ?? 0)).toBeLessThanOrEqual(320);
  });

  it('accepts PNG and WebP by their content', async () => {
    const png = await upload(
      server,
      resident,
      await photo(64, 64).png().toBuffer(),
      'a.bin',
      'application/octet-stream',
    );
    expect(png.status).toBe(201);
    const webp = await upload(server, resident, await photo(64, 64).webp().toBuffer(), 'b.jpg');
    expect(webp.status).toBe(201);
  });

  it('refuses a file that only claims to be a photo', async () => {
    const text = await upload(server, resident, Buffer.from('<script>alert(1)</script>'), 'x.jpg');
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('MEDIA_TYPE_UNSUPPORTED');
    expect(text.body.details[0].field).toBe('file');
    const fakeJpeg = await upload(
      server,
      resident,
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]),
    );
    expect(fakeJpeg.status).toBe(415);
    const gif = await upload(server, resident, await photo(8, 8).gif().toBuffer(), 'x.png', 'image/png');
    expect(gif.status).toBe(415);
  });

  it('refuses a decompression bomb from its header, before decoding it', async () => {
    const bomb = await photo(10_000, 5_000).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const started = Date.now();
    const res = await upload(server, resident, bomb, 'bomb.png', 'image/png');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('MEDIA_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stores an iPhone HEIC as a JPEG of the same size, without its EXIF and GPS data, with a thumbnail', async () => {
    expect(sampleHeic.includes(Buffer.from('HotlinePhone'))).toBe(true);
    const res = await upload(server, resident, sampleHeic, 'IMG_0001.HEIC', 'image/heic');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'image/jpeg', width: 64, height: 48 });

    const stored = await storedPhoto(server, res.body.id);
    const meta = await sharp(stored).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({
      format: 'jpeg',
      width: 64,
      height: 48,
    });
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from('HotlinePhone'))).toBe(false);
    // The pixels are the photo's, not a blank canvas.
    expect(await colourAt(stored, 32, 5)).toBe(RED);
    expect(await colourAt(stored, 32, 42)).toBe(BLUE);

    const thumb = await fetch(server.url + res.body.thumbUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const thumbMeta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect({ format: thumbMeta.format, width: thumbMeta.width, height: thumbMeta.height }).toEqual({
      format: 'jpeg',
      width: 64,
      height: 48,
    });
  });

  it('turns a HEIC upright by its irot box, like the phone shows it', async () => {
    // irot 3 = 270° anticlockwise, what an iPhone held upright writes: the red top ends on the right.
    const res = await upload(server, resident, withRotation(sampleHeic, 3), 'IMG_0002.HEIC', 'image/heic');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ width: 48, height: 64 });
    const stored = await storedPhoto(server, res.body.id);
    expect(await colourAt(stored, 42, 32)).toBe(RED);
    expect(await colourAt(stored, 5, 32)).toBe(BLUE);
  });

  it('refuses a HEIC whose header declares more than 40 megapixels, before decoding it', async () => {
    for (const [width, height] of [
      [10_000, 5_000],
      [0xffff_ffff, 0xffff_ffff],
    ] as const) {
      const res = await upload(
        server,
        resident,
        withDeclaredSize(sampleHeic, width, height),
        'bomb.heic',
        'image/heic',
      );
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('MEDIA_TOO_LARGE');
      expect(res.body.details[0].code).toBe('too_many_pixels');
    }
  });

  it('refuses a truncated or corrupted HEIC with 415 and says so in Chinese', async () => {
    // Headers intact, but the coded image starts with a broken NAL unit length: libheif parses, then fails to decode.
    const corrupted = Buffer.from(sampleHeic);
    const mdat = corrupted.indexOf('mdat');
    expect(mdat).toBeGreaterThan(0);
    corrupted.fill(0xff, mdat + 4, mdat + 40);
    for (const bytes of [sampleHeic.subarray(0, 1200), sampleHeic.subarray(0, 100), corrupted]) {
      const res = await upload(server, resident, bytes, 'broken.heic', 'image/heic');
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('MEDIA_TYPE_UNSUPPORTED');
      expect(res.body.message).toMatch(/^HEIC 照片已损坏或无法解码/);
      expect(res.body.details[0]).toMatchObject({ field: 'file', code: 'unsupported_type' });
    }
    // The decoder survives broken files.
    expect((await upload(server, resident, sampleHeic, 'ok.heic', 'image/heic')).status).toBe(201);
  });

  it('refuses a file over 10 MB', async () => {
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(10 * 1024 * 1024 + 10, 1)]);
    const res = await upload(server, resident, big);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('MEDIA_TOO_LARGE');
  });

  it('answers a tampered or expired link like a missing photo', async () => {
    const res = await upload(server, resident, await photo(32, 32).jpeg().toBuffer());
    const url = new URL(server.url + res.body.url);
    const tampered = new URL(url);
    tampered.searchParams.set(
      'sig',
      (url.searchParams.get('sig') ?? '').replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    );
    const a = await fetch(tampered);
    expect(a.status).toBe(404);
    expect((await a.json()).code).toBe('MEDIA_NOT_FOUND');
    const later = new URL(url);
    later.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600));
    expect((await fetch(later)).status).toBe(404);
    const missing = await fetch(
      `${server.url}/api/media/${crypto.randomUUID()}?exp=${url.searchParams.get('exp')}&sig=${url.searchParams.get('sig')}`,
    );
    expect(missing.status).toBe(404);
    const noSig = await fetch(`${server.url}/api/media/${res.body.id}`);
    expect(noSig.status).toBe(400);
  });

  it('needs a signed-in caller and a multipart body', async () => {
    expect((await upload(server, null, await photo(8, 8).jpeg().toBuffer())).status).toBe(401);
    const json = await server.request('POST', '/api/media', { token: resident, body: { file: 'x' } });
    expect(json.status).toBe(400);
    expect(json.body.details[0].field).toBe('file');
  });

  it('re-encodes one photo at a time, lets 16 wait, and answers the next one 503 MEDIA_BUSY at once', async () => {
    await server.database.db.deleteFrom('rate_counters').where('bucket', 'like', 'media:user:%').execute();
    const gate = server.app.get(MediaService).processing;
    expect([gate.concurrency, gate.maxWaiting]).toEqual([1, 16]);
    // Someone else's photo holds the one slot until we let it go.
    let release!: () => void;
    const held = gate.run(() => new Promise<void>((resolve) => (release = resolve)));
    const jpeg = await photo(40, 30).jpeg().toBuffer();
    const waiting = Array.from({ length: 16 }, () => upload(server, resident, jpeg));
    for (let i = 0; i < 200 && gate.load.waiting < 16; i++) await new Promise((r) => setTimeout(r, 10));
    expect(gate.load).toEqual({ running: 1, waiting: 16 });
    const refused = await upload(server, resident, jpeg);
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('MEDIA_BUSY');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    release();
    await held;
    const stored = await Promise.all(waiting);
    expect(stored.map((r) => r.status)).toEqual(Array(16).fill(201));
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('limits uploads per resident per day with 429 and Retry-After', async () => {
    const me = await server.request('GET', '/api/me', { token: resident });
    await server.database.db
      .insertInto('rate_counters')
      .values({
        bucket: `media:user:${me.body.id}`,
        count: 60,
        reset_at: new Date(Date.now() + 3600_000).toISOString(),
      })
      .onConflict((oc) => oc.column('bucket').doUpdateSet({ count: 60 }))
      .execute();
    const res = await upload(server, resident, await photo(8, 8).jpeg().toBuffer());
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('MEDIA_QUOTA_EXCEEDED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
