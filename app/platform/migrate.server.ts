// Applies the SQL migrations in prisma/migrations exactly as `prisma migrate deploy` would record
// them, so `prisma migrate status` on a machine that has Prisma's engine agrees with us:
// - rows in `_prisma_migrations` with Prisma's columns and checksum (SHA-256 hex of the file);
// - Prisma's own advisory lock key, so two app processes (or the app and the Prisma CLI) never
//   migrate at the same time;
// - each migration in its own transaction: a failure leaves nothing behind.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/** The key `prisma migrate` itself locks with. */
const PRISMA_ADVISORY_LOCK = 72707369;

export const MIGRATIONS_DIR = path.resolve(process.env.APP_ROOT ?? process.cwd(), "prisma/migrations");

export class MigrationError extends Error {
  override name = "MigrationError";
}

export type Migration = { name: string; sql: string; checksum: string };

export function checksum(sql: string) {
  return createHash("sha256").update(sql).digest("hex");
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await fs.readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksum(sql) };
    }),
  );
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

async function appliedRows(client: pg.ClientBase): Promise<AppliedRow[]> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
  if (!exists.rows[0].t) return [];
  const res = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  return res.rows;
}

/** Prisma accepts a file whose line endings were converted after it was applied; so do we. */
function sameChecksum(m: Migration, recorded: string) {
  return m.checksum === recorded || checksum(m.sql.replace(/\r\n/g, "\n")) === recorded;
}

/** Compares the migration files with what the database has applied, refusing tampering. */
export function plan(migrations: Migration[], rows: AppliedRow[]) {
  const done = new Map<string, AppliedRow>();
  for (const row of rows) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new MigrationError(
        `Migration ${row.migration_name} started but did not finish. Inspect the database, then mark it with ` +
          `\`prisma migrate resolve\` (or delete its row in _prisma_migrations) before starting again.`,
      );
    }
    done.set(row.migration_name, row);
  }
  const pending: Migration[] = [];
  for (const m of migrations) {
    const row = done.get(m.name);
    if (!row) pending.push(m);
    else if (!sameChecksum(m, row.checksum)) {
      throw new MigrationError(
        `Migration ${m.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the ` +
          `database, ${m.checksum.slice(0, 12)}… on disk). Applied migrations must never be edited: restore the ` +
          `file and add a new migration for the change.`,
      );
    }
  }
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...done.keys()].filter((name) => !known.has(name));
  return { pending, unknown };
}

export type MigrateResult = { applied: string[]; unknown: string[] };

export async function migrate(databaseUrl: string, options: { dir?: string; log?: (msg: string) => void } = {}): Promise<MigrateResult> {
  const migrations = await readMigrations(options.dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(CREATE_TABLE);
    const { pending, unknown } = plan(migrations, await appliedRows(client));
    const applied: string[] = [];
    for (const m of pending) {
      options.log?.(`applying migration ${m.name}`);
      await client.query("BEGIN");
      try {
        const id = randomUUID();
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query(`UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`, [id]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new MigrationError(`Migration ${m.name} failed and was rolled back: ${(error as Error).message}`);
      }
      applied.push(m.name);
    }
    return { applied, unknown };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** For /readyz and `npm run db:status`: which migrations on disk the database has not applied. */
export async function migrationStatus(client: pg.ClientBase | pg.Pool, dir?: string) {
  const migrations = await readMigrations(dir);
  const conn = client as pg.ClientBase;
  const { pending, unknown } = plan(migrations, await appliedRows(conn));
  return { total: migrations.length, pending: pending.map((m) => m.name), unknown };
}
