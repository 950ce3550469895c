// Proves the hand-written migrations build exactly the database the Prisma schema describes: every
// migration is applied to an EMPTY database and the result is compared, object by object, with
// the Prisma datamodel (tests/support/prisma-schema.ts). Also covers the migration runner's guards.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { MIGRATIONS_DIR, MigrationError, migrate, readMigrations } from "../../app/platform/migrate.server";
import {
  defaultConstraintName,
  expectedShape,
  opclassName,
  readSchemaFiles,
  schemaDrift,
  type SchemaFiles,
} from "../support/prisma-schema";

const adminUrl = inject("pgAdminUrl");
const databases: string[] = [];
const clients: pg.Client[] = [];
const tempDirs: string[] = [];

/** A new database with nothing in it (template0: not even what template1 may have gained). */
async function emptyDatabase() {
  const name = `drift_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  databases.push(name);
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}

async function connect(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  await Promise.all(tempDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("migrations vs Prisma schema", () => {
  it("applying every migration to an empty database yields exactly what the Prisma schema describes", async () => {
    const url = await emptyDatabase();
    const { applied } = await migrate(url);
    expect(applied).toEqual((await readMigrations()).map((m) => m.name));

    const files = readSchemaFiles();
    // Guard against a vacuous pass (say, the schema directory moved): there is something to compare.
    expect(expectedShape(files).tables.size).toBeGreaterThan(0);
    expect(await schemaDrift(await connect(url), files)).toEqual([]);
  });

  it("reports a column that lost NOT NULL and a dropped index", async () => {
    const url = await emptyDatabase();
    await migrate(url);
    const client = await connect(url);
    const files = readSchemaFiles();
    const before = await schemaDrift(client, files);

    // Victims picked from the schema itself, so this test outlives schema changes.
    const tables = [...expectedShape(files).tables];
    const [table, column] = tables.flatMap(([t, shape]) =>
      [...shape.columns].filter(([c, col]) => col.nullable === false && !shape.primaryKey?.columns.includes(c)).map(([c]) => [t, c]),
    )[0];
    const [indexTable, indexName] = tables.flatMap(([t, shape]) => [...shape.indexes.keys()].map((i) => [t, i]))[0];
    await client.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" DROP NOT NULL`);
    await client.query(`DROP INDEX "${indexName}"`);

    const after = (await schemaDrift(client, files)).filter((line) => !before.includes(line));
    expect(after).toEqual([
      `column "${table}"."${column}": schema NOT NULL, database NULL`,
      expect.stringMatching(new RegExp(`^index "${escapeRegExp(indexName)}" on "${escapeRegExp(indexTable)}": missing in database`)),
    ]);
  });
});

// The comparator must also be right for what the current schema does not use yet: composite keys,
// named constraints, enums with @map, arrays, Decimal, native types, implicit many-to-many,
// onDelete/onUpdate variants, Unsupported columns, GIN indexes with operator classes, sort orders.
// FIXTURE_SQL is written the way `prisma migrate dev` writes it for FIXTURE_SCHEMA, except for three
// defaults spelled differently on purpose, as a hand-written migration might ('{}' for ARRAY[],
// now() for CURRENT_TIMESTAMP, unspaced JSON): same values, so no drift.
const FIXTURE_SCHEMA: SchemaFiles = [
  [
    "fixture.prisma",
    String.raw`
datasource db {
  provider = "postgresql"
}

enum Priority {
  low
  medium @map("MEDIUM")
  high

  @@map("priority")
}

model Project {
  id        Int        @id @default(autoincrement())
  code      String     @unique @db.Char(8)
  title     String     @db.VarChar(120)
  budget    Decimal    @default(0) @db.Decimal(12, 2)
  weight    Decimal
  ratio     Float      @default(0.5)
  views     BigInt     @default(42)
  flags     Boolean[]
  tags      String[]   @default([])
  levels    Priority[] @default([low, high])
  priority  Priority   @default(medium)
  meta      Json       @default("{\"v\": 1}")
  logo      Bytes?
  search    Unsupported("tsvector")?
  createdAt DateTime   @default(now()) @map("created_at")
  updatedAt DateTime   @updatedAt @map("updated_at")
  parentId  Int?       @map("parent_id")

  parent   Project?  @relation("Tree", fields: [parentId], references: [id])
  children Project[] @relation("Tree")
  ballots  Ballot[]
  labels   Label[]

  @@index([meta(ops: JsonbPathOps)], type: Gin)
  @@index([createdAt(sort: Desc), priority])
  @@map("projects")
}

model Voter {
  id      String   @id @default(uuid()) @db.Uuid // uuid(): made by Prisma Client, no database default
  email   String   @unique(map: "voter_email_unique")
  ballots Ballot[]
}

model Ballot {
  projectId Int      @map("project_id")
  voterId   String   @map("voter_id") @db.Uuid
  castAt    DateTime @default(now()) @map("cast_at") @db.Timestamptz(3)
  secret    String   @default(dbgenerated("md5(random()::text)"))

  project Project @relation(fields: [projectId], references: [id], onDelete: Cascade)
  voter   Voter   @relation(fields: [voterId], references: [id], onDelete: NoAction, onUpdate: Restrict, map: "ballots_voter_fk")

  @@id([projectId, voterId])
  @@unique([voterId, castAt], map: "ballots_voter_cast_unique")
  @@map("ballots")
}

model Label {
  id       Int       @id @default(autoincrement())
  name     String
  projects Project[]
}
`,
  ],
];

