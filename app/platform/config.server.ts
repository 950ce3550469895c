// Every setting comes from the environment, parsed once. The README's "Configuration" table lists
// each variable; keep the two in step.
import { createHash } from "node:crypto";
import path from "node:path";
import { z } from "zod";

const boolean = z.enum(["true", "false", "1", "0", ""]).transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Public origin of the site, e.g. https://participate.tehran.ir — used in emails and CSRF. */
  PUBLIC_URL: z.string().url().optional(),
  /** Other origins (comma-separated, e.g. https://dashboard.tehran.ir) whose pages may call /graphql with the visitor's cookie. */
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim().replace(/\/$/, ""))
        .filter(Boolean),
    )
    .refine((list) => list.every((o) => URL.canParse(o) && new URL(o).origin === o), {
      message: "must be a comma-separated list of origins, e.g. https://a.example,https://b.example",
    }),
  /** Serve GraphiQL at /graphql to browsers. */
  GRAPHIQL: boolean.default(true),
  /** Any PostgreSQL. Unset: an embedded PostgreSQL is started under DATA_DIR. */
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** smtp://user:pass@host:port or smtps://… Unset in development: emails go to /dev/outbox. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Tehran 137 Plus <no-reply@localhost>"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Production: HTTP processes to fork (node:cluster) sharing the port; 1 = this process serves HTTP itself. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Run job workers (emails, scheduled jobs) in this process. Turn off on web-only replicas. */
  RUN_WORKERS: boolean.default(true),
  /** Seed the demo city on start when the database is empty. */
  SEED_DEMO: boolean.optional(),
  /** Behind a reverse proxy: trust X-Forwarded-For for rate limiting. */
  TRUST_PROXY: boolean.default(false),
  /** A public Mapbox access token (pk.…): maps use mapbox-gl with Mapbox Streets and address search. */
  MAPBOX_TOKEN: z
    .string()
    .trim()
    .min(1)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Without MAPBOX_TOKEN: any MapLibre style JSON URL (e.g. self-hosted OpenMapTiles or Protomaps). */
  MAP_STYLE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Without either: a local .pmtiles city extract, served by the app at /basemap.pmtiles with a built-in style. */
  MAP_PMTILES_PATH: z
    .string()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Other origins the MAP_STYLE_URL style loads tiles, glyphs or sprites from (comma-separated), for the CSP. */
  MAP_ORIGINS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim().replace(/\/$/, ""))
        .filter(Boolean),
    )
    .refine((list) => list.every((o) => URL.canParse(o) && new URL(o).origin === o), {
      message: "must be a comma-separated list of origins, e.g. https://tiles.example,https://fonts.example",
    }),
  /** Sign-ups one client address may make per hour; 0 turns the limit off. */
  SIGNUP_LIMIT_PER_HOUR: z.coerce.number().int().min(0).default(20),
  /** Cases one anonymous address (or one account) may submit per hour; 0 turns the limit off. */
  CASE_SUBMIT_LIMIT_PER_HOUR: z.coerce.number().int().min(0).default(30),
  /** Largest request body in MB (forms and /graphql): 5 photos of 8 MB and 1 MB of text by default. */
  MAX_BODY_MB: z.coerce.number().min(0.01).max(1024).default(41),
  /** AES-256 key for corruption reports at rest: base64 of 32 random bytes. Required in production. */
  REPORTS_ENCRYPTION_KEY: z
    .string()
    .optional()
    .refine((v) => v === undefined || (/^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, "base64").length === 32), {
      message: "must be the base64 encoding of exactly 32 random bytes (e.g. `openssl rand -base64 32`)",
    }),
});

// ⚠️  DEVELOPMENT AND TEST ONLY — NOT A SECRET. ⚠️
// Without REPORTS_ENCRYPTION_KEY, development and test encrypt corruption reports with this fixed
// key derived from a public string, so `npm start` works with no setup. Anyone with this source can
// decrypt such data. Production refuses to start without a real key (see loadConfig).
const DEV_REPORTS_KEY = createHash("sha256").update("tehran-137-plus: development-only corruption-reports key, NOT SECRET").digest();

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === "production";
  if (isProduction && !e.REPORTS_ENCRYPTION_KEY) {
    throw new Error(
      "Invalid configuration: REPORTS_ENCRYPTION_KEY is required in production (base64 of 32 random bytes, e.g. `openssl rand -base64 32`). " +
        "It encrypts corruption reports at rest; keep it in your secret store — reports cannot be read without it.",
    );
  }
  return {
    env: e.NODE_ENV,
    isProduction,
    isDevelopment: e.NODE_ENV === "development",
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ""),
    corsOrigins: e.CORS_ORIGINS,
    graphiql: e.GRAPHIQL,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    webConcurrency: e.WEB_CONCURRENCY,
    runWorkers: e.RUN_WORKERS,
    seedDemo: e.SEED_DEMO ?? !isProduction,
    trustProxy: e.TRUST_PROXY,
    mapboxToken: e.MAPBOX_TOKEN,
    mapStyleUrl: e.MAP_STYLE_URL,
    mapPmtilesPath: e.MAP_PMTILES_PATH ? path.resolve(e.MAP_PMTILES_PATH) : undefined,
    mapOrigins: e.MAP_ORIGINS,
    caseSubmitLimitPerHour: e.CASE_SUBMIT_LIMIT_PER_HOUR,
    signUpLimitPerHour: e.SIGNUP_LIMIT_PER_HOUR,
    maxBodyBytes: Math.round(e.MAX_BODY_MB * 1024 * 1024),
    /** Key version 1 of the corruption-reports keyring (see app/modules/integrity/crypto.server.ts). */
    reportsEncryptionKey: e.REPORTS_ENCRYPTION_KEY ? Buffer.from(e.REPORTS_ENCRYPTION_KEY, "base64") : DEV_REPORTS_KEY,
  };
}

let cached: Config | undefined;
/** The process's configuration (read lazily so tests can set env first). */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
