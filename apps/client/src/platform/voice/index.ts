/* eslint-disable @typescript-eslint/no-require-imports -- TARO_ENV is replaced at build time, so each bundle holds only its own platform's module. */
// Speaking the description instead of typing it, where the platform can turn speech into text.
export { VoiceError, type VoiceFailure, type VoiceInput } from './types';
export const voice: import('./types').VoiceInput =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).voice
    : (require('./weapp') as typeof import('./weapp')).voice;