const FIXTURE_SQL = String.raw`
CREATE TYPE "priority" AS ENUM ('low', 'MEDIUM', 'high');

CREATE TABLE "projects" (
    "id" SERIAL NOT NULL,
    "code" CHAR(8) NOT NULL,
    "title" VARCHAR(120) NOT NULL,
    "budget" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "weight" DECIMAL(65,30) NOT NULL,
    "ratio" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "views" BIGINT NOT NULL DEFAULT 42,
    "flags" BOOLEAN[],
    "tags" TEXT[] DEFAULT '{}',
    "levels" "priority"[] DEFAULT ARRAY['low', 'high']::"priority"[],
    "priority" "priority" NOT NULL DEFAULT 'MEDIUM',
    "meta" JSONB NOT NULL DEFAULT '{"v":1}',
    "logo" BYTEA,
    "search" tsvector,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMP(3) NOT NULL,
    "parent_id" INTEGER,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Voter" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,

    CONSTRAINT "Voter_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ballots" (
    "project_id" INTEGER NOT NULL,
    "voter_id" UUID NOT NULL,
    "cast_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "secret" TEXT NOT NULL DEFAULT md5(random()::text),

    CONSTRAINT "ballots_pkey" PRIMARY KEY ("project_id","voter_id")
);

CREATE TABLE "Label" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Label_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "_LabelToProject" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_LabelToProject_AB_pkey" PRIMARY KEY ("A","B")
);

CREATE UNIQUE INDEX "projects_code_key" ON "projects"("code");
CREATE INDEX "projects_meta_idx" ON "projects" USING GIN ("meta" jsonb_path_ops);
CREATE INDEX "projects_created_at_priority_idx" ON "projects"("created_at" DESC, "priority");
CREATE UNIQUE INDEX "voter_email_unique" ON "Voter"("email");
CREATE UNIQUE INDEX "ballots_voter_cast_unique" ON "ballots"("voter_id", "cast_at");
CREATE INDEX "_LabelToProject_B_index" ON "_LabelToProject"("B");

ALTER TABLE "projects" ADD CONSTRAINT "projects_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_voter_fk" FOREIGN KEY ("voter_id") REFERENCES "Voter"("id") ON DELETE NO ACTION ON UPDATE RESTRICT;
ALTER TABLE "_LabelToProject" ADD CONSTRAINT "_LabelToProject_A_fkey" FOREIGN KEY ("A") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "_LabelToProject" ADD CONSTRAINT "_LabelToProject_B_fkey" FOREIGN KEY ("B") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
`;

async function fixtureDatabase() {
  const client = await connect(await emptyDatabase());
  await client.query(FIXTURE_SQL);
  return client;
}

