/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle holds only its own platform's module. */
// Live queue counts: the server's event stream on H5; polling on weapp (Taro.request has no SSE).
import type { LiveSource } from './types';

export type { LiveHandlers, LiveSource } from './types';

export const openLive: LiveSource =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).openLive
    : (require('./weapp') as typeof import('./weapp')).openLive;
