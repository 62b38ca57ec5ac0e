// A fake Tencent Cloud speech recognition endpoint (一句话识别, SentenceRecognition) on loopback:
// checks each request's TC3-HMAC-SHA256 signature (computed here independently, service "asr"),
// decodes the base64 audio, answers with what it was told the recording says, and can be told to
// answer the errors Tencent documents.
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AsrRequest {
  engine: string;
  format: string;
  sourceType: number;
  audio: Buffer;
  dataLen: number;
}

export interface FakeAsr {
  url: string;
  requests: AsrRequest[];
  rejectedSignatures: number;
  /** What the next recordings say (the empty string: silence). */
  says: string;
  /** The reported length of each recording in ms. */
  durationMs: number;
  /** The next SentenceRecognition answers this error code. */
  failNext(code: string): void;
  close(): Promise<void>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s).digest();

function expectedAuthorization(secretId: string, secretKey: string, req: http.IncomingMessage, body: string): string {
  const timestamp = Number(req.headers['x-tc-timestamp']);
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const canonical = `POST\n/\n\ncontent-type:${req.headers['content-type']}\nhost:${req.headers.host}\n\ncontent-type;host\n${sha256(body)}`;
  const sts = `TC3-HMAC-SHA256\n${timestamp}\n${date}/asr/tc3_request\n${sha256(canonical)}`;
  const sig = createHmac('sha256', hmac(hmac(hmac('TC3' + secretKey, date), 'asr'), 'tc3_request')).update(sts).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${secretId}/${date}/asr/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`;
}

const MESSAGES: Record<string, string> = {
  'FailedOperation.ErrorRecognize': '识别失败',
  'FailedOperation.UserHasNoFreeAmount': '账号没有可用的识别额度',
  'InvalidParameterValue.ErrorVoicedataTooLong': '音频时长超过60s',
  'InvalidParameterValue.ErrorInvalidVoicedata': '音频数据无效',
  RequestLimitExceeded: '请求的次数超过了频率限制',
};

export async function startFakeAsr(secretId: string, secretKey: string): Promise<FakeAsr> {
  let failure: string | null = null;
  const state = { requests: [] as AsrRequest[], rejectedSignatures: 0, says: '小区门口的路灯三天不亮了', durationMs: 3200 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const answer = (payload: object) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ Response: { ...payload, RequestId: 'fake-asr-request' } }));
      };
      if (req.headers['x-tc-action'] !== 'SentenceRecognition' || req.headers['x-tc-version'] !== '2019-06-14') {
        return answer({ Error: { Code: 'InvalidAction', Message: 'unknown action' } });
      }
      if (req.headers.authorization !== expectedAuthorization(secretId, secretKey, req, body)) {
        state.rejectedSignatures++;
        return answer({ Error: { Code: 'AuthFailure.SignatureFailure', Message: '请求签名验证失败' } });
      }
      const input = JSON.parse(body) as { EngSerViceType: string; SourceType: number; VoiceFormat: string; Data: string; DataLen: number };
      const audio = Buffer.from(input.Data, 'base64');
      if (input.SourceType !== 1 || audio.length !== input.DataLen) {
        return answer({ Error: { Code: 'InvalidParameterValue.ErrorInvalidVoicedata', Message: MESSAGES['InvalidParameterValue.ErrorInvalidVoicedata'] } });
      }
      state.requests.push({ engine: input.EngSerViceType, format: input.VoiceFormat, sourceType: input.SourceType, audio, dataLen: input.DataLen });
      if (failure) {
        const code = failure;
        failure = null;
        return answer({ Error: { Code: code, Message: MESSAGES[code] ?? 'fake failure' } });
      }
      answer({ Result: state.says, AudioDuration: state.durationMs, WordSize: 0, WordList: null });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    failNext(code: string) {
      failure = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
