// The mini-program: wx.downloadFile (which can send the Authorization header; its domain must be
// listed as a downloadFile domain in the WeChat console) into the user's data folder under the
// file's Chinese name, then wx.openDocument, whose menu lets the user forward or save it.
// openDocument opens xlsx but not csv, so only Excel is offered here.
import Taro from '@tarojs/taro';
import type { DownloadFailure, DownloadResult, FileDownloader } from './types';

function failureOf(statusCode: number, filePath: string | undefined): DownloadFailure {
  try {
    const text = filePath ? String(Taro.getFileSystemManager().readFileSync(filePath, 'utf8')) : '';
    const body = JSON.parse(text) as { code?: string; message?: string };
    return { status: statusCode, code: body.code, message: body.message };
  } catch {
    return { status: statusCode };
  }
}

export const downloader: FileDownloader = {
  formats: ['xlsx'],
  async download({ url, token, fileName, format }) {
    // Saved under its own name where the runtime has a user folder, so a forwarded file keeps it.
    const folder = (Taro.env as { USER_DATA_PATH?: string } | undefined)?.USER_DATA_PATH;
    const target = folder ? `${folder}/${fileName}` : undefined;
    let result: Taro.downloadFile.FileSuccessCallbackResult;
    try {
      result = await Taro.downloadFile({
        url,
        ...(target ? { filePath: target } : {}),
        header: token ? { Authorization: `Bearer ${token}` } : {},
      });
    } catch {
      return { ok: false, status: 0 };
    }
    const saved = result.filePath || result.tempFilePath || target;
    if (result.statusCode !== 200) return { ok: false, ...failureOf(result.statusCode, saved) };
    try {
      await Taro.openDocument({
        filePath: saved ?? '',
        fileType: format === 'csv' ? undefined : format,
        showMenu: true,
      });
    } catch {
      // Saved but not opened (no viewer): the user still has it in the chat's file list.
    }
    return { ok: true, fileName };
  },
};

/** A bulletin's PDF, opened in WeChat's document viewer; answers the HTTP status when refused. */
export async function openDocument(url: string, filename: string, token: string): Promise<DownloadResult> {
  const result = await downloader.download({ url, token, fileName: filename, format: 'pdf' });
  return result.ok ? { ok: true } : { ok: false, status: result.status };
}
