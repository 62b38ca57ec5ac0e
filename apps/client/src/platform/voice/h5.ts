// Voice input in the browser: the Web Speech API (Chrome, Edge, Safari; `webkitSpeechRecognition`
// in most), which sends the audio to the browser's own speech service. Absent elsewhere.
import { VoiceError, type VoiceInput } from './types';

interface RecognitionEvent {
  results: ArrayLike<ArrayLike<{ transcript: string }>>;
}
interface Recognition {
  lang: string;
  interimResults: boolean;
  maxAlternatives: number;
  onresult: ((event: RecognitionEvent) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop?(): void;
}
type RecognitionClass = new () => Recognition;

const recognitionClass = (): RecognitionClass | undefined => {
  const g = globalThis as { SpeechRecognition?: RecognitionClass; webkitSpeechRecognition?: RecognitionClass };
  return g.SpeechRecognition ?? g.webkitSpeechRecognition;
};

let current: Recognition | null = null;

export const voice: VoiceInput = {
  available: () => Promise.resolve(recognitionClass() !== undefined),
  stop: () => current?.stop?.(),
  listen() {
    const Class = recognitionClass();
    if (!Class) return Promise.reject(new VoiceError('failed'));
    return new Promise<string>((resolve, reject) => {
      const recognition = new Class();
      recognition.lang = 'zh-CN';
      recognition.interimResults = false;
      recognition.maxAlternatives = 1;
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        outcome();
      };
      recognition.onresult = (event) => {
        const text = Array.from(event.results, (result) => result[0]?.transcript ?? '')
          .join('')
          .trim();
        finish(() => (text ? resolve(text) : reject(new VoiceError('no-speech'))));
      };
      recognition.onerror = (event) => {
        const reason =
          event.error === 'not-allowed' || event.error === 'service-not-allowed'
            ? 'denied'
            : event.error === 'no-speech'
              ? 'no-speech'
              : 'failed';
        finish(() => reject(new VoiceError(reason)));
      };
      recognition.onend = () => {
        current = null;
        finish(() => reject(new VoiceError('no-speech')));
      };
      current = recognition;
      recognition.start();
    });
  },
};
