/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle requires (and holds) only its own platform's module. */
export const systemPrefersLargeText: () => boolean =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).systemPrefersLargeText
    : (require('./weapp') as typeof import('./weapp')).systemPrefersLargeText;
