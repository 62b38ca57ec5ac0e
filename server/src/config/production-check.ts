// What a server outside demo mode must have before it starts: its own secrets (never generated
// into the data directory), a real SMS gateway or an explicit development switch, and complete
// WeChat and Web Push settings. Each problem is one line naming the variable to set.
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedEnv } from './config';

const SMS_CREDENTIALS = ['SMS_SECRET_ID', 'SMS_SECRET_KEY', 'SMS_SDK_APP_ID', 'SMS_SIGN_NAME'] as const;
const SMS_TEMPLATES_NEEDED = ['login_code', 'case_update', 'case_alert'];

export interface ProductionCheck {
  problems: string[];
  dataKey: Buffer | null;
}

export function productionProblems(e: ParsedEnv, dataDir: string): ProductionCheck {
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';
  const demo = e.HOTLINE_DEMO;
  if (demo && production) {
    problems.push('HOTLINE_DEMO: demo mode is refused under NODE_ENV=production (unset HOTLINE_DEMO)');
  }
  const dataKey = readDataKey(e, dataDir, problems);

  if (!demo) {
    if (!e.HOTLINE_TOKEN_SECRET) problems.push('HOTLINE_TOKEN_SECRET: required outside demo mode (at least 32 characters)');
    if (!dataKey && !e.HOTLINE_DATA_KEY && !e.HOTLINE_DATA_KEY_FILE) {
      problems.push(
        'HOTLINE_DATA_KEY: required outside demo mode (32 bytes, base64), or HOTLINE_DATA_KEY_FILE naming a file outside the data directory',
      );
    }
    if (!e.HOTLINE_AUDIT_KEY) problems.push('HOTLINE_AUDIT_KEY: required outside demo mode (at least 32 characters)');
  }

  if (e.HOTLINE_PUSH_TEST_ENDPOINTS && !demo) {
    problems.push('HOTLINE_PUSH_TEST_ENDPOINTS: test push endpoints on loopback are refused outside demo mode');
  }
  checkSms(e, demo, production, problems);
  checkWechat(e, demo, problems);
  // Voice input is optional: without ASR credentials it is simply off (never faked outside demo mode).
  if (Boolean(e.ASR_SECRET_ID) !== Boolean(e.ASR_SECRET_KEY)) {
    problems.push(`${e.ASR_SECRET_ID ? 'ASR_SECRET_KEY' : 'ASR_SECRET_ID'}: ASR_SECRET_ID and ASR_SECRET_KEY go together`);
  }
  checkVapid(e, demo, problems);
  return { problems, dataKey };
}

