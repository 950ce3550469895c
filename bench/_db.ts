// A throwaway embedded PostgreSQL for benchmarks (bench/.data, git-ignored), migrated and seeded.
import fs from "node:fs/promises";
import path from "node:path";
import { ensureDatabase, startEmbeddedPostgres } from "../app/platform/embedded-postgres.server";
import { migrate } from "../app/platform/migrate.server";

export async function benchDatabase(name: string) {
  const dataDir = path.resolve("bench/.data/postgres");
  const port = Number(process.env.BENCH_PG_PORT ?? 54340);
  // The port is in the kernel's ephemeral range: a client of another PostgreSQL on this box may hold
  // it for a moment (its connection's local port). Wait for it rather than fail.
  let db: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  for (let attempt = 1; ; attempt++) {
    try {
      db = await startEmbeddedPostgres({ dataDir, port, ephemeral: true });
      break;
    } catch (error) {
      if (attempt >= 30 || !String(error).includes("Address already in use")) throw error;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: db.url() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(db.url(), name);
  const url = db.url(name);
  process.env.DATABASE_URL = url;
  await migrate(url);
  const { prisma } = await import("../app/platform/db/client.server");
  const { seed } = await import("../prisma/seed");
  await seed(prisma, { demoAccounts: false });
  return {
    url,
    stop: async () => {
      const { closeDb } = await import("../app/platform/db/client.server");
      const { stopJobs } = await import("../app/platform/jobs.server");
      await stopJobs();
      await closeDb();
      await db.stop();
      await fs.rm(path.dirname(dataDir), { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

export function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function timed<T>(fn: () => Promise<T>) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
