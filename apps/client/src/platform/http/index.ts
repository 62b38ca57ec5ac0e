export const apiBaseUrl: string =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).apiBaseUrl
    : (require('./weapp') as typeof import('./weapp')).apiBaseUrl;
