// The mini-program records with wx.getRecorderManager and needs a speech-to-text service behind the
// API; until that port is served, the report form offers typing only.
import type { VoiceInput } from './types';

export const voice: VoiceInput = {
  available: () => false,
  listen: () => Promise.reject(new Error('voice input is not available in the mini-program yet')),
};
