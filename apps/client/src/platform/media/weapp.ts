// Mini-program photos: wx.chooseMedia (Taro passes it through without a promise) and Taro.compressImage.
import Taro from '@tarojs/taro';
import { MAX_PHOTO_BYTES, MAX_PHOTO_EDGE, type LocalPhoto } from './types';

interface ChooseMediaResult {
  tempFiles: { tempFilePath: string; size: number }[];
}
interface WxLike {
  chooseMedia(options: {
    count: number;
    mediaType: string[];
    sourceType: string[];
    sizeType: string[];
    success(res: ChooseMediaResult): void;
    fail(err: { errMsg?: string }): void;
  }): void;
}

export function pickPhotos(max: number): Promise<LocalPhoto[]> {
  const wxApi = (globalThis as unknown as { wx: WxLike }).wx;
  return new Promise((resolve, reject) => {
    wxApi.chooseMedia({
      count: max,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
      success: (res) => resolve(res.tempFiles.map((f) => ({ path: f.tempFilePath, size: f.size }))),
      fail: (err) =>
        /cancel/i.test(err.errMsg ?? '') ? resolve([]) : reject(new Error(err.errMsg ?? 'chooseMedia:fail')),
    });
  });
}

async function sizeOf(path: string): Promise<number> {
  const info = (await Taro.getFileInfo({ filePath: path })) as { size: number };
  return info.size;
}

/** Lower the quality until the photo fits; a photo already small enough is left alone. */
export async function compressPhoto(photo: LocalPhoto): Promise<LocalPhoto> {
  if (photo.size <= MAX_PHOTO_BYTES) return photo;
  let current = photo;
  for (const quality of [70, 50, 30]) {
    const res = await Taro.compressImage({
      src: photo.path,
      quality,
      compressedWidth: MAX_PHOTO_EDGE,
    } as Taro.compressImage.Option);
    current = { path: res.tempFilePath, size: await sizeOf(res.tempFilePath) };
    if (current.size <= MAX_PHOTO_BYTES) break;
  }
  return current;
}
