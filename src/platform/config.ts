import path from 'node:path';

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  host: string;
  port: number;
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  /** Fastify trustProxy: 'true', a hop count, or comma-separated addresses/CIDRs of trusted proxies. */
  trustProxy: boolean | number | string[];
  /**
   * The server's public URL as browsers reach it (BAOMI_PUBLIC_URL, e.g. https://baomi.example.cn): security keys
   * are bound to its host name (the WebAuthn relying party). Unset: only loopback addresses (tests, a trial).
   */
  publicUrl: string | undefined;
  /** The public origin is HTTPS (TLS here or at the proxy): cookies get Secure and the __Host- prefix, HSTS is sent. */
  secureCookies: boolean;
  smtpUrl: string | undefined;
  smtpFrom: string;
  logLevel: string;
  auditHash: 'sha256' | 'sm3';
  /** scrypt cost; lower only in tests. */
  kdfCost: number;
  webRoot: string | undefined;
  jobsEnabled: boolean;
  organisationName: string;
  /** The chain head is signed after this many events or this many seconds, whichever comes first. */
  auditSignEveryEvents: number;
  auditSignEverySeconds: number;
  /**
   * The deployment's key directory shared by all instances (BAOMI_KEYS_DIR, mounted read only); unset: the single
   * instance's `<dataDir>/keys`, made at the first start (crypto/keys.ts).
   */
  keysDir: string | undefined;
  /**
   * The checkpoint store shared by all instances (BAOMI_CHECKPOINT_DIR), authoritative for verification; unset:
   * `<dataDir>/audit` (audit/checkpoints.ts).
   */
  checkpointDir: string | undefined;
  /** Where the audit trail's signed archive segments go (BAOMI_AUDIT_ARCHIVE_DIR); unset: `<dataDir>/audit-archive`. */
  auditArchiveDir?: string | undefined;
  /** Where scheduled backups go (BAOMI_BACKUP_DIR); unset: `<dataDir>/backups`. Never chosen from the web. */
  backupDir?: string | undefined;
}

function positiveInt(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 1e9) throw new Error(`${name} must be a whole number from 1, got ${v}`);
  return n;
}

function parseTrustProxy(v: string | undefined): Config['trustProxy'] {
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(env.BAOMI_DATA_DIR ?? './data');
  const tlsCertFile = env.BAOMI_TLS_CERT || undefined;
  const tlsKeyFile = env.BAOMI_TLS_KEY || undefined;
  if ((tlsCertFile && !tlsKeyFile) || (!tlsCertFile && tlsKeyFile)) {
    throw new Error('Set both BAOMI_TLS_CERT and BAOMI_TLS_KEY to serve HTTPS, or neither.');
  }
  const hash = env.BAOMI_AUDIT_HASH ?? 'sha256';
  if (hash !== 'sha256' && hash !== 'sm3') throw new Error('BAOMI_AUDIT_HASH must be sha256 or sm3');
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got ${env.PORT}`);
  const publicUrl = env.BAOMI_PUBLIC_URL || undefined;
  if (publicUrl !== undefined && !/^https?:\/\/[^/?#]+\/?$/.test(publicUrl))
    throw new Error(`BAOMI_PUBLIC_URL must be an origin such as https://baomi.example.cn, got ${publicUrl}`);
  return {
    dataDir,
    publicUrl,
    databaseUrl: env.DATABASE_URL || undefined,
    host: env.HOST ?? '127.0.0.1',
    port,
    tlsCertFile,
    tlsKeyFile,
    trustProxy: parseTrustProxy(env.BAOMI_TRUST_PROXY),
    secureCookies: Boolean(tlsCertFile) || env.BAOMI_PUBLIC_HTTPS === 'true',
    smtpUrl: env.BAOMI_SMTP_URL || undefined,
    smtpFrom: env.BAOMI_SMTP_FROM ?? 'Baomi <baomi@localhost>',
    logLevel: env.LOG_LEVEL ?? 'info',
    auditHash: hash,
    kdfCost: Number(env.BAOMI_KDF_COST ?? 32768),
    webRoot: env.BAOMI_WEB_ROOT || undefined,
    jobsEnabled: env.BAOMI_JOBS !== 'off',
    organisationName: env.BAOMI_ORG_NAME ?? 'Baomi',
    auditSignEveryEvents: positiveInt('BAOMI_AUDIT_SIGN_EVENTS', env.BAOMI_AUDIT_SIGN_EVENTS, 1000),
    auditSignEverySeconds: positiveInt('BAOMI_AUDIT_SIGN_SECONDS', env.BAOMI_AUDIT_SIGN_SECONDS, 30),
    keysDir: env.BAOMI_KEYS_DIR ? path.resolve(env.BAOMI_KEYS_DIR) : undefined,
    checkpointDir: env.BAOMI_CHECKPOINT_DIR ? path.resolve(env.BAOMI_CHECKPOINT_DIR) : undefined,
    auditArchiveDir: env.BAOMI_AUDIT_ARCHIVE_DIR ? path.resolve(env.BAOMI_AUDIT_ARCHIVE_DIR) : undefined,
    backupDir: env.BAOMI_BACKUP_DIR ? path.resolve(env.BAOMI_BACKUP_DIR) : undefined,
    ...overrides,
  };
}
