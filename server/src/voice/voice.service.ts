// Voice input of a description: checks one recording (format by its bytes, size, length, the
// person's hourly allowance), hands it to the speech-to-text port and returns the text for the
// resident to check. Nothing is stored: the recording lives only for the request.
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  VOICE_MAX_BYTES,
  VOICE_MAX_SECONDS,
  voiceFormats,
  type Transcription,
  type TranscriptionQuery,
  type VoiceFormat,
  type VoiceSettings,
} from '@hotline/core';
import { RateLimiter } from '../auth/rate-limit';
import type { Principal } from '../auth/tokens';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SPEECH_TO_TEXT, SpeechToTextError, type SpeechToText } from '../integrations/asr/speech-to-text';

/** Whether the bytes start the way a file of that format does (the name or the client's word is not enough). */
export function looksLike(audio: Buffer, format: VoiceFormat): boolean {
  const ascii = (from: number, to: number) => audio.subarray(from, to).toString('latin1');
  const frameSync = audio.length > 1 && audio[0] === 0xff && ((audio[1] ?? 0) & 0xe0) === 0xe0;
  switch (format) {
    case 'mp3':
      return ascii(0, 3) === 'ID3' || (frameSync && ((audio[1] ?? 0) & 0x06) !== 0);
    case 'aac':
      // ADTS: 12 sync bits and layer 00.
      return frameSync && ((audio[1] ?? 0) & 0xf6) === 0xf0;
    case 'm4a':
      return ascii(4, 8) === 'ftyp';
    case 'wav':
      return ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE';
  }
}

@Injectable()
export class VoiceService {
  private readonly logger = new Logger('Voice');

  constructor(
    @Inject(SPEECH_TO_TEXT) private readonly speech: SpeechToText | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
  ) {}

  settings(): VoiceSettings {
    return {
      enabled: this.speech !== null,
      demo: this.speech?.kind === 'demo',
      maxSeconds: VOICE_MAX_SECONDS,
      maxBytes: VOICE_MAX_BYTES,
      formats: [...voiceFormats],
    };
  }

  async transcribe(principal: Principal, audio: Buffer, query: TranscriptionQuery): Promise<Transcription> {
    if (!this.speech) throw new DomainError('VOICE_NOT_AVAILABLE');
    if (audio.length > VOICE_MAX_BYTES) throw new DomainError('VOICE_TOO_LARGE');
    if (query.durationMs > VOICE_MAX_SECONDS * 1000) throw new DomainError('VOICE_TOO_LONG');
    if (!looksLike(audio, query.format)) throw new DomainError('VOICE_FORMAT_UNSUPPORTED');
    await this.limiter.hit([
      {
        bucket: `voice:user:${principal.userId}`,
        limit: this.config.voicePerUserHour,
        windowSeconds: 3600,
        message: '语音输入次数过多，请稍后再试，或直接输入文字',
      },
    ]);
    let heard: { text: string; durationMs: number };
    try {
      heard = await this.speech.transcribe(audio, query.format);
    } catch (error) {
      if (!(error instanceof SpeechToTextError)) throw error;
      if (error.providerCode === 'TooLong') throw new DomainError('VOICE_TOO_LONG');
      this.logger.warn(`speech-to-text failed: ${error.providerCode} ${error.message}`);
      throw new DomainError('VOICE_SERVICE_FAILED');
    }
    if (heard.durationMs > VOICE_MAX_SECONDS * 1000) throw new DomainError('VOICE_TOO_LONG');
    if (!heard.text) throw new DomainError('VOICE_NOT_HEARD');
    return { text: heard.text, durationMs: heard.durationMs || query.durationMs, demo: this.speech.kind === 'demo' };
  }
}
