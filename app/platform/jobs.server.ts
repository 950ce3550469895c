// Background jobs on PostgreSQL (pg-boss): retried with backoff, shared by every app process,
// and enqueued inside the caller's transaction, so a job exists exactly when its cause does.
import { createHash } from "node:crypto";
import PgBoss from "pg-boss";
import type pg from "pg";
import type { Tx } from "./db/client.server";
import { log } from "./log.server";

const holder = globalThis as typeof globalThis & { __boss?: Promise<PgBoss> };

export const QUEUES = {
  email: { name: "email.send", retryLimit: 8, retryDelay: 5, retryBackoff: true },
  sms: { name: "sms.send", retryLimit: 5, retryDelay: 5, retryBackoff: true },
  /** Tells a case's followers of a step (fans out to email/SMS jobs). */
  caseNotify: { name: "cases.notify", retryLimit: 8, retryDelay: 5, retryBackoff: true },
  /** Scheduled: flags cases past their SLA and escalates them. */
  caseSla: { name: "cases.sla", retryLimit: 2, retryDelay: 30, retryBackoff: false },
  /** A password-reset request, looked up and answered off the request path (no timing oracle). */
  passwordReset: { name: "identity.password-reset", retryLimit: 5, retryDelay: 5, retryBackoff: true },
} as const;

async function create(): Promise<PgBoss> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 4 });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  await boss.start();
  for (const q of Object.values(QUEUES)) {
    await boss.createQueue(q.name, { name: q.name, retryLimit: q.retryLimit, retryDelay: q.retryDelay, retryBackoff: q.retryBackoff });
  }
  return boss;
}

export function boss(): Promise<PgBoss> {
  holder.__boss ??= create().catch((error: unknown) => {
    holder.__boss = undefined;
    throw error;
  });
  return holder.__boss;
}

/** pg-boss runs its INSERT through the caller's Prisma transaction. */
function txDb(tx: Tx) {
  return {
    executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }),
  };
}

/**
 * The same, through a plain pg client inside its own BEGIN … COMMIT (the SQL hot paths). As a
 * prepared statement named after its text: pg-boss's insert is the same text every time, and
 * planning it (~0.2 ms of PostgreSQL CPU) cost more than running it.
 */
function clientDb(client: pg.PoolClient) {
  return {
    executeSql: async (text: string, values: unknown[]) => ({
      rows: (await client.query({ name: statementName(text), text, values })).rows as unknown[],
    }),
  };
}

const statementNames = new Map<string, string>();
function statementName(text: string) {
  let name = statementNames.get(text);
  if (!name) {
    name = `boss.${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

const isPgClient = (db: Tx | pg.PoolClient): db is pg.PoolClient => typeof (db as pg.PoolClient).release === "function";

export async function enqueue(tx: Tx | pg.PoolClient | null, queue: keyof typeof QUEUES, data: object) {
  const b = await boss();
  const q = QUEUES[queue];
  return b.send(q.name, data, {
    retryLimit: q.retryLimit,
    retryDelay: q.retryDelay,
    retryBackoff: q.retryBackoff,
    ...(tx ? { db: isPgClient(tx) ? clientDb(tx) : txDb(tx) } : {}),
  });
}

export async function stopJobs() {
  const current = holder.__boss;
  holder.__boss = undefined;
  if (current) await (await current).stop({ graceful: true, timeout: 10_000 }).catch(() => undefined);
}
