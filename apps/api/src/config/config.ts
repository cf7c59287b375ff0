import { z } from 'zod';

const url = (protocols: string[], example: string) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL such as ${example}` },
  );

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every setting the API reads from its environment; README's configuration table mirrors this. */
const envSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user:pass@host:5432/cop'),
  DATABASE_POOL_SIZE: int(1, 1000).default(20),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  PUBLIC_URL: url(['http:', 'https:'], 'https://meetings.example.org').optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters of random data'),
  JWT_TTL_SECONDS: int(60, 30 * 24 * 3600).default(12 * 3600),
  TRUST_PROXY: z.string().default('false'),
  PORTAL_DIR: z.string().optional(),
  DEMO_MODE: bool.default(false),
  RUN_WORKER: bool.default(false),
  /** Bearer token that /metrics requires; unset: no /metrics at all. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  LIVE_HEAD_INTERVAL_MS: int(200, 60_000).default(2000),
  /** Redis prefix of the feed's broadcasts and notices; deployments sharing one Redis must differ. */
  LIVE_CHANNEL_PREFIX: z.string().min(1).max(60).default('cop'),
  LIVE_SUBSCRIBES_PER_MINUTE: int(1, 100_000).default(120),
  LIVE_MEETINGS_PER_SOCKET: int(1, 1000).default(10),
  LIVE_REPLAY_MAX: int(1, 100_000).default(1000),
  LIVE_SOCKETS_PER_ADDRESS: int(1, 1_000_000).default(500),
  OUTBOX_POLL_MS: int(100, 60_000).default(1000),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(1, 10_000).default(10),
  LOGIN_MAX_FAILURES_PER_IP: int(1, 100_000).default(100),
  LOGIN_WINDOW_SECONDS: int(1, 86_400).default(900),
  INVITATION_MAX_FAILURES_PER_IP: int(1, 100_000).default(20),
  /** Anonymous self-registration requests per meeting, per address and per client address, each hour. */
  SELF_REGISTRATIONS_PER_ADDRESS: int(1, 10_000).default(3),
  SELF_REGISTRATIONS_PER_IP: int(1, 100_000).default(30),
  /** How long the link that confirms a self-registering person's address works. */
  ADDRESS_CONFIRMATION_TTL_HOURS: int(1, 24 * 30).default(48),
  // Documents
  DOCUMENT_STORAGE: z.enum(['local', 's3']).default('local'),
  DOCUMENT_DIR: z.string().default('.data/documents'),
  DOCUMENT_MAX_BYTES: int(1024, 8 * 1024 ** 3).default(256 * 1024 ** 2),
  DOCUMENT_CACHE_BYTES: int(0, 64 * 1024 ** 3).default(256 * 1024 ** 2),
  DOCUMENT_CACHE_MAX_FILE_BYTES: int(0, 1024 ** 3).default(16 * 1024 ** 2),
  DOCUMENT_LINK_SECRET: z.string().min(32, 'must be at least 32 characters of random data').optional(),
  DOCUMENT_LINK_TTL_SECONDS: int(10, 7 * 24 * 3600).default(900),
  DOCUMENT_SIGNING_KEY: z.string().optional(),
  DOCUMENT_SIGNING_KEY_FILE: z.string().default('.data/keys/document-signing.pem'),
  DOCUMENT_QUEUE_PREFIX: z.string().min(1).max(60).default('cop'),
  DOCUMENT_PROCESSING_SWEEP_MS: int(100, 3_600_000).default(10_000),
  // What a crash leaves (partial uploads, files no row points to): swept at start and this often,
  // once nothing has written to them for LEFTOVER_MIN_AGE_SECONDS (uploads in flight keep writing).
  LEFTOVER_SWEEP_MS: int(100, 86_400_000).default(15 * 60_000),
  LEFTOVER_MIN_AGE_SECONDS: int(1, 7 * 86_400).default(3600),
  DOCUMENT_TEXT_MAX_CHARS: int(1000, 50_000_000).default(1_000_000),
  DOCUMENT_UNPACK_MAX_BYTES: int(1024 ** 2, 4 * 1024 ** 3).default(128 * 1024 ** 2),
  DOCUMENT_PROCESSING_TIMEOUT_MS: int(1000, 3_600_000).default(60_000),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ENDPOINT: url(['http:', 'https:'], 'https://s3.example.org').optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  S3_PREFIX: z.string().default('documents/'),
  // Registration, badges and mail
  SMTP_URL: url(['smtp:', 'smtps:'], 'smtp://user:pass@mail.example.org:587').default('smtp://127.0.0.1:25'),
  MAIL_FROM: z.string().min(3).default('COP Meeting Services <no-reply@localhost>'),
  MAIL_ATTEMPTS: int(1, 100).default(15),
  MAIL_BACKOFF_MS: int(10, 3_600_000).default(5000),
  MAIL_OUTBOX_POLL_MS: int(100, 3_600_000).default(30_000),
  MAIL_QUEUE_PREFIX: z.string().min(1).max(60).default('cop'),
  BADGE_SECRET: z.string().min(32, 'must be at least 32 characters of random data').optional(),
  BADGE_GRACE_HOURS: int(0, 24 * 365).default(24),
  INVITATION_TTL_HOURS: int(1, 24 * 90).default(72),
  LETTER_MAX_BYTES: int(1024, 512 * 1024 * 1024).default(10 * 1024 * 1024),
  LETTERS_DIR: z.string().default('.data/letters'),
  // Streams: the sample HLS media (npm run media:sample) served under /media/.
  NODE_ENV: z.string().default('development'),
  MEDIA_DIR: z.string().trim().min(1, 'must be a directory path').default('.data/media'),
  /** auto: serve /media/ in development only (DEMO_MODE=true or NODE_ENV is not production). */
  MEDIA_SERVE: z.enum(['auto', 'true', 'false']).default('auto'),
});

export type AppConfig = Omit<z.output<typeof envSchema>, 'PUBLIC_URL' | 'TRUST_PROXY'> & {
  PUBLIC_URL: string;
  TRUST_PROXY: false | number | string;
};

export class ConfigError extends Error {}

/** Validates the environment; the first problem becomes a one-line message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    const problem = env[name] === undefined ? 'is required but not set' : issue.message;
    throw new ConfigError(`Configuration error: ${name} ${problem}`);
  }
  const c = parsed.data;
  if (c.DOCUMENT_STORAGE === 's3' && !c.S3_BUCKET)
    throw new ConfigError('Configuration error: S3_BUCKET is required when DOCUMENT_STORAGE=s3');
  // `true` trusts one hop, the balancer in front: the client is the address it appended last to
  // X-Forwarded-For, never what the client itself wrote at the start of the header.
  const trust =
    c.TRUST_PROXY === 'true' ? 1 : c.TRUST_PROXY === 'false' ? false : /^\d+$/.test(c.TRUST_PROXY) ? Number(c.TRUST_PROXY) : c.TRUST_PROXY;
  return { ...c, TRUST_PROXY: trust, PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}` };
}

/** For process entry points: a bad environment ends the process with its one-line message. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
