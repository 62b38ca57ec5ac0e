// Configuration comes from the environment only, and is validated once at start:
// a wrong value stops the process with a message that names the variable.
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PUSH_HOSTS, type PushEndpointPolicy } from '../integrations/webpush/push-endpoint';
import { parseTemplates } from '../notifications/templates';
import { ConfigError } from './config-error';
import { productionProblems } from './production-check';

export { ConfigError };

const flag = z.enum(['0', '1', 'true', 'false', '']).transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave it unset for the embedded SQLite database)')
    .optional(),
  HOTLINE_DATA_DIR: z.string().min(1).default('data'),
  HOTLINE_WEB_DIR: z.string().min(1).optional(),
  HOTLINE_DEMO: flag.default(false),
  HOTLINE_SEED_DIR: z.string().min(1).optional(),
  HOTLINE_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The phone vault's key (32 bytes, base64), or a file holding it; never beside the database. */
  HOTLINE_DATA_KEY: z.string().min(1).optional(),
  HOTLINE_DATA_KEY_FILE: z.string().min(1).optional(),
  /** Keys the audit chain's HMAC; the database never holds it. */
  HOTLINE_AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where the signed audit checkpoints are appended (outside the database; one file per instance). */
  HOTLINE_AUDIT_CHECKPOINT_PATH: z.string().min(1).optional(),
  /** How often a checkpoint is appended; 0 = never (tests call checkpoint() directly). */
  HOTLINE_AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** PostgreSQL as the tables' owner, for migrations only; DATABASE_URL is then the app's role. */
  HOTLINE_MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Development only: sign-in codes and SMS go to the log instead of a gateway. */
  HOTLINE_SMS_LOG: flag.default(false),
  NODE_ENV: z.string().optional(),
  HOTLINE_ACCESS_TOKEN_TTL: z.coerce.number().int().min(60).max(86_400).default(900),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOTLINE_MIGRATE_ON_START: flag.default(true),
  /** SQLite: copy the WAL back into the database file on a worker thread (database/wal-checkpointer.ts). */
  HOTLINE_SQLITE_CHECKPOINT_WORKER: flag.default(true),
  /** Behind a reverse proxy: how many proxy hops to trust for the client's address (0 = none). */
  HOTLINE_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** How often the deadline scheduler runs; 0 turns it off (tests call tick() directly). */
  HOTLINE_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_APP_ID: z.string().min(1).optional(),
  WECHAT_APP_SECRET: z.string().min(1).optional(),
  SMS_ENDPOINT: z.url().default('https://sms.tencentcloudapi.com'),
  SMS_REGION: z.string().min(1).default('ap-guangzhou'),
  SMS_SECRET_ID: z.string().min(1).optional(),
  SMS_SECRET_KEY: z.string().min(1).optional(),
  SMS_SDK_APP_ID: z.string().min(1).optional(),
  SMS_SIGN_NAME: z.string().min(1).optional(),
  /** templateKey=templateId pairs, comma-separated: `login_code=1234567,case_update=2345678`. */
  SMS_TEMPLATE_IDS: z
    .string()
    .regex(/^(\w+=\w+)(,\w+=\w+)*$/, 'must be key=templateId pairs separated by commas')
    .optional(),
  /** Tencent Cloud speech recognition (一句话识别) for voice input; unset = voice input off outside demo mode. */
  ASR_ENDPOINT: z.url().default('https://asr.tencentcloudapi.com'),
  ASR_REGION: z.string().min(1).optional(),
  ASR_SECRET_ID: z.string().min(1).optional(),
  ASR_SECRET_KEY: z.string().min(1).optional(),
  ASR_ENGINE: z.string().regex(/^(8k|16k)_[\w-]+$/, 'must be an engine type such as 16k_zh').default('16k_zh'),
  /** Recordings one person may have transcribed per hour (cost and abuse cap). */
  HOTLINE_VOICE_PER_USER_HOUR: z.coerce.number().int().min(1).max(10_000).default(30),
  /** SMS sign-in codes sent per hour by the whole installation (cost and abuse cap). */
  HOTLINE_SMS_HOURLY_CAP: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Cases one resident may file per day, and one IP address per day. */
  HOTLINE_FILINGS_PER_RESIDENT_DAY: z.coerce.number().int().min(1).max(10_000).default(20),
  HOTLINE_FILINGS_PER_IP_DAY: z.coerce.number().int().min(1).max(1_000_000).default(200),
  /** S3-compatible photo storage; unset bucket = photos on the local disk under HOTLINE_DATA_DIR. */
  HOTLINE_S3_BUCKET: z.string().min(3).optional(),
  HOTLINE_S3_ENDPOINT: z.url().optional(),
  HOTLINE_S3_REGION: z.string().min(1).default('us-east-1'),
  HOTLINE_S3_FORCE_PATH_STYLE: flag.default(false),
  HOTLINE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  HOTLINE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Photo URLs pre-signed by the bucket instead of served through the API. */
  HOTLINE_S3_PRESIGNED_URLS: flag.default(false),
  HOTLINE_MEDIA_DAILY_QUOTA: z.coerce.number().int().min(1).max(10_000).default(60),
  HOTLINE_NOTIFY_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  HOTLINE_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** JSON: { "<event type>": { "templateId", "page", "data": { "<keyword>": "<fact>" } } } (docs in notifications/templates.ts). */
  WECHAT_TEMPLATES: z.string().min(2).optional(),
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
  /** Hosts Web Push endpoints may point at (`*.` for subdomains); others are refused (SSRF). */
  HOTLINE_PUSH_HOSTS: z
    .string()
    .regex(/^(\*\.)?[a-z0-9.-]+(,(\*\.)?[a-z0-9.-]+)*$/, 'must be host names separated by commas')
    .optional(),
  /** Tests only: accept http push endpoints on loopback (a fake push service); refused outside demo mode. */
  HOTLINE_PUSH_TEST_ENDPOINTS: flag.default(false),
  VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https:// URL')
    .default('mailto:hotline@localhost'),
});

