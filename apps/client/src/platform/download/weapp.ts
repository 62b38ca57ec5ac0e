// The mini-program: wx.downloadFile (which can send the Authorization header; its domain must be
// listed as a downloadFile domain in the WeChat console) into the user's data folder under the
// file's Chinese name, then wx.openDocument, whose menu lets the user forward or save it.
// openDocument opens xlsx but not csv, so only Excel is offered here.
import Taro from '@tarojs/taro';
import type { DownloadFailure, FileDownloader } from './types';

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
    const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
    let result: Taro.downloadFile.FileSuccessCallbackResult;
    try {
      result = await Taro.downloadFile({ url, filePath, header: token ? { Authorization: `Bearer ${token}` } : {} });
    } catch {
      return { ok: false, status: 0 };
    }
    if (result.statusCode !== 200) return { ok: false, ...failureOf(result.statusCode, result.filePath || filePath) };
    try {
      await Taro.openDocument({
        filePath: result.filePath || filePath,
        fileType: format === 'csv' ? undefined : format,
        showMenu: true,
      });
    } catch {
      // Saved but not opened (no viewer): the user still has it in the chat's file list.
    }
    return { ok: true, fileName };
  },
};