describe("schema comparator", () => {
  it("names constraints as Prisma does, truncating long names to 63 bytes but keeping the suffix", () => {
    expect(defaultConstraintName("sessions", ["user_id"], "idx")).toBe("sessions_user_id_idx");
    expect(defaultConstraintName("ballots", ["voter_id", "cast_at"], "key")).toBe("ballots_voter_id_cast_at_key");
    expect(defaultConstraintName("ballots", ["project_id", "voter_id"], "pkey")).toBe("ballots_pkey");
    const long = defaultConstraintName("participatory_budgeting_project_proposals", ["neighbourhood_council_id", "cycle_id"], "fkey");
    expect(long).toBe("participatory_budgeting_project_proposals_neighbourhood_co_fkey");
    expect(Buffer.byteLength(long)).toBe(63);
  });

  it("maps Prisma's operator class names to PostgreSQL's", () => {
    expect(
      ["JsonbPathOps", "ArrayOps", "Int4MinMaxMultiOps", "TimestampTzBloomOps", "VarBitMinMaxOps", "InetInclusionOps"].map(opclassName),
    ).toEqual(["jsonb_path_ops", "array_ops", "int4_minmax_multi_ops", "timestamptz_bloom_ops", "varbit_minmax_ops", "inet_inclusion_ops"]);
  });

  it("finds no drift where the SQL matches a schema using every kind of object", async () => {
    const client = await fixtureDatabase();
    expect(await schemaDrift(client, FIXTURE_SCHEMA)).toEqual([]);
  });

  it("reports each kind of drift, in both directions", async () => {
    const client = await fixtureDatabase();
    for (const sql of [
      `ALTER TABLE "projects" ALTER COLUMN "title" TYPE VARCHAR(200)`,
      `ALTER TABLE "projects" ALTER COLUMN "ratio" SET DEFAULT 0.75`,
      `ALTER TABLE "projects" DROP COLUMN "logo"`,
      `ALTER TABLE "projects" ADD COLUMN "legacy" TEXT`,
      `ALTER TABLE "Label" ALTER COLUMN "name" DROP NOT NULL`,
      `ALTER TYPE "priority" ADD VALUE 'urgent'`,
      `CREATE TYPE "mood" AS ENUM ('ok')`,
      `DROP INDEX "projects_meta_idx"`,
      `CREATE INDEX "projects_meta_idx" ON "projects" USING GIN ("meta")`,
      `DROP INDEX "voter_email_unique"`,
      `CREATE INDEX "Voter_email_idx" ON "Voter"("email")`,
      `ALTER TABLE "ballots" DROP CONSTRAINT "ballots_project_id_fkey",
         ADD CONSTRAINT "ballots_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT ON UPDATE CASCADE`,
      `ALTER TABLE "ballots" DROP CONSTRAINT "ballots_pkey", ADD CONSTRAINT "ballots_pkey" PRIMARY KEY ("project_id")`,
      `ALTER TABLE "Voter" ADD CONSTRAINT "Voter_email_check" CHECK (email <> '')`,
      `DROP TABLE "_LabelToProject"`,
      `CREATE TABLE "stray" ("id" INTEGER)`,
    ]) {
      await client.query(sql);
    }
    expect(await schemaDrift(client, FIXTURE_SCHEMA)).toEqual([
      `column "Label"."name": schema NOT NULL, database NULL`,
      `column "projects"."legacy": in database, not in Prisma schema (text NULL)`,
      `column "projects"."logo": missing in database (schema: bytea NULL)`,
      `column "projects"."ratio": default: schema 0.5, database 0.75`,
      `column "projects"."title": type: schema character varying(120), database character varying(200)`,
      `constraint "Voter_email_check" on "Voter": in database, not in Prisma schema (CHECK ((email <> ''::text)))`,
      `enum "mood": in database, not in Prisma schema (ok)`,
      `enum "priority": values: schema [low, MEDIUM, high], database [low, MEDIUM, high, urgent]`,
      `foreign key "ballots_project_id_fkey" on "ballots": schema (project_id) REFERENCES projects(id) ON DELETE CASCADE ON UPDATE CASCADE, ` +
        `database (project_id) REFERENCES projects(id) ON DELETE RESTRICT ON UPDATE CASCADE`,
      `index "Voter_email_idx" on "Voter": in database, not in Prisma schema (btree (email))`,
      `index "projects_meta_idx" on "projects": schema gin (meta jsonb_path_ops), database gin (meta)`,
      `index "voter_email_unique" on "Voter": missing in database (schema: UNIQUE btree (email))`,
      `primary key of "ballots": schema "ballots_pkey" (project_id, voter_id), database "ballots_pkey" (project_id)`,
      `table "_LabelToProject": missing in database (schema: columns A, B)`,
      `table "stray": in database, not in Prisma schema (columns id)`,
    ]);
  });
});

describe("migration runner", () => {
  it("refuses a migration file changed after it was applied", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "drift-migrations-"));
    tempDirs.push(dir);
    await fs.cp(MIGRATIONS_DIR, dir, { recursive: true });
    const url = await emptyDatabase();
    await migrate(url, { dir });

    const [first] = await readMigrations(dir);
    await fs.appendFile(path.join(dir, first.name, "migration.sql"), "\n-- edited after it was applied\n");
    const error: unknown = await migrate(url, { dir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toContain(`Migration ${first.name} was changed after it was applied`);
  });

  it("lets two concurrent runs on an empty database both succeed, applying each migration once", async () => {
    const url = await emptyDatabase();
    const names = (await readMigrations()).map((m) => m.name);
    const results = await Promise.all([migrate(url), migrate(url)]);
    // The advisory lock serialises them: one applies everything, the other finds nothing to do.
    expect(results.map((r) => r.applied).sort((a, b) => a.length - b.length)).toEqual([[], names]);

    const client = await connect(url);
    const { rows } = await client.query<{ migration_name: string; runs: number; finished: boolean }>(
      `SELECT migration_name, count(*)::int AS runs, bool_and(finished_at IS NOT NULL) AS finished
       FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
    );
    expect(rows).toEqual(names.map((name) => ({ migration_name: name, runs: 1, finished: true })));
  });
});
