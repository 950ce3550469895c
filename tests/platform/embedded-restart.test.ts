// `npm start` must survive being killed (kill -9) and started again: the embedded PostgreSQL left
// running is adopted (or a stale pid file recovered), migrations are not re-applied, no data is
// lost; and SIGTERM shuts everything down cleanly.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "restart-"));
const pgPort = await freePort();
const children: ChildProcess[] = [];

async function startApp() {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      DATABASE_URL: "",
      SEED_DEMO: "false",
      RUN_WORKERS: "false",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c));
  child.stderr!.on("data", (c: Buffer) => (output += c));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { child, port, output: () => output };
    if (Date.now() > deadline) throw new Error(`app not ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const db = () => new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${pgPort}/participation` });

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, "SIGKILL");
  const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
  const pid = Number((await fs.readFile(pidFile, "utf8").catch(() => "0")).split("\n")[0]);
  if (pid) {
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // already gone
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("embedded database lifecycle", () => {
  it("survives kill -9 and a restart with no data lost, then stops cleanly on SIGTERM", { timeout: 240_000 }, async () => {
    const first = await startApp();
    const c1 = db();
    await c1.connect();
    await c1.query(`INSERT INTO departments (slug, name_fa, name_en) VALUES ('survivor', 'ماندگار', 'Survivor')`);
    await c1.end();

    // kill -9 the app: PostgreSQL, a daemon, keeps running.
    process.kill(-first.child.pid!, "SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    // Leftovers of an initdb killed half-way must not confuse the next start.
    await fs.mkdir(path.join(dataDir, "postgres.init-deadbeef"), { recursive: true });

    const second = await startApp();
    expect(second.output()).toMatch(/adopting the embedded PostgreSQL/);
    const c2 = db();
    await c2.connect();
    expect((await c2.query(`SELECT name_en FROM departments WHERE slug = 'survivor'`)).rows).toEqual([{ name_en: "Survivor" }]);
    expect((await c2.query(`SELECT count(*)::int AS n FROM _prisma_migrations`)).rows[0].n).toBeGreaterThan(0);
    const migrations = (await c2.query(`SELECT migration_name, count(*)::int AS n FROM _prisma_migrations GROUP BY 1`)).rows;
    expect(migrations.every((m: { n: number }) => m.n === 1)).toBe(true);
    await c2.end();

    // Graceful stop: the app exits 0 and takes its PostgreSQL down with it.
    process.kill(second.child.pid!, "SIGTERM");
    const code = await new Promise<number | null>((r) => second.child.once("exit", r));
    expect(code).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    await expect(fs.access(path.join(dataDir, "postgres", "postmaster.pid"))).rejects.toThrow();

    // A stale pid file (PostgreSQL died with the machine) is recovered on the next start.
    await fs.writeFile(path.join(dataDir, "postgres", "postmaster.pid"), `999999\n${dataDir}\n0\n${pgPort}\n`);
    const third = await startApp();
    const c3 = db();
    await c3.connect();
    expect((await c3.query(`SELECT count(*)::int AS n FROM departments WHERE slug = 'survivor'`)).rows[0].n).toBe(1);
    await c3.end();
    process.kill(third.child.pid!, "SIGTERM");
    await new Promise((r) => third.child.once("exit", r));
  });
});
