// Blurring the areas a moderator marks on a photo (faces, number plates, door numbers) before it
// is published. The copy is re-encoded from pixels, so no EXIF (place, time, device) survives.
import sharp from 'sharp';

export interface BlurRect {
  /** Fractions of the photo's width and height, 0–1. */
  x: number;
  y: number;
  w: number;
  h: number;
}

export async function blurRegions(bytes: Buffer, rects: readonly BlurRect[]): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(bytes).rotate().metadata();
  const base = await sharp(bytes).rotate().toBuffer();
  const overlays = [];
  for (const r of rects) {
    const left = Math.max(0, Math.min(width - 1, Math.floor(r.x * width)));
    const top = Math.max(0, Math.min(height - 1, Math.floor(r.y * height)));
    const w = Math.max(1, Math.min(width - left, Math.ceil(r.w * width)));
    const h = Math.max(1, Math.min(height - top, Math.ceil(r.h * height)));
    // Pixelate, then blur: nothing of a face or a plate can be read back from it.
    // Downscaling averages each cell (a face becomes a few flat blocks); upscaling keeps the blocks.
    const cells = Math.max(8, Math.round(Math.min(w, h) / 8));
    const small = await sharp(base)
      .extract({ left, top, width: w, height: h })
      .resize(Math.max(1, Math.round(w / cells)), Math.max(1, Math.round(h / cells)))
      .toBuffer();
    const input = await sharp(small).resize(w, h, { kernel: 'nearest' }).blur(Math.max(1, cells / 2)).toBuffer();
    overlays.push({ input, left, top });
  }
  return sharp(base).composite(overlays).jpeg({ quality: 82 }).toBuffer();
}
