/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle requires (and holds) only its own platform's module. */
// Files the API serves to a signed-in reader (exports, a bulletin's PDF): fetch + blob saved by the
// browser on H5; downloadFile + openDocument (WeChat's document viewer) on the mini-program.
import type { DownloadResult, FileDownloader } from './types';

export type { DocumentFormat, DownloadFailure, DownloadResult, FileDownload, FileDownloader } from './types';

export const downloader: FileDownloader =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).downloader
    : (require('./weapp') as typeof import('./weapp')).downloader;

/** Fetches a PDF at `url` with the access token and hands it to the reader; answers the HTTP status. */
export const openDocument: (url: string, filename: string, token: string) => Promise<DownloadResult> =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).openDocument
    : (require('./weapp') as typeof import('./weapp')).openDocument;
