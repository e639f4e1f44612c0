import path from 'node:path';
import { z } from 'zod';

// The only reader of process.env. Parsed once; a wrong value stops start-up naming the variable.
const booleanString = z.enum(['true', 'false']).transform((value) => value === 'true');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // The address to listen on: loopback by default in development (nobody else can reach the
  // development sign-in links), every interface otherwise.
  HOST: z.string().min(1).optional(),
  // The proxies whose X-Forwarded-For is believed, as Express takes them: addresses or subnets
  // ("10.0.0.0/8, loopback"), or the number of proxies in front. Only the client address they
  // give is rate limited per address; anyone else's header is ignored.
  TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|[0-9a-zA-Z.:/, -]+)$/,
      'addresses, subnets, loopback/linklocal/uniquelocal, or a number of proxies',
    )
    .default('loopback'),
  BASE_URL: z.url().optional(),
  DATABASE_URL: z.url().optional(),
  EMBEDDED_PG_DIR: z.string().min(1).default('./data/postgres'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  // Demo people and networks in an empty database: on by default, off by default in production.
  DEMO_DATA: booleanString.optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  // smtp://user:pass@host:587 or smtps://…; without it, development mail goes to /dev/mailbox.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Samling <ikke-svar@samling.example>'),
  // Run the mail and reminder worker inside the app process (false: run `npm run worker` separately).
  WORKER_IN_APP: booleanString.default(true),
  // Changes to a gathering within this many minutes go out as one update.
  UPDATE_DELAY_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  // OpenID Connect (HelseID, ID-porten, Entra ID…): all three set to enable.
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default('HelseID'),
  // Backups (`npm run backup`, the nightly one, the one before migrations): the folder (default:
  // `backups` beside the embedded PostgreSQL's folder) and how many are kept there.
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(14),
  // The app backs up by itself every night and before migrations: by default only with the
  // embedded PostgreSQL (a managed one has its own backups).
  BACKUP_AUTOMATIC: booleanString.optional(),
  // Calendar answers (Godta/Avslå in Outlook, Google, Apple): with REPLY_ADDRESS set, invitations
  // name it as their ORGANIZER (the leader's name as CN; the leader stays Reply-To) and
  // `npm run replies` receives what calendars send there over SMTP. Unset: the leader is the
  // ORGANIZER and calendar answers go to the leader's inbox, as before.
  REPLY_ADDRESS: z
    .email()
    .transform((address) => address.toLowerCase())
    .optional(),
  // Where `npm run replies` listens for the mail exchanger's forwarded answers: loopback by
  // default in development, every interface otherwise.
  REPLY_SMTP_HOST: z.string().min(1).optional(),
  REPLY_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  // Instead of listening: read the reply address's mailbox over IMAP (imaps://user:password@host/INBOX).
  IMAP_URL: z
    .string()
    .regex(/^imaps?:\/\/[^@/]+@.+/, 'must be an imap:// or imaps:// URL with user and password')
    .optional(),
  IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  // Registrations to a fagdag from people in none of its networks are deleted this many months after the day.
  REGISTRATION_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(6),
  // How many megabytes of materials (files attached to gatherings) one network may keep in all.
  MATERIALS_NETWORK_MB: z.coerce.number().int().min(1).max(100_000).default(500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Omit<
  z.infer<typeof schema>,
  'BASE_URL' | 'DEMO_DATA' | 'HOST' | 'BACKUP_DIR' | 'BACKUP_AUTOMATIC' | 'REPLY_SMTP_HOST'
> & {
  REPLY_SMTP_HOST: string;
  BASE_URL: string;
  BACKUP_DIR: string;
  BACKUP_AUTOMATIC: boolean;
  DEMO_DATA: boolean;
  HOST: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && !config.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SESSION_SECRET: required in production (at least 32 characters)');
  }
  if (config.NODE_ENV === 'production' && !config.SMTP_URL) {
    throw new ConfigError('Invalid configuration:\n  SMTP_URL: required in production (smtp://user:password@host:587)');
  }
  const oidc = [config.OIDC_ISSUER, config.OIDC_CLIENT_ID, config.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3) {
    throw new ConfigError(
      'Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three or none',
    );
  }
  return {
    ...config,
    HOST: config.HOST ?? (config.NODE_ENV === 'development' ? '127.0.0.1' : '0.0.0.0'),
    REPLY_SMTP_HOST: config.REPLY_SMTP_HOST ?? (config.NODE_ENV === 'development' ? '127.0.0.1' : '0.0.0.0'),
    BASE_URL: config.BASE_URL ?? `http://localhost:${config.PORT}`,
    DEMO_DATA: config.DEMO_DATA ?? config.NODE_ENV !== 'production',
    BACKUP_DIR: config.BACKUP_DIR ?? path.join(path.dirname(config.EMBEDDED_PG_DIR), 'backups'),
    BACKUP_AUTOMATIC: config.BACKUP_AUTOMATIC ?? !config.DATABASE_URL,
  };
}
