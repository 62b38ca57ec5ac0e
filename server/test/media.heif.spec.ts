import fs from 'node:fs';
import path from 'node:path';
import { HeifDecoder, HeifTooLargeError, HeifUnreadableError, largestDeclaredHeifPixels } from '../src/media/heif';
import { withDeclaredSize } from './fixtures/heif-boxes';

const sampleHeic = fs.readFileSync(path.join(__dirname, 'fixtures/sample.heic'));

describe('HEIF header', () => {
  it('reads the largest size any image declares, without decoding', () => {
    // sample.heic is a 64×48 grid over one 64×64 coded tile.
    expect(largestDeclaredHeifPixels(sampleHeic)).toBe(64 * 64);
    expect(largestDeclaredHeifPixels(withDeclaredSize(sampleHeic, 10_000, 5_000))).toBe(50_000_000);
  });

  it('finds nothing to read in a file cut before its boxes end', () => {
    expect(largestDeclaredHeifPixels(sampleHeic.subarray(0, 100))).toBe(0);
    expect(largestDeclaredHeifPixels(Buffer.from('not a heif at all'))).toBe(0);
  });
});

describe('HeifDecoder', () => {
  const decoder = new HeifDecoder();
  afterAll(() => decoder.onModuleDestroy());

  it('decodes one at a time with 4 waiting, and refuses a sixth at once with MEDIA_BUSY', async () => {
    const busy = new HeifDecoder();
    try {
      const accepted = Array.from({ length: 5 }, () => busy.decode(sampleHeic, 40_000_000));
      expect(busy.gate.load).toEqual({ running: 1, waiting: 4 });
      await expect(busy.decode(sampleHeic, 40_000_000)).rejects.toMatchObject({ code: 'MEDIA_BUSY', retryAfterSeconds: expect.any(Number) });
      expect((await Promise.all(accepted)).map((d) => d.width)).toEqual([64, 64, 64, 64, 64]);
      expect(busy.gate.load).toEqual({ running: 0, waiting: 0 });
    } finally {
      await busy.onModuleDestroy();
    }
  });

  it('decodes to RGBA in a worker, several photos at once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => decoder.decode(sampleHeic, 40_000_000)));
    for (const { width, height, rgba } of results) {
      expect({ width, height, bytes: rgba.length }).toEqual({ width: 64, height: 48, bytes: 64 * 48 * 4 });
      // Top-left pixel of the red half, fully opaque.
      expect(rgba[0]).toBeGreaterThan(180);
      expect(rgba[2]).toBeLessThan(80);
      expect(rgba[3]).toBe(255);
    }
  });

  it('refuses by the image size libheif reads before it decodes anything', async () => {
    await expect(decoder.decode(sampleHeic, 64 * 48 - 1)).rejects.toBeInstanceOf(HeifTooLargeError);
  });

  it('reports broken files and keeps working after them', async () => {
    await expect(decoder.decode(sampleHeic.subarray(0, 1200), 40_000_000)).rejects.toBeInstanceOf(HeifUnreadableError);
    await expect(decoder.decode(Buffer.from('ftypheic garbage'), 40_000_000)).rejects.toBeInstanceOf(
      HeifUnreadableError,
    );
    await expect(decoder.decode(sampleHeic, 40_000_000)).resolves.toMatchObject({ width: 64, height: 48 });
  });
});
