// Starts one throwaway PostgreSQL for the whole test run (real PostgreSQL 18, embedded), migrates
// and seeds a template database once; each test file then gets its own copy (tests/support/db.ts).
import fs from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../app/platform/embedded-postgres.server";

export const TEMPLATE_DB = "app_template";
let db: EmbeddedDatabase | undefined;

export default async function setup(project: TestProject) {
  const dataDir = path.resolve(".data/test/postgres");
  // A fresh cluster per run: nothing from an earlier (perhaps killed) run leaks into this one.
  const running = await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => null);
  if (!running) await fs.rm(path.dirname(dataDir), { recursive: true, force: true });
  db = await startEmbeddedPostgres({ dataDir, port: Number(process.env.TEST_PG_PORT ?? 54330), ephemeral: true });
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: db.url() });
  await admin.connect();
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname LIKE 't\\_%' OR datname = $1`, [TEMPLATE_DB]);
  const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 't\\_%' OR datname = $1`, [
    TEMPLATE_DB,
  ]);
  for (const row of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}"`);
  await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  await admin.end();

  process.env.DATABASE_URL = db.url(TEMPLATE_DB);
  const { migrate } = await import("../../app/platform/migrate.server");
  await migrate(db.url(TEMPLATE_DB));
  const { prisma, closeDb } = await import("../../app/platform/db/client.server");
  const { seed } = await import("../../prisma/seed");
  await seed(prisma, { demoAccounts: true });
  // pg-boss's schema too, so per-file copies do not each create it.
  const { boss, stopJobs } = await import("../../app/platform/jobs.server");
  await boss();
  await stopJobs();
  await closeDb();

  project.provide("pgAdminUrl", db.url());
  return async () => {
    await db?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
