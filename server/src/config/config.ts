// Configuration comes from the environment only, and is validated once at start:
// a wrong value stops the process with a message that names the variable.
import path from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .transform((v) => v === '1' || v === 'true');

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
  version: string;
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
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '?')}: ${issue.message}`),
    );
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
    version: readVersion(),
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
