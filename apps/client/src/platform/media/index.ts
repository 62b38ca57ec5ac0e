/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle requires (and holds) only its own platform's module. */
export * from './types';

const impl: typeof import('./weapp') =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5'))
    : (require('./weapp') as typeof import('./weapp'));

export const pickPhotos = impl.pickPhotos;
export const compressPhoto = impl.compressPhoto;
