/** Why listening ended without text: the resident refused the microphone, said nothing, or it failed. */
export type VoiceFailure = 'denied' | 'no-speech' | 'failed';

export class VoiceError extends Error {
  constructor(
    readonly reason: VoiceFailure,
    /** The server's own words for a coded refusal (too long, too many tries), shown instead of the generic one. */
    readonly said?: string,
  ) {
    super(`voice input: ${reason}`);
    this.name = 'VoiceError';
  }
}

export interface VoiceInput {
  /** Whether this device (and, in the mini-program, the server) can turn speech into text; when not, the form offers typing only. */
  available(): Promise<boolean>;
  /** Listens to one utterance in Mandarin and resolves its text. */
  listen(): Promise<string>;
  /** The resident has finished speaking (the browser also notices by itself). */
  stop(): void;
}
