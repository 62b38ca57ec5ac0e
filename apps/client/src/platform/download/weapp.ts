// Mini-program: download with the access token in the header, then open WeChat's document viewer
// (from which the reader may forward or save it).
import Taro from '@tarojs/taro';
import type { DownloadResult } from './types';

export async function openDocument(url: string, _filename: string, token: string): Promise<DownloadResult> {
  const res = await Taro.downloadFile({ url, header: { Authorization: `Bearer ${token}` } });
  if (res.statusCode !== 200) return { ok: false, status: res.statusCode };
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true });
  return { ok: true };
}
