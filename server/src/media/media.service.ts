// Photos residents (and staff) attach to cases. Checked by content, never by name: the magic
// bytes and the header parse (sharp's, or for HEIC the HEIF boxes and libheif's) must agree on
// JPEG, PNG, WebP or HEIC; the pixel count is read from the header before anything is decoded,
// so a decompression bomb is refused cheaply. Every photo is re-encoded (orientation applied,
// EXIF and GPS dropped) and stored under a server-made name; it is read back only through an
// expiring signed URL.
import { Inject, Injectable } from '@nestjs/common';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { DomainError, type MediaResponse } from '@hotline/core';
import { AppKeys } from '../auth/app-keys';
import { RateLimitedError, RateLimiter } from '../auth/rate-limit';
import type { Principal } from '../auth/tokens';
import type { Tx } from '../cases/cases.repository';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { HeifDecoder, HeifTooLargeError, largestDeclaredHeifPixels } from './heif';
import { WorkGate } from './work-gate';
import { MediaRepository, type MediaRow } from './media.repository';
import { MEDIA_STORAGE, type MediaStorage } from './media.storage';

export const MAX_MEDIA_BYTES = 10 * 1024 * 1024;
export const MAX_MEDIA_PIXELS = 40_000_000;
export const MEDIA_URL_TTL_SECONDS = 3600;
const STORED_MAX_EDGE = 4096;
const THUMB_EDGE = 320;

type Sniffed = 'jpeg' | 'png' | 'webp' | 'heif';

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** The format the first bytes announce, or null. */
export function sniffImage(bytes: Buffer): Sniffed | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 4, 8) === 'ftyp' &&
    HEIF_BRANDS.has(bytes.toString('latin1', 8, 12))
  )
    return 'heif';
  return null;
}

const HEIC_UNREADABLE = 'HEIC 照片已损坏或无法解码，请重新拍摄，或在相机设置中选择“兼容性最佳”后重拍';

const unsupported = (message?: string) =>
  new DomainError('MEDIA_TYPE_UNSUPPORTED', message, [
    { field: 'file', code: 'unsupported_type', message: message ?? '仅支持 JPEG、PNG、WebP 或 HEIC 格式的照片' },
  ]);
const tooManyPixels = () =>
  new DomainError('MEDIA_TOO_LARGE', undefined, [
    { field: 'file', code: 'too_many_pixels', message: '照片不能超过4000万像素' },
  ]);

/**
 * Image work: one photo at a time, 16 more may wait, the rest get MEDIA_BUSY at once. libvips
 * works one thread per photo and keeps no cache of decoded images: with four 12-megapixel uploads
 * at once the API stays under 300 MB of RSS (bench/photos.bench.mjs; the launchers' glibc
 * settings in scripts/server-env.mjs are part of that). Two at a time peaked near 500 MB.
 */
export const IMAGE_CONCURRENCY = 1;
export const IMAGE_QUEUE = 16;
sharp.concurrency(1);
sharp.cache(false);

/** How long an uploaded photo may wait for the case it was taken for. */
export const UNATTACHED_MEDIA_RETENTION_MS = 7 * 24 * 3600 * 1000;

@Injectable()
export class MediaService {
  constructor(
    private readonly media: MediaRepository,
    private readonly keys: AppKeys,
    private readonly limiter: RateLimiter,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly heif: HeifDecoder,
  ) {}

  /** Image work runs two at a time (one per core) with a short queue; HEIC waits in its own, one decoder. */
  readonly processing = new WorkGate(IMAGE_CONCURRENCY, IMAGE_QUEUE);

