// Tencent Cloud speech recognition, 一句话识别 (API 3.0, action SentenceRecognition, version
// 2019-06-14, TC3-HMAC-SHA256): the recording travels base64 in the JSON body (SourceType 1), at
// most 60 s and 3 MB. https://cloud.tencent.com/document/api/1093/35646
import type { VoiceFormat } from '@hotline/core';
import { tc3Authorization, TC3_CONTENT_TYPE } from '../tencent-cloud/tc3-signature';
import { SpeechToTextError, type SpeechToText } from './speech-to-text';

export interface TencentAsrConfig {
  endpoint: string;
  /** Optional for this service; sent as X-TC-Region when set. */
  region: string | null;
  secretId: string;
  secretKey: string;
  /** 16k_zh: Mandarin at 16 kHz, what WeChat's recorder is asked for. */
  engine: string;
}

const SERVICE = 'asr';
const VERSION = '2019-06-14';
const ACTION = 'SentenceRecognition';

interface SentenceRecognitionResponse {
  Response?: {
    Error?: { Code: string; Message: string };
    Result?: string;
    AudioDuration?: number;
    RequestId?: string;
  };
}

export class TencentAsr implements SpeechToText {
  readonly kind = 'tencent' as const;

  constructor(
    private readonly config: TencentAsrConfig,
    private readonly timeoutMs = 15_000,
  ) {}

  async transcribe(audio: Buffer, format: VoiceFormat): Promise<{ text: string; durationMs: number }> {
    const payload = JSON.stringify({
      EngSerViceType: this.config.engine,
      SourceType: 1,
      VoiceFormat: format,
      Data: audio.toString('base64'),
      DataLen: audio.length,
      FilterDirty: 0,
      FilterModal: 0,
      FilterPunc: 0,
      ConvertNumMode: 1,
    });
    const url = new URL(this.config.endpoint);
    const timestamp = Math.floor(Date.now() / 1000);
    const { secretId, secretKey, region } = this.config;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: tc3Authorization({ secretId, secretKey, host: url.host, timestamp, payload, service: SERVICE }),
          'content-type': TC3_CONTENT_TYPE,
          'x-tc-action': ACTION,
          'x-tc-timestamp': String(timestamp),
          'x-tc-version': VERSION,
          ...(region ? { 'x-tc-region': region } : {}),
        },
        body: payload,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new SpeechToTextError('NetworkError', `speech recognition unreachable: ${(err as Error).message}`);
    }
    let body: SentenceRecognitionResponse;
    try {
      body = (await res.json()) as SentenceRecognitionResponse;
    } catch {
      throw new SpeechToTextError('BadResponse', `speech recognition answered ${res.status} without JSON`);
    }
    const error = body.Response?.Error;
    if (error) {
      const tooLong = /TooLong|ErrorVoicedataTooLong/i.test(error.Code);
      throw new SpeechToTextError(tooLong ? 'TooLong' : error.Code, error.Message);
    }
    if (typeof body.Response?.Result !== 'string') throw new SpeechToTextError('BadResponse', 'speech recognition answered without a result');
    return { text: body.Response.Result.trim(), durationMs: Math.round(body.Response.AudioDuration ?? 0) };
  }
}
