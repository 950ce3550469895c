// Background jobs on PostgreSQL (pg-boss): retried with backoff, shared by every app process,
// and enqueued inside the caller's transaction, so a job exists exactly when its cause does.
import PgBoss from "pg-boss";
import type { Tx } from "./db/client.server";
import { log } from "./log.server";

const holder = globalThis as typeof globalThis & { __boss?: Promise<PgBoss> };

export const QUEUES = {
  email: { name: "email.send", retryLimit: 8, retryDelay: 5, retryBackoff: true },
  sms: { name: "sms.send", retryLimit: 5, retryDelay: 5, retryBackoff: true },
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

export async function enqueue(tx: Tx | null, queue: keyof typeof QUEUES, data: object) {
  const b = await boss();
  const q = QUEUES[queue];
  return b.send(q.name, data, {
    retryLimit: q.retryLimit,
    retryDelay: q.retryDelay,
    retryBackoff: q.retryBackoff,
    ...(tx ? { db: txDb(tx) } : {}),
  });
}

export async function stopJobs() {
  const current = holder.__boss;
  holder.__boss = undefined;
  if (current) await (await current).stop({ graceful: true, timeout: 10_000 }).catch(() => undefined);
}
