import Taro from '@tarojs/taro';
import { scriptTaroRequest } from '../../../test/fakeTaroRequest';
import { VoiceError } from './types';
import { voice } from './weapp';

// WeChat's recorder, as the mini-program sees it: start, stop → onStop with the file and its length.
function fakeRecorder() {
  const handlers: { stop?: (r: { tempFilePath: string; duration: number }) => void; error?: (e: { errMsg: string }) => void } = {};
  interface Fake {
    started: unknown[];
    durationMs: number;
    start: jest.Mock;
    stop: jest.Mock;
    onStop(fn: typeof handlers.stop): void;
    onError(fn: typeof handlers.error): void;
    fail(errMsg: string): void;
  }
  const recorder: Fake = {
    started: [] as unknown[],
    durationMs: 3200,
    start: jest.fn((options: unknown) => recorder.started.push(options)),
    stop: jest.fn(() => handlers.stop?.({ tempFilePath: 'wxfile://tmp/voice.mp3', duration: recorder.durationMs })),
    onStop: (fn) => void (handlers.stop = fn),
    onError: (fn) => void (handlers.error = fn),
    fail: (errMsg: string) => handlers.error?.({ errMsg }),
  };
  (Taro as unknown as { getRecorderManager: () => unknown }).getRecorderManager = () => recorder;
  return recorder;
}

const uploads: { url: string; filePath: string }[] = [];
function answerUploads(...answers: { statusCode: number; data: unknown }[]) {
  (Taro as unknown as { uploadFile: unknown }).uploadFile = (options: Taro.uploadFile.Option) => {
    uploads.push({ url: options.url, filePath: options.filePath });
    const answer = answers.shift()!;
    setTimeout(() => options.success?.({ statusCode: answer.statusCode, data: JSON.stringify(answer.data) } as never), 0);
    return { onProgressUpdate: () => {} };
  };
}

describe('voice input in the mini-program', () => {
  const recorder = fakeRecorder();
  beforeEach(() => {
    uploads.length = 0;
    recorder.started.length = 0;
    recorder.durationMs = 3200;
  });

  it.each([
    [true, true],
    [false, false],
  ])('shows the button only when the server has a speech service (enabled: %p)', async (enabled, shown) => {
    scriptTaroRequest({ statusCode: 200, data: { enabled, demo: false, maxSeconds: 60, maxBytes: 1048576, formats: ['mp3'] } });
    await expect(voice.available()).resolves.toBe(shown);
  });

  it('offers typing only when the server cannot be asked', async () => {
    scriptTaroRequest({ errMsg: 'request:fail timeout' }, { errMsg: 'request:fail timeout' }, { errMsg: 'request:fail timeout' });
    await expect(voice.available()).resolves.toBe(false);
  });

  it('records a minute at most in 16 kHz mono mp3, uploads it when the resident is done and gives the text', async () => {
    answerUploads({ statusCode: 200, data: { text: '小区门口的路灯三天不亮了', durationMs: 3200, demo: false } });
    const heard = voice.listen();
    expect(recorder.started).toEqual([expect.objectContaining({ duration: 60_000, sampleRate: 16_000, numberOfChannels: 1, format: 'mp3' })]);
    voice.stop();
    await expect(heard).resolves.toBe('小区门口的路灯三天不亮了');
    expect(uploads).toEqual([{ url: expect.stringMatching(/\/voice\/transcriptions\?format=mp3&durationMs=3200$/), filePath: 'wxfile://tmp/voice.mp3' }]);
  });

  it('says the server’s words when it refuses (too many tries), and nothing heard for silence', async () => {
    answerUploads(
      { statusCode: 429, data: { code: 'RATE_LIMITED', message: '语音输入次数过多，请稍后再试，或直接输入文字', requestId: 'r1' } },
      { statusCode: 422, data: { code: 'VOICE_NOT_HEARD', message: '没有听清', requestId: 'r2' } },
    );
    const limited = voice.listen();
    voice.stop();
    await expect(limited).rejects.toEqual(expect.objectContaining({ reason: 'failed', said: '语音输入次数过多，请稍后再试，或直接输入文字' }));
    const silent = voice.listen();
    voice.stop();
    await expect(silent).rejects.toEqual(new VoiceError('no-speech'));
  });

  it('does not upload a tap that recorded nothing, and says so when the microphone is refused', async () => {
    recorder.durationMs = 200;
    const tap = voice.listen();
    voice.stop();
    await expect(tap).rejects.toEqual(new VoiceError('no-speech'));
    expect(uploads).toEqual([]);
    const refused = voice.listen();
    recorder.fail('operateRecorder:fail auth deny');
    await expect(refused).rejects.toEqual(new VoiceError('denied'));
  });
});
