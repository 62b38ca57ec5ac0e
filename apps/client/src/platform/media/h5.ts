// Browser photos: Taro's chooseImage (a file input) and a canvas that re-encodes to JPEG.
import Taro from '@tarojs/taro';
import { MAX_PHOTO_BYTES, MAX_PHOTO_EDGE, type LocalPhoto } from './types';

export async function pickPhotos(max: number): Promise<LocalPhoto[]> {
  try {
    const res = await Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    return res.tempFiles.map((f) => ({ path: f.path, size: f.size }));
  } catch (err) {
    if (/cancel/i.test(String((err as { errMsg?: string })?.errMsg))) return [];
    throw err;
  }
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the photo could not be read'));
    image.src = src;
  });
}

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas:fail'))), 'image/jpeg', quality),
  );
}

export async function compressPhoto(photo: LocalPhoto): Promise<LocalPhoto> {
  if (photo.size <= MAX_PHOTO_BYTES) return photo;
  const image = await loadImage(photo.path);
  const scale = Math.min(1, MAX_PHOTO_EDGE / Math.max(image.naturalWidth, image.naturalHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
  canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
  canvas.getContext('2d')?.drawImage(image, 0, 0, canvas.width, canvas.height);
  let blob: Blob | null = null;
  for (const quality of [0.8, 0.6, 0.4, 0.25]) {
    blob = await toJpeg(canvas, quality);
    if (blob.size <= MAX_PHOTO_BYTES) break;
  }
  return { path: URL.createObjectURL(blob!), size: blob!.size };
}
