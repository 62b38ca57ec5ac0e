import { voice } from './h5';
import { VoiceError } from './types';

interface FakeRecognition {
  lang: string;
  interimResults: boolean;
  maxAlternatives: number;
  onresult: ((event: { results: { transcript: string }[][] }) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
}

// A stand-in for the browser's SpeechRecognition that answers as the speech service would.
function installRecognition(answer: (r: FakeRecognition) => void) {
  const made: FakeRecognition[] = [];
  class Recognition implements FakeRecognition {
    lang = '';
    interimResults = true;
    maxAlternatives = 5;
    onresult: ((event: { results: { transcript: string }[][] }) => void) | null = null;
    onerror: ((event: { error: string }) => void) | null = null;
    onend: (() => void) | null = null;
    constructor() {
      made.push(this);
    }
    start() {
      setTimeout(() => answer(this), 0);
    }
  }
  (globalThis as { webkitSpeechRecognition?: unknown }).webkitSpeechRecognition = Recognition;
  return made;
}

describe('voice input in the browser', () => {
  afterEach(() => {
    delete (globalThis as { webkitSpeechRecognition?: unknown }).webkitSpeechRecognition;
  });

  it('is offered only where the browser has speech recognition', async () => {
    await expect(voice.available()).resolves.toBe(false);
    installRecognition(() => {});
    await expect(voice.available()).resolves.toBe(true);
  });

  it('listens in Mandarin for one final result and gives its text', async () => {
    const made = installRecognition((r) => {
      r.onresult?.({ results: [[{ transcript: '小区门口路灯' }], [{ transcript: '三天不亮了' }]] });
      r.onend?.();
    });
    await expect(voice.listen()).resolves.toBe('小区门口路灯三天不亮了');
    expect(made[0]).toMatchObject({ lang: 'zh-CN', interimResults: false, maxAlternatives: 1 });
  });

  it.each([
    ['not-allowed', 'denied'],
    ['no-speech', 'no-speech'],
    ['network', 'failed'],
  ])('says why when the browser reports %s', async (error, reason) => {
    installRecognition((r) => {
      r.onerror?.({ error });
      r.onend?.();
    });
    await expect(voice.listen()).rejects.toEqual(new VoiceError(reason as 'denied'));
  });

  it('counts silence that ends without a result as nothing heard', async () => {
    installRecognition((r) => r.onend?.());
    const failure = await voice.listen().catch((e: VoiceError) => e);
    expect(failure).toBeInstanceOf(VoiceError);
    expect((failure as VoiceError).reason).toBe('no-speech');
  });
});
