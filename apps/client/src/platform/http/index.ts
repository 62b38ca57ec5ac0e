/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle requires (and holds) only its own platform's module. */
export const apiBaseUrl: string =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).apiBaseUrl
    : (require('./weapp') as typeof import('./weapp')).apiBaseUrl;

/** An absolute address for a server path such as a signed media URL ("/api/media/…"). */
export const mediaUrl: (path: string) => string =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).mediaUrl
    : (require('./weapp') as typeof import('./weapp')).mediaUrl;
