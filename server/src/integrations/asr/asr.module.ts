// Provides the speech-to-text port: Tencent Cloud when ASR_* credentials are configured, the demo
// stand-in in demo mode, else nothing (voice input off; the app offers typing only).
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DemoSpeechToText } from './demo-speech-to-text';
import { SPEECH_TO_TEXT, type SpeechToText } from './speech-to-text';
import { TencentAsr } from './tencent-asr';

export function speechToTextFor(config: AppConfig): SpeechToText | null {
  if (config.asr) return new TencentAsr(config.asr);
  return config.demo ? new DemoSpeechToText() : null;
}

@Global()
@Module({
  providers: [{ provide: SPEECH_TO_TEXT, inject: [APP_CONFIG], useFactory: speechToTextFor }],
  exports: [SPEECH_TO_TEXT],
})
export class AsrModule {}