  async upload(principal: Principal, bytes: Buffer): Promise<MediaResponse> {
    await this.limiter
      .hit([{ bucket: `media:user:${principal.userId}`, limit: this.config.mediaDailyQuota, windowSeconds: 86_400 }])
      .catch((err: unknown) => {
        if (err instanceof RateLimitedError)
          throw Object.assign(new DomainError('MEDIA_QUOTA_EXCEEDED'), { retryAfterSeconds: err.retryAfterSeconds });
        throw err;
      });
    if (bytes.length > MAX_MEDIA_BYTES) throw new DomainError('MEDIA_TOO_LARGE');
    const sniffed = sniffImage(bytes);
    if (!sniffed) throw unsupported();
    const { stored, thumb } = await this.processing.run(() => this.reencode(bytes, sniffed));

    const id = crypto.randomUUID();
    const now = new Date();
    const folder = now.toISOString().slice(0, 7).replace('-', '/');
    const row: MediaRow = {
      id,
      owner_user_id: principal.userId,
      storage_key: `${folder}/${id}.jpg`,
      thumb_key: `${folder}/${id}-thumb.jpg`,
      mime: 'image/jpeg',
      width: stored.info.width,
      height: stored.info.height,
      bytes: stored.data.length,
      case_id: null,
      created_at: now.toISOString(),
    };
    await this.storage.put(row.storage_key, stored.data);
    await this.storage.put(row.thumb_key, thumb);
    await this.media.insert(row);
    return this.toResponse(row);
  }

