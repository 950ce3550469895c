// The one database client of the process: a pg Pool, shared by Prisma (through its driver
// adapter) and by the few hot paths that use SQL directly.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export { Prisma } from "./generated/client";
export type { PrismaClient } from "./generated/client";
export * from "./generated/enums";

type Db = { pool: pg.Pool; prisma: PrismaClient };

// Kept on globalThis so that Vite's dev server, which re-evaluates modules on change, and the
// process entry (server.ts), which imports this file outside the Vite graph, share one pool.
const holder = globalThis as typeof globalThis & { __db?: Db };

function create(): Db {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start the app through server.ts or set it.");
  const pool = new pg.Pool({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  pool.on("error", () => undefined); // idle client errors (e.g. server restart) must not crash the process
  // Under a burst (e.g. the last hour of a vote) transactions queue for a pooled connection rather
  // than fail after Prisma's default 2 s wait.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: { maxWait: 15_000, timeout: 20_000 } });
  return { pool, prisma };
}

function db(): Db {
  holder.__db ??= create();
  return holder.__db;
}

/** Prisma client (lazy: the URL is only known once the embedded database has started). */
export const prisma = new Proxy({} as PrismaClient, {
  get: (_t, prop) => Reflect.get(db().prisma, prop, db().prisma),
});

export function pool(): pg.Pool {
  return db().pool;
}

export async function closeDb() {
  const current = holder.__db;
  holder.__db = undefined;
  if (current) {
    await current.prisma.$disconnect().catch(() => undefined);
    await current.pool.end().catch(() => undefined);
  }
}

/** A Prisma transaction client, as passed to `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