export type ParsedEnv = z.infer<typeof envSchema>;
/** Every variable the server reads (`.env.example` documents each; a test holds it to that). */
export const ENV_VARIABLES = Object.keys(envSchema.shape);
export type DatabaseKind = 'sqlite' | 'postgres';

export interface AppConfig {
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  webDir: string;
  seedDir: string;
  demo: boolean;
  tokenSecret: string | null;
  /** The phone vault key from HOTLINE_DATA_KEY or HOTLINE_DATA_KEY_FILE; null in demo mode without one. */
  dataKey: Buffer | null;
  auditKey: string | null;
  audit: { checkpointPath: string; checkpointIntervalMs: number };
  /** The owner's connection for migrations when the app runs as a role without DDL rights. */
  migrationDatabaseUrl: string | null;
  accessTokenTtlSeconds: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  migrateOnStart: boolean;
  /** SQLite: WAL checkpoints on a worker thread, off the event loop (else SQLite's own, in commits). */
  sqliteCheckpointWorker: boolean;
  trustProxyHops: number;
  schedulerIntervalMs: number;
  version: string;
  wechat: { apiBase: string; appId: string | null; appSecret: string | null };
  /** Tencent Cloud SMS; null means the log adapter (demo mode, or HOTLINE_SMS_LOG=1 in development). */
  sms: import('../integrations/sms/tencent-sms.gateway').TencentSmsConfig | null;
  /** Tencent Cloud speech recognition; null: the demo stand-in in demo mode, else voice input off. */
  asr: import('../integrations/asr/tencent-asr').TencentAsrConfig | null;
  voicePerUserHour: number;
  mediaDailyQuota: number;
  smsHourlyCap: number;
  filingLimits: { perResidentDay: number; perIpDay: number };
  /** Photos in S3-compatible storage; null keeps them on the local disk. */
  s3: import('../media/s3.storage').S3Settings | null;
  notifications: {
    /** How often the outbox worker looks for due sends; 0 = no worker in this process. */
    intervalMs: number;
    maxAttempts: number;
    wechatTemplatesJson: string | null;
    miniprogramState: 'developer' | 'trial' | 'formal';
    vapid: { publicKey: string | null; privateKey: string | null; subject: string };
    pushEndpoints: PushEndpointPolicy;
  };
}


