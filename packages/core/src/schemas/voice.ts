// Wire shapes of voice input: whether the server turns speech into text, within which limits, and
// what one recording became. The mini-program records and uploads; H5 uses the browser's own service.
import { z } from 'zod';

/** Recording formats the speech-to-text service accepts (WeChat's recorder makes mp3 or aac). */
export const voiceFormats = ['mp3', 'aac', 'm4a', 'wav'] as const;
export type VoiceFormat = (typeof voiceFormats)[number];

/** One utterance: what Tencent Cloud's 一句话识别 takes (≤ 60 s); 1 MB holds a minute of 16 kHz mono mp3. */
export const VOICE_MAX_SECONDS = 60;
export const VOICE_MAX_BYTES = 1024 * 1024;

export const voiceSettingsSchema = z.object({
  /** False: no speech-to-text service is configured; the form offers typing only. */
  enabled: z.boolean(),
  /** True: the demo adapter answers with a sample sentence, not what was said. */
  demo: z.boolean(),
  maxSeconds: z.number().int(),
  maxBytes: z.number().int(),
  formats: z.array(z.enum(voiceFormats)),
});
export type VoiceSettings = z.infer<typeof voiceSettingsSchema>;

/** The query of an upload (the recording itself is the multipart field `file`). */
export const transcriptionQuerySchema = z.strictObject({
  format: z.enum(voiceFormats),
  /** How long the recorder says it ran, in ms; over a minute answers VOICE_TOO_LONG. */
  durationMs: z.coerce.number().int().min(0).max(3_600_000),
});
export type TranscriptionQuery = z.infer<typeof transcriptionQuerySchema>;

export const transcriptionSchema = z.object({
  text: z.string(),
  durationMs: z.number().int(),
  demo: z.boolean(),
});
export type Transcription = z.infer<typeof transcriptionSchema>;
