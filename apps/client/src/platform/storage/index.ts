/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle requires (and holds) only its own platform's module. */
import type { KeyValueStorage } from './types';

export type { KeyValueStorage } from './types';

export const storage: KeyValueStorage =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).storage
    : (require('./weapp') as typeof import('./weapp')).storage;
