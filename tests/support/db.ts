// Gives the current test file its own database, copied from the migrated and seeded template
// (a file-level copy in PostgreSQL: tens of milliseconds). Import it first in a test file that
// touches the database; the app's lazy db client then connects to the copy.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";

const TEMPLATE_DB = "app_template";
const adminUrl = inject("pgAdminUrl");
export const databaseName = `t_${randomBytes(5).toString("hex")}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${databaseName}" TEMPLATE "${TEMPLATE_DB}"`);
await admin.end();

export const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${databaseName}`);
process.env.DATABASE_URL = databaseUrl;
process.env.NODE_ENV ??= "test";

afterAll(async () => {
  const { closeDb } = await import("../../app/platform/db/client.server");
  const { stopJobs } = await import("../../app/platform/jobs.server");
  await stopJobs();
  await closeDb();
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await c.end();
});