/** The repository root: server/dist/config → ../../.. ; server/src/config (tests) → same depth. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Report every problem at once: the rest of the settings are checked without the bad values.
    const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '?')));
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '?')}: ${issue.message}`);
    const rest = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([name]) => !bad.has(name))));
    if (rest.success) {
      const more = checkSettings(rest.data, path.resolve(repoRoot, rest.data.HOTLINE_DATA_DIR)).problems;
      problems.push(...more.filter((line) => !bad.has(line.split(':')[0] ?? '')));
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const dataDir = path.resolve(repoRoot, e.HOTLINE_DATA_DIR);
  const checked = checkSettings(e, dataDir);
  if (Boolean(e.HOTLINE_S3_ACCESS_KEY_ID) !== Boolean(e.HOTLINE_S3_SECRET_ACCESS_KEY)) {
    checked.problems.push('HOTLINE_S3_SECRET_ACCESS_KEY: give both HOTLINE_S3_ACCESS_KEY_ID and HOTLINE_S3_SECRET_ACCESS_KEY, or neither');
  }
  if (!e.HOTLINE_S3_BUCKET && (e.HOTLINE_S3_ENDPOINT || e.HOTLINE_S3_ACCESS_KEY_ID || e.HOTLINE_S3_PRESIGNED_URLS)) {
    checked.problems.push('HOTLINE_S3_BUCKET: required when any other HOTLINE_S3_ setting is given');
  }
  if (e.HOTLINE_MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    checked.problems.push('HOTLINE_MIGRATION_DATABASE_URL: only with DATABASE_URL (PostgreSQL), which is then the app role');
  }
  if (checked.problems.length) throw new ConfigError(checked.problems);
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', file: path.join(dataDir, 'hotline.sqlite') },
    dataDir,
    webDir: path.resolve(repoRoot, e.HOTLINE_WEB_DIR ?? 'apps/client/dist/h5'),
    seedDir: path.resolve(repoRoot, e.HOTLINE_SEED_DIR ?? 'server/seed/demo-county'),
    demo: e.HOTLINE_DEMO,
    tokenSecret: e.HOTLINE_TOKEN_SECRET ?? null,
    dataKey: checked.dataKey,
    auditKey: e.HOTLINE_AUDIT_KEY ?? null,
    audit: {
      checkpointPath: path.resolve(repoRoot, e.HOTLINE_AUDIT_CHECKPOINT_PATH ?? path.join(dataDir, 'audit-checkpoints.jsonl')),
      checkpointIntervalMs: e.HOTLINE_AUDIT_CHECKPOINT_INTERVAL_MS,
    },
    migrationDatabaseUrl: e.HOTLINE_MIGRATION_DATABASE_URL ?? null,
    accessTokenTtlSeconds: e.HOTLINE_ACCESS_TOKEN_TTL,
    logLevel: e.LOG_LEVEL,
    migrateOnStart: e.HOTLINE_MIGRATE_ON_START,
    sqliteCheckpointWorker: e.HOTLINE_SQLITE_CHECKPOINT_WORKER,
    trustProxyHops: e.HOTLINE_TRUST_PROXY_HOPS,
    schedulerIntervalMs: e.HOTLINE_SCHEDULER_INTERVAL_MS,
    version: readVersion(),
    wechat: {
      apiBase: e.WECHAT_API_BASE.replace(/\/+$/, ''),
      appId: e.WECHAT_APP_ID ?? null,
      appSecret: e.WECHAT_APP_SECRET ?? null,
    },
    sms:
      e.SMS_SECRET_ID && e.SMS_SECRET_KEY && e.SMS_SDK_APP_ID && e.SMS_SIGN_NAME
        ? {
            endpoint: e.SMS_ENDPOINT.replace(/\/+$/, ''),
            region: e.SMS_REGION,
            secretId: e.SMS_SECRET_ID,
            secretKey: e.SMS_SECRET_KEY,
            sdkAppId: e.SMS_SDK_APP_ID,
            signName: e.SMS_SIGN_NAME,
            templateIds: Object.fromEntries(
              (e.SMS_TEMPLATE_IDS ?? '')
                .split(',')
                .filter(Boolean)
                .map((pair) => pair.split('=') as [string, string]),
            ),
          }
        : null,
    asr:
      e.ASR_SECRET_ID && e.ASR_SECRET_KEY
        ? {
            endpoint: e.ASR_ENDPOINT.replace(/\/+$/, ''),
            region: e.ASR_REGION ?? null,
            secretId: e.ASR_SECRET_ID,
            secretKey: e.ASR_SECRET_KEY,
            engine: e.ASR_ENGINE,
          }
        : null,
    voicePerUserHour: e.HOTLINE_VOICE_PER_USER_HOUR,
    mediaDailyQuota: e.HOTLINE_MEDIA_DAILY_QUOTA,
    smsHourlyCap: e.HOTLINE_SMS_HOURLY_CAP,
    filingLimits: { perResidentDay: e.HOTLINE_FILINGS_PER_RESIDENT_DAY, perIpDay: e.HOTLINE_FILINGS_PER_IP_DAY },
    s3: e.HOTLINE_S3_BUCKET
      ? {
          bucket: e.HOTLINE_S3_BUCKET,
          region: e.HOTLINE_S3_REGION,
          endpoint: e.HOTLINE_S3_ENDPOINT ?? null,
          forcePathStyle: e.HOTLINE_S3_FORCE_PATH_STYLE,
          credentials:
            e.HOTLINE_S3_ACCESS_KEY_ID && e.HOTLINE_S3_SECRET_ACCESS_KEY
              ? { accessKeyId: e.HOTLINE_S3_ACCESS_KEY_ID, secretAccessKey: e.HOTLINE_S3_SECRET_ACCESS_KEY }
              : null,
          presignedUrls: e.HOTLINE_S3_PRESIGNED_URLS,
        }
      : null,
    notifications: {
      intervalMs: e.HOTLINE_NOTIFY_INTERVAL_MS,
      maxAttempts: e.HOTLINE_NOTIFY_MAX_ATTEMPTS,
      wechatTemplatesJson: e.WECHAT_TEMPLATES ?? null,
      miniprogramState: e.WECHAT_MINIPROGRAM_STATE,
      vapid: {
        publicKey: e.VAPID_PUBLIC_KEY ?? null,
        privateKey: e.VAPID_PRIVATE_KEY ?? null,
        subject: e.VAPID_SUBJECT,
      },
      pushEndpoints: {
        hosts: e.HOTLINE_PUSH_HOSTS ? e.HOTLINE_PUSH_HOSTS.split(',') : DEFAULT_PUSH_HOSTS,
        allowLoopbackHttp: e.HOTLINE_PUSH_TEST_ENDPOINTS,
      },
    },
  };
}

function checkSettings(e: ParsedEnv, dataDir: string) {
  const checked = productionProblems(e, dataDir);
  try {
    parseTemplates(e.WECHAT_TEMPLATES ?? null);
  } catch (error) {
    if (error instanceof ConfigError) checked.problems.push(...error.problems);
    else throw error;
  }
  return checked;
}

function readVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(path.join(repoRoot, 'package.json')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
