/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle requires (and holds) only its own platform's module. */
const impl: typeof import('./h5') | typeof import('./weapp') =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5'))
    : (require('./weapp') as typeof import('./weapp'));

export const systemPrefersLargeText: () => boolean = impl.systemPrefersLargeText;
export const isDeskWidth: () => boolean = impl.isDeskWidth;
export const watchDeskWidth: (onChange: (desk: boolean) => void) => () => void = impl.watchDeskWidth;
export const rememberInUrl: (key: string, value: string | null) => void = impl.rememberInUrl;
