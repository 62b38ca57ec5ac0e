/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle requires (and holds) only its own platform's module. */
// A document the API serves to a signed-in reader (a bulletin's PDF): the browser saves it as a
// file, the mini-program downloads it and opens it in WeChat's document viewer.
import type { DownloadResult } from './types';

const impl: typeof import('./h5') | typeof import('./weapp') =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5'))
    : (require('./weapp') as typeof import('./weapp'));

export type { DownloadResult };
/** Fetches `url` with the access token and hands it to the reader; answers the HTTP status. */
export const openDocument: (url: string, filename: string, token: string) => Promise<DownloadResult> = impl.openDocument;