  /** Decoded and re-encoded without EXIF: the stored photo and its thumbnail. */
  private async reencode(bytes: Buffer, sniffed: Sniffed): Promise<{ stored: { data: Buffer; info: OutputInfo }; thumb: Buffer }> {
    const source = sniffed === 'heif' ? await this.heifSource(bytes) : await this.sharpSource(bytes, sniffed);
    try {
      const stored = await source()
        .resize({ width: STORED_MAX_EDGE, height: STORED_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
        // Baseline libjpeg-turbo: mozjpeg's trellis and progressive scans made files ~10 % smaller
        // at 6–7× the CPU (seconds per 12 MP photo on a small box), and a progressive file cannot
        // be shrunk on load for the thumbnail.
        .jpeg({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      // From the stored JPEG (upright, EXIF-free): libjpeg decodes it at 1/8 scale, so the photo
      // is decoded in full only once.
      const thumb = await sharp(stored.data, { failOn: 'error' })
        .resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 70 })
        .toBuffer();
      return { stored, thumb };
    } catch {
      // e.g. a truncated file whose header still parsed.
      throw unsupported(sniffed === 'heif' ? HEIC_UNREADABLE : '图片已损坏，无法读取');
    }
  }

  /** JPEG, PNG, WebP: libvips decodes them; the header is checked first, orientation comes from EXIF. */
  private async sharpSource(bytes: Buffer, sniffed: Exclude<Sniffed, 'heif'>): Promise<() => Sharp> {
    let meta: Metadata;
    try {
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch {
      throw unsupported('无法识别的图片内容');
    }
    if (meta.format !== sniffed) throw unsupported('图片内容与格式不符');
    if (!meta.width || !meta.height) throw unsupported('无法识别的图片内容');
    if (meta.width * meta.height > MAX_MEDIA_PIXELS) throw tooManyPixels();
    return () => sharp(bytes, { limitInputPixels: MAX_MEDIA_PIXELS, failOn: 'error' }).rotate();
  }

  /**
   * HEIC: the sizes the boxes declare are checked before libheif sees the file, and the image
   * handle's size again before it decodes. libheif applies irot/imir; an EXIF orientation inside
   * a HEIF is ignored, as the HEIF standard says (iPhones write both, and they agree).
   */
  private async heifSource(bytes: Buffer): Promise<() => Sharp> {
    if (largestDeclaredHeifPixels(bytes) > MAX_MEDIA_PIXELS) throw tooManyPixels();
    try {
      const { width, height, rgba } = await this.heif.decode(bytes, MAX_MEDIA_PIXELS);
      return () => sharp(rgba, { raw: { width, height, channels: 4 }, limitInputPixels: MAX_MEDIA_PIXELS });
    } catch (err) {
      if (err instanceof HeifTooLargeError) throw tooManyPixels();
      throw unsupported(HEIC_UNREADABLE);
    }
  }

  /** The bytes behind a signed URL; anything wrong answers MEDIA_NOT_FOUND, like a missing photo. */
  async read(
    id: string,
    variant: 'original' | 'thumb',
    exp: number,
    sig: string,
    now = Date.now(),
  ): Promise<{ bytes: Buffer; mime: string; maxAge: number }> {
    const expected = this.keys.mediaSignature(`${id}:${variant}:${exp}`);
    if (exp * 1000 <= now || sig.length !== expected.length || !timingSafe(sig, expected))
      throw new DomainError('MEDIA_NOT_FOUND');
    const row = await this.media.findById(id);
    if (!row) throw new DomainError('MEDIA_NOT_FOUND');
    const bytes = await this.storage.get(variant === 'thumb' ? row.thumb_key : row.storage_key);
    if (!bytes) throw new DomainError('MEDIA_NOT_FOUND');
    return { bytes, mime: row.mime, maxAge: Math.max(0, Math.floor(exp - now / 1000)) };
  }

  /** The stored (EXIF-free) bytes of a photo, for copies made from it (e.g. a published, blurred one). */
  async originalBytes(id: string): Promise<Buffer> {
    const row = await this.media.findById(id);
    const bytes = row ? await this.storage.get(row.storage_key) : null;
    if (!bytes) throw new DomainError('MEDIA_NOT_FOUND');
    return bytes;
  }

  /**
   * Checks that every id is a photo of `ownerId` not yet attached to a case; the field is named
   * so the client can point at it. Unknown and foreign photos answer alike.
   */
  async requireOwnUnattached(ownerId: string, ids: string[], field = 'mediaIds'): Promise<void> {
    const rows = await this.media.findMany(ids);
    const ok = new Set(rows.filter((r) => r.owner_user_id === ownerId && r.case_id === null).map((r) => r.id));
    const bad = ids.findIndex((id) => !ok.has(id));
    if (bad >= 0)
      throw new DomainError('MEDIA_NOT_FOUND', undefined, [
        { field: `${field}.${bad}`, code: 'media_not_found', message: '图片不存在或已被使用' },
      ]);
  }

  /** Inside a transaction (`trx`), the photos move with the case or not at all. */
  attach(ids: string[], ownerId: string, caseId: string, trx?: Tx): Promise<void> {
    return this.media.attach(ids, ownerId, caseId, trx);
  }

  /**
   * Photos uploaded but never filed with a case are personal data with no purpose: after the
   * retention period (long enough for a draft to be finished) their files and rows go.
   */
  async purgeUnattached(now: Date, batch = 500): Promise<number> {
    const cutoff = new Date(now.getTime() - UNATTACHED_MEDIA_RETENTION_MS).toISOString();
    const rows = await this.media.findUnattached(cutoff, batch);
    for (const row of rows) {
      await this.storage.delete(row.storage_key);
      await this.storage.delete(row.thumb_key);
    }
    await this.media.deleteUnattached(rows.map((r) => r.id));
    return rows.length;
  }

  /** Deletes the stored files of photos whose rows were removed (retention). */
  async deleteFiles(rows: { storage_key: string; thumb_key: string }[]): Promise<void> {
    for (const row of rows) {
      await this.storage.delete(row.storage_key);
      await this.storage.delete(row.thumb_key);
    }
  }

  /** Fresh signed URLs for photos the caller has already been allowed to see (e.g. of a case it may read). */
  async signedMany(ids: string[]): Promise<MediaResponse[]> {
    const rows = await this.media.findMany(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const found = ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [row] : [];
    });
    return Promise.all(found.map((row) => this.toResponse(row)));
  }

  /** Signed API URLs, or the bucket's own pre-signed URLs when the storage is configured for them. */
  private async toResponse(row: MediaRow, now = Date.now()): Promise<MediaResponse> {
    const exp = Math.floor(now / 1000) + MEDIA_URL_TTL_SECONDS;
    const apiUrl = (variant: 'original' | 'thumb') =>
      `/api/media/${row.id}?exp=${exp}&sig=${this.keys.mediaSignature(`${row.id}:${variant}:${exp}`)}${variant === 'thumb' ? '&variant=thumb' : ''}`;
    const direct = this.storage.presignedUrl?.bind(this.storage);
    return {
      id: row.id,
      mime: row.mime,
      width: row.width,
      height: row.height,
      bytes: row.bytes,
      url: (await direct?.(row.storage_key, MEDIA_URL_TTL_SECONDS)) ?? apiUrl('original'),
      thumbUrl: (await direct?.(row.thumb_key, MEDIA_URL_TTL_SECONDS)) ?? apiUrl('thumb'),
      urlExpiresAt: new Date(exp * 1000).toISOString(),
    };
  }
}

function timingSafe(a: string, b: string): boolean {
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
