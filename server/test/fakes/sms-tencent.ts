// A fake Tencent Cloud SMS endpoint on loopback: checks each request's TC3-HMAC-SHA256
// signature (computed here independently), records what would have been sent, and can be told
// to answer the errors Tencent documents.
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSms {
  url: string;
  sent: { phone: string; templateId: string; params: string[] }[];
  rejectedSignatures: number;
  /** The next SendSms answers this error: a top-level Error code, or a per-number status code. */
  failNext(code: string, where?: 'request' | 'status'): void;
  close(): Promise<void>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s).digest();

function expectedAuthorization(secretId: string, secretKey: string, req: http.IncomingMessage, body: string): string {
  const timestamp = Number(req.headers['x-tc-timestamp']);
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const canonical = `POST\n/\n\ncontent-type:${req.headers['content-type']}\nhost:${req.headers.host}\n\ncontent-type;host\n${sha256(body)}`;
  const sts = `TC3-HMAC-SHA256\n${timestamp}\n${date}/sms/tc3_request\n${sha256(canonical)}`;
  const sig = createHmac('sha256', hmac(hmac(hmac('TC3' + secretKey, date), 'sms'), 'tc3_request')).update(sts).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${secretId}/${date}/sms/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`;
}

export async function startFakeSms(secretId: string, secretKey: string): Promise<FakeSms> {
  let failure: { code: string; where: 'request' | 'status' } | null = null;
  const fake: Omit<FakeSms, 'url' | 'close'> = {
    sent: [],
    rejectedSignatures: 0,
    failNext(code, where = 'status') {
      failure = { code, where };
    },
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const answer = (payload: unknown) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ Response: { ...(payload as object), RequestId: 'fake-request' } }));
      };
      if (req.headers['x-tc-action'] !== 'SendSms' || req.headers['x-tc-version'] !== '2021-01-11') {
        return answer({ Error: { Code: 'InvalidAction', Message: 'unknown action' } });
      }
      if (req.headers.authorization !== expectedAuthorization(secretId, secretKey, req, body)) {
        fake.rejectedSignatures++;
        return answer({ Error: { Code: 'AuthFailure.SignatureFailure', Message: 'signature mismatch' } });
      }
      const input = JSON.parse(body) as { PhoneNumberSet: string[]; TemplateId: string; TemplateParamSet: string[] };
      const phone = input.PhoneNumberSet[0] ?? '';
      if (failure) {
        const f = failure;
        failure = null;
        if (f.where === 'request') return answer({ Error: { Code: f.code, Message: 'fake failure' } });
        return answer({ SendStatusSet: [{ PhoneNumber: phone, Code: f.code, Message: 'fake failure', SerialNo: '', Fee: 0 }] });
      }
      fake.sent.push({ phone, templateId: input.TemplateId, params: input.TemplateParamSet });
      answer({ SendStatusSet: [{ PhoneNumber: phone, Code: 'Ok', Message: 'send success', SerialNo: 'fake-1', Fee: 1 }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    get sent() {
      return fake.sent;
    },
    get rejectedSignatures() {
      return fake.rejectedSignatures;
    },
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
