// The mini-program records with WeChat's recorderManager (16 kHz mono mp3, at most a minute) and
// the server turns the recording into text through its speech-to-text port. The button shows only
// when the server says voice input is on (GET /api/voice); otherwise the form offers typing only.
import Taro from '@tarojs/taro';
import { isApiError } from '@hotline/api-client';
import { api } from '@/services/api';
import { uploadRecording } from '@/services/upload';
import { VoiceError, type VoiceInput } from './types';

let pending: { resolve(text: string): void; reject(error: VoiceError): void } | null = null;
let recorder: Taro.RecorderManager | undefined;

const settle = (outcome: (p: NonNullable<typeof pending>) => void) => {
  const p = pending;
  pending = null;
  if (p) outcome(p);
};

function theRecorder(): Taro.RecorderManager {
  if (recorder) return recorder;
  recorder = Taro.getRecorderManager();
  recorder.onStop(({ tempFilePath, duration }) => {
    if (duration < 600) return settle((p) => p.reject(new VoiceError('no-speech')));
    uploadRecording(tempFilePath, 'mp3', duration).then(
      ({ text }) => settle((p) => p.resolve(text)),
      (e: unknown) =>
        settle((p) =>
          p.reject(
            isApiError(e) && e.code === 'VOICE_NOT_HEARD'
              ? new VoiceError('no-speech')
              : new VoiceError('failed', isApiError(e) && e.status > 0 ? e.message : undefined),
          ),
        ),
    );
  });
  recorder.onError(({ errMsg }) => settle((p) => p.reject(new VoiceError(/auth|deny|permission/i.test(errMsg) ? 'denied' : 'failed'))));
  return recorder;
}

export const voice: VoiceInput = {
  available: () => api.voiceSettings().then((s) => s.enabled, () => false),
  listen: () =>
    new Promise<string>((resolve, reject) => {
      settle((p) => p.reject(new VoiceError('failed')));
      pending = { resolve, reject };
      theRecorder().start({ duration: 60_000, sampleRate: 16_000, numberOfChannels: 1, encodeBitRate: 48_000, format: 'mp3' });
    }),
  stop: () => recorder?.stop(),
};
