// Demo mode only: there is no speech service to reach, so every recording "says" the same labelled
// sentence. The text itself says it is a demo, so nobody mistakes it for what they said.
import type { VoiceFormat } from '@hotline/core';
import { ConfigError } from '../../config/config-error';
import type { SpeechToText } from './speech-to-text';

export const DEMO_TRANSCRIPT = '（演示：未接入语音识别，这是示例文字）小区门口的路灯坏了，晚上看不清路';

export class DemoSpeechToText implements SpeechToText {
  readonly kind = 'demo' as const;

  constructor(nodeEnv = process.env.NODE_ENV) {
    if (nodeEnv === 'production') throw new ConfigError(['HOTLINE_DEMO: the demo speech-to-text adapter is refused under NODE_ENV=production']);
  }

  async transcribe(audio: Buffer, _format: VoiceFormat): Promise<{ text: string; durationMs: number }> {
    // A 16 kHz mono mp3 at the recorder's 48 kbit/s: about 6 KB a second.
    return { text: DEMO_TRANSCRIPT, durationMs: Math.round((audio.length / 6000) * 1000) };
  }
}
