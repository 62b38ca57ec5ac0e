// Voice input of a description: the recording is uploaded, checked and sent to Tencent Cloud's
// 一句话识别 (here a fake on loopback that checks the signature and speaks the protocol, errors
// included); in demo mode a labelled stand-in answers; outside demo mode without ASR credentials
// voice input is off, never faked.
import { DEMO_TRANSCRIPT } from '../src/integrations/asr/demo-speech-to-text';
import type { LogSmsGateway } from '../src/integrations/sms/log-sms.gateway';
import { SMS_GATEWAY } from '../src/integrations/sms/sms-gateway';
import { loadConfig } from '../src/config/config';
import { startFakeAsr, type FakeAsr } from './fakes/asr-tencent';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

const SECRET_ID = 'AKIDvoice0000000000';
const SECRET_KEY = 'voice-secret-key-0000';

/** A few frames of 16 kHz mono MPEG-2 layer III as WeChat's recorder writes them (ID3 header, frame sync). */
const mp3 = (bytes = 6000) => {
  const audio = Buffer.alloc(bytes, 0x55);
  audio.write('ID3', 0, 'latin1');
  return audio;
};

async function upload(server: TestServer, token: string | null, audio: Buffer, query = 'format=mp3&durationMs=3200') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(audio)], { type: 'audio/mpeg' }), 'voice.mp3');
  const res = await fetch(`${server.url}/api/voice/transcriptions?${query}`, {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe(`voice input through Tencent Cloud speech recognition on ${testDbKind}`, () => {
  let asr: FakeAsr;
  let server: TestServer;
  let resident: string;

  beforeAll(async () => {
    asr = await startFakeAsr(SECRET_ID, SECRET_KEY);
    server = await startTestServer({
      ASR_ENDPOINT: asr.url,
      ASR_SECRET_ID: SECRET_ID,
      ASR_SECRET_KEY: SECRET_KEY,
      HOTLINE_VOICE_PER_USER_HOUR: '6',
    });
    resident = await devLogin(server, 'resident');
  });
  afterAll(async () => {
    await server?.close();
    await asr?.close();
  });

  it('tells the app that voice input is on, and within which limits', async () => {
    const res = await server.request('GET', '/api/voice');
    expect(res.body).toEqual({ enabled: true, demo: false, maxSeconds: 60, maxBytes: 1024 * 1024, formats: ['mp3', 'aac', 'm4a', 'wav'] });
  });

  it('turns a recording into the text the resident said, with a signed request carrying the audio', async () => {
    const audio = mp3();
    const res = await upload(server, resident, audio);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ text: '小区门口的路灯三天不亮了', durationMs: 3200, demo: false });
    expect(asr.rejectedSignatures).toBe(0);
    const sent = asr.requests.at(-1)!;
    expect(sent).toMatchObject({ engine: '16k_zh', format: 'mp3', sourceType: 1, dataLen: audio.length });
    expect(sent.audio.equals(audio)).toBe(true);
  });

  it.each([
    ['FailedOperation.ErrorRecognize', 502, 'VOICE_SERVICE_FAILED'],
    ['FailedOperation.UserHasNoFreeAmount', 502, 'VOICE_SERVICE_FAILED'],
    ['RequestLimitExceeded', 502, 'VOICE_SERVICE_FAILED'],
    ['InvalidParameterValue.ErrorVoicedataTooLong', 413, 'VOICE_TOO_LONG'],
  ])('answers the service’s %s with %i %s and a message to type instead', async (providerCode, status, code) => {
    asr.failNext(providerCode);
    const res = await upload(server, resident, mp3());
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
  });

  it('says nothing was heard when the recording was silence', async () => {
    asr.says = '';
    const res = await upload(server, resident, mp3());
    asr.says = '小区门口的路灯三天不亮了';
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VOICE_NOT_HEARD');
  });

  it('refuses what is not a recording, too large or over a minute before paying the service', async () => {
    const before = asr.requests.length;
    const text = await upload(server, resident, Buffer.from('<script>alert(1)</script>'));
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('VOICE_FORMAT_UNSUPPORTED');
    const large = await upload(server, resident, mp3(1024 * 1024 + 1));
    expect(large.status).toBe(413);
    expect(large.body.code).toBe('VOICE_TOO_LARGE');
    const long = await upload(server, resident, mp3(), 'format=mp3&durationMs=61000');
    expect(long.status).toBe(413);
    expect(long.body.code).toBe('VOICE_TOO_LONG');
    const badFormat = await upload(server, resident, mp3(), 'format=ogg&durationMs=3000');
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.code).toBe('VALIDATION_FAILED');
    const json = await server.request('POST', '/api/voice/transcriptions?format=mp3&durationMs=1000', { token: resident, body: {} });
    expect(json.status).toBe(400);
    expect(asr.requests.length).toBe(before);
  });

  it('asks who is speaking: no recording is transcribed without signing in', async () => {
    const res = await upload(server, null, mp3());
    expect(res.status).toBe(401);
  });

  it('limits each person’s recordings per hour, and not anyone else’s', async () => {
    const other = await devLogin(server, 'operator'); // the demo sign-in gives one resident; an operator is someone else
    const seen = [];
    // The allowance is 6 an hour; earlier tests in this file may have used some of it.
    for (let i = 0; i < 7; i++) seen.push(await upload(server, resident, mp3()));
    const limited = seen.find((r) => r.status === 429);
    expect(limited?.body).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('直接输入文字') });
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await upload(server, other, mp3())).status).toBe(200);
  });

  it('counts a wrong key as the service does: signature refused, the resident told to type', async () => {
    const wrong = await startTestServer({ ASR_ENDPOINT: asr.url, ASR_SECRET_ID: SECRET_ID, ASR_SECRET_KEY: 'not-the-key' });
    try {
      const before = asr.rejectedSignatures;
      const res = await upload(wrong, await devLogin(wrong, 'resident'), mp3());
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('VOICE_SERVICE_FAILED');
      expect(asr.rejectedSignatures).toBe(before + 1);
    } finally {
      await wrong.close();
    }
  });
});

describe('voice input without a speech service', () => {
  it('in demo mode answers with a sample sentence that says it is a demo', async () => {
    const server = await startTestServer();
    try {
      expect((await server.request('GET', '/api/voice')).body).toMatchObject({ enabled: true, demo: true });
      const res = await upload(server, await devLogin(server, 'resident'), mp3());
      expect(res.body).toMatchObject({ text: DEMO_TRANSCRIPT, demo: true });
      expect(res.body.text).toContain('演示');
    } finally {
      await server.close();
    }
  });

  it('outside demo mode is off: the app is told so and a recording is refused, not faked', async () => {
    const server = await startTestServer({ HOTLINE_DEMO: '0' });
    try {
      expect((await server.request('GET', '/api/voice')).body).toMatchObject({ enabled: false, demo: false });
      const phone = '13700137000';
      await server.request('POST', '/api/auth/sms-code', { body: { phone } });
      const code = (server.app.get(SMS_GATEWAY) as LogSmsGateway).outbox.at(-1)!.params[0]!;
      const login = await server.request('POST', '/api/auth/sms-login', { body: { phone, code } });
      const res = await upload(server, login.body.accessToken as string, mp3());
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('VOICE_NOT_AVAILABLE');
    } finally {
      await server.close();
    }
  });

  it('stops the server when only half of the ASR credentials are given', () => {
    expect(() => loadConfig({ HOTLINE_DEMO: '1', ASR_SECRET_ID: SECRET_ID })).toThrow(/ASR_SECRET_KEY/);
  });
});
