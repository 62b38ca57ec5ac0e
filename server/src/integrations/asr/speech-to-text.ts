// The port voice input goes through: one short recording in, its text out. Adapters: Tencent Cloud's
// 一句话识别 (real), and in demo mode a labelled stand-in. Without either, voice input is off.
import type { VoiceFormat } from '@hotline/core';

export interface SpeechToText {
  readonly kind: 'tencent' | 'demo';
  /** Turns one utterance (≤ 60 s, Mandarin) into text; throws SpeechToTextError when the service refuses. */
  transcribe(audio: Buffer, format: VoiceFormat): Promise<{ text: string; durationMs: number }>;
}

/** Null when no service is configured: the API answers VOICE_NOT_AVAILABLE and the app shows no button. */
export const SPEECH_TO_TEXT = Symbol('SPEECH_TO_TEXT');

export class SpeechToTextError extends Error {
  constructor(
    /** The provider's own code, e.g. FailedOperation.ErrorRecognize; `TooLong` when it says the audio is over a minute. */
    readonly providerCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'SpeechToTextError';
  }
}
