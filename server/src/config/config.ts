// Configuration comes from the environment only, and is validated once at start:
// a wrong value stops the process with a message that names the variable.
import path from 'node:path';
import { z } from 'zod';

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
  HOTLINE_ACCESS_TOKEN_TTL: z.coerce.number().int().min(60).max(86_400).default(900),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOTLINE_MIGRATE_ON_START: flag.default(true),
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
  HOTLINE_MEDIA_DAILY_QUOTA: z.coerce.number().int().min(1).max(10_000).default(60),
  HOTLINE_NOTIFY_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  HOTLINE_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** JSON: { "<event type>": { "templateId", "page", "data": { "<keyword>": "<fact>" } } } (docs in notifications/templates.ts). */
  WECHAT_TEMPLATES: z.string().min(2).optional(),
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
  VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https:// URL')
    .default('mailto:hotline@localhost'),
});

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
  accessTokenTtlSeconds: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  migrateOnStart: boolean;
  trustProxyHops: number;
  schedulerIntervalMs: number;
  version: string;
  wechat: { apiBase: string; appId: string | null; appSecret: string | null };
  /** Tencent Cloud SMS; null means the log adapter (demo and development). */
  sms: {
    endpoint: string;
    region: string;
    secretId: string;
    secretKey: string;
    sdkAppId: string;
    signName: string;
    templateIds: Record<string, string>;
  } | null;
  mediaDailyQuota: number;
  notifications: {
    /** How often the outbox worker looks for due sends; 0 = no worker in this process. */
    intervalMs: number;
    maxAttempts: number;
    wechatTemplatesJson: string | null;
    miniprogramState: 'developer' | 'trial' | 'formal';
    vapid: { publicKey: string | null; privateKey: string | null; subject: string };
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The repository root: server/dist/config → ../../.. ; server/src/config (tests) → same depth. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '?')}: ${issue.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(repoRoot, e.HOTLINE_DATA_DIR);
  if (!e.HOTLINE_DEMO && !e.HOTLINE_TOKEN_SECRET && env.NODE_ENV === 'production') {
    throw new ConfigError(['HOTLINE_TOKEN_SECRET: required in production (at least 32 characters)']);
  }
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
    accessTokenTtlSeconds: e.HOTLINE_ACCESS_TOKEN_TTL,
    logLevel: e.LOG_LEVEL,
    migrateOnStart: e.HOTLINE_MIGRATE_ON_START,
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
    mediaDailyQuota: e.HOTLINE_MEDIA_DAILY_QUOTA,
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
    },
  };
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
