/** Why listening ended without text: the resident refused the microphone, said nothing, or it failed. */
export type VoiceFailure = 'denied' | 'no-speech' | 'failed';

export class VoiceError extends Error {
  constructor(readonly reason: VoiceFailure) {
    super(`voice input: ${reason}`);
    this.name = 'VoiceError';
  }
}

export interface VoiceInput {
  /** Whether this device can turn speech into text; when not, the form offers typing only. */
  available(): boolean;
  /** Listens to one utterance in Mandarin and resolves its text. */
  listen(): Promise<string>;
}