function readDataKey(e: ParsedEnv, dataDir: string, problems: string[]): Buffer | null {
  if (e.HOTLINE_DATA_KEY && e.HOTLINE_DATA_KEY_FILE) {
    problems.push('HOTLINE_DATA_KEY_FILE: set either HOTLINE_DATA_KEY or HOTLINE_DATA_KEY_FILE, not both');
    return null;
  }
  let encoded = e.HOTLINE_DATA_KEY;
  let variable = 'HOTLINE_DATA_KEY';
  if (e.HOTLINE_DATA_KEY_FILE) {
    variable = 'HOTLINE_DATA_KEY_FILE';
    const file = path.resolve(e.HOTLINE_DATA_KEY_FILE);
    if (isInside(file, dataDir)) {
      problems.push(`HOTLINE_DATA_KEY_FILE: ${file} is inside the data directory ${dataDir}; keep the key away from the database`);
      return null;
    }
    try {
      encoded = fs.readFileSync(file, 'utf8').trim();
    } catch (error) {
      problems.push(`HOTLINE_DATA_KEY_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return null;
    }
  }
  if (encoded === undefined) return null;
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32) {
    problems.push(`${variable}: must hold 32 bytes, base64-encoded (e.g. \`openssl rand -base64 32\`)`);
    return null;
  }
  return key;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(path.resolve(dir), file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function checkSms(e: ParsedEnv, demo: boolean, production: boolean, problems: string[]): void {
  const given = SMS_CREDENTIALS.filter((name) => e[name]);
  if (e.HOTLINE_SMS_LOG && production) {
    problems.push('HOTLINE_SMS_LOG: the log SMS adapter is refused under NODE_ENV=production; configure SMS_* instead');
  }
  if (given.length === 0) {
    if (!demo && !e.HOTLINE_SMS_LOG) {
      problems.push(
        'SMS_SECRET_ID: SMS credentials (SMS_SECRET_ID, SMS_SECRET_KEY, SMS_SDK_APP_ID, SMS_SIGN_NAME, SMS_TEMPLATE_IDS) are required outside demo mode; for development only, HOTLINE_SMS_LOG=1 writes codes to the log',
      );
    }
    return;
  }
  for (const name of SMS_CREDENTIALS) {
    if (!e[name]) problems.push(`${name}: required with the other SMS_* credentials`);
  }
  if (!demo) {
    const keys = new Set((e.SMS_TEMPLATE_IDS ?? '').split(',').map((pair) => pair.split('=')[0]));
    const missing = SMS_TEMPLATES_NEEDED.filter((key) => !keys.has(key));
    if (missing.length) problems.push(`SMS_TEMPLATE_IDS: needs a template id for ${missing.join(', ')}`);
  }
}

function checkWechat(e: ParsedEnv, demo: boolean, problems: string[]): void {
  if (Boolean(e.WECHAT_APP_ID) !== Boolean(e.WECHAT_APP_SECRET)) {
    problems.push(`${e.WECHAT_APP_ID ? 'WECHAT_APP_SECRET' : 'WECHAT_APP_ID'}: WECHAT_APP_ID and WECHAT_APP_SECRET go together`);
  }
  if (demo) return;
  if (e.WECHAT_APP_ID && !/^wx[0-9a-f]{16}$/.test(e.WECHAT_APP_ID)) {
    problems.push('WECHAT_APP_ID: must be the mini-program AppID (wx followed by 16 hex digits)');
  }
  if (e.WECHAT_APP_SECRET && !/^[0-9a-f]{32}$/.test(e.WECHAT_APP_SECRET)) {
    problems.push('WECHAT_APP_SECRET: must be the 32 hex digit AppSecret');
  }
  if (e.WECHAT_TEMPLATES && !e.WECHAT_APP_ID) problems.push('WECHAT_APP_ID: WECHAT_TEMPLATES needs the mini-program credentials');
}

function checkVapid(e: ParsedEnv, demo: boolean, problems: string[]): void {
  const decodedLength = (value: string) => Buffer.from(value, 'base64url').length;
  if (e.VAPID_PUBLIC_KEY && decodedLength(e.VAPID_PUBLIC_KEY) !== 65) {
    problems.push('VAPID_PUBLIC_KEY: must be an uncompressed P-256 public key (65 bytes, base64url)');
  }
  if (e.VAPID_PRIVATE_KEY && decodedLength(e.VAPID_PRIVATE_KEY) !== 32) {
    problems.push('VAPID_PRIVATE_KEY: must be a P-256 private key (32 bytes, base64url)');
  }
  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY)) {
    problems.push(`${e.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY'}: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together`);
  }
  if (demo) return;
  // Several instances must sign with the same keys, so they come from the environment, never a file.
  if (!e.VAPID_PUBLIC_KEY && !e.VAPID_PRIVATE_KEY) {
    problems.push('VAPID_PUBLIC_KEY: Web Push keys are required outside demo mode (`npx web-push generate-vapid-keys`), with VAPID_PRIVATE_KEY');
  }
  if (e.VAPID_SUBJECT === 'mailto:hotline@localhost') {
    problems.push('VAPID_SUBJECT: set the contact push services may reach (mailto: or https:// URL of the operator)');
  }
}
