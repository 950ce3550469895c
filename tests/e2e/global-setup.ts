// Global setup for the browser end-to-end suite (vitest project "e2e"):
//  1. checks that a Chromium is available (installing Debian's package if it must),
//  2. starts an SMTP sink that stores every received message as JSON in a temp folder,
//  3. builds the app when build/ is missing or older than the sources,
//  4. starts the real app in production mode on free ports, with its own embedded PostgreSQL in a
//     fresh DATA_DIR, and waits for /readyz.
// Tests get the app's URL, the mail folder and the database URL through `inject()`.
// Teardown: SIGTERM the app (graceful: it stops its embedded PostgreSQL), close SMTP, delete temp data.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { findChromium } from "../support/chromium";
import { startMailSink, type MailSink } from "../support/smtp";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const READY_TIMEOUT_MS = 120_000;
const SOURCE_DIRS = ["app", "graphql", "emails"];

declare module "vitest" {
  export interface ProvidedContext {
    e2eBaseUrl: string;
    e2eMailDir: string;
    e2eDatabaseUrl: string;
  }
}

function say(message: string) {
  console.log(`[e2e] ${message}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function newestMtime(dir: string): Promise<{ file: string; mtimeMs: number }> {
  let newest = { file: "", mtimeMs: 0 };
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (file.includes(`${path.sep}node_modules${path.sep}`) || file.includes(`${path.sep}generated${path.sep}`)) continue;
    const { mtimeMs } = await fs.stat(file);
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

async function buildIfStale() {
  const serverBuild = path.join(ROOT, "build/server/index.js");
  const built = existsSync(serverBuild) ? statSync(serverBuild).mtimeMs : 0;
  let newest = { file: "", mtimeMs: 0 };
  for (const dir of SOURCE_DIRS) {
    const n = await newestMtime(path.join(ROOT, dir));
    if (n.mtimeMs > newest.mtimeMs) newest = n;
  }
  if (built && built >= newest.mtimeMs) {
    say(`build/ is up to date (build/server/index.js is newer than ${path.relative(ROOT, newest.file)}): not rebuilding`);
    return;
  }
  say(
    built
      ? `build/ is older than ${path.relative(ROOT, newest.file)}: running \`npm run build\``
      : "build/server/index.js is missing: running `npm run build`",
  );
  const started = Date.now();
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) {
    // Vite's error objects list every watched file; that list only hides the actual message.
    const output = `${result.stdout ?? ""}\n${result.stderr ?? ""}`
      .replace(/watchFiles: \[[^\]]*\]/g, "watchFiles: […]")
      .replace(/^npm warn .*\n/gm, "")
      .trim();
    const shown = output.length > 5000 ? `${output.slice(0, 3500)}\n…\n${output.slice(-1500)}` : output;
    throw new Error(`\`npm run build\` failed (exit ${result.status ?? result.signal}), so the e2e suite cannot start the app:\n${shown}`);
  }
  say(`build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Keeps the child's output (for failure reports) and echoes its errors and plain-text lines. */
function captureOutput(child: ChildProcess) {
  const lines: string[] = [];
  const take = (prefix: string) => (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split(/\r?\n/)) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 400) lines.shift();
      // Pino JSON: echo level >= 50 (error, fatal). Anything not JSON is echoed as is.
      let level = 0;
      try {
        level = (JSON.parse(line) as { level?: number }).level ?? 0;
      } catch {
        level = 100;
      }
      if (level >= 50) console.log(`[app${prefix}] ${line}`);
    }
  };
  child.stdout?.on("data", take(""));
  child.stderr?.on("data", take(":err"));
  return () => lines.join("\n");
}

async function waitForReady(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "no response yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The app exited (code ${child.exitCode ?? child.signalCode}) before it was ready. Its output:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The app was not ready within ${READY_TIMEOUT_MS / 1000} s (last /readyz: ${last}). Its output:\n${output()}`);
}

function processAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The embedded PostgreSQL's postmaster pid, if one is still running on `pgData`. */
function postmasterPid(pgData: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(pgData, "postmaster.pid"), "utf8").split("\n")[0]);
    return pid > 0 && processAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export default async function setup(project: TestProject) {
  const chromiumPath = findChromium();
  say(`using Chromium at ${chromiumPath}`);

  const mailDir = await fs.mkdtemp(path.join(os.tmpdir(), "e2e-mail-"));
  const dataDir = path.join(ROOT, ".data", `e2e-${randomBytes(4).toString("hex")}`);
  const pgData = path.join(dataDir, "postgres");
  let mail: MailSink | undefined;
  let child: ChildProcess | undefined;

  // If vitest is killed, at least do not leave the app running.
  const killOnExit = () => {
    if (child?.pid && child.exitCode === null) child.kill("SIGTERM");
  };
  process.once("exit", killOnExit);

  const cleanup = async () => {
    process.removeListener("exit", killOnExit);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));
      child.kill("SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 40_000))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        say("the app did not exit within 40 s of SIGTERM; sending SIGKILL");
        child.kill("SIGKILL");
        await exited;
      }
    }
    // The app stops its embedded PostgreSQL on a graceful shutdown; if it could not, stop it here
    // (fast shutdown via SIGINT to the postmaster this run started), so the data dir can go.
    const pid = postmasterPid(pgData);
    if (pid) {
      say(`embedded PostgreSQL (pid ${pid}) still running after the app exited; stopping it`);
      process.kill(pid, "SIGINT");
      for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    }
    await mail?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(mailDir, { recursive: true, force: true });
  };

  try {
    mail = await startMailSink(mailDir);
    say(`SMTP sink listening on 127.0.0.1:${mail.port}, storing messages in ${mailDir}`);

    await buildIfStale();

    const [port, pgPort] = [await freePort(), await freePort()];
    const baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
      MAIL_FROM: "Tehran 137 Plus <no-reply@e2e.test>",
      PUBLIC_URL: baseUrl,
      SEED_DEMO: "true",
      RUN_WORKERS: "true",
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "info",
      REPORTS_ENCRYPTION_KEY: randomBytes(32).toString("base64"), // required in production
      SIGNUP_LIMIT_PER_HOUR: "500", // every browser test signs up from 127.0.0.1
    };
    delete env.DATABASE_URL;
    delete env.VITEST;
    delete env.VITEST_POOL_ID;
    delete env.VITEST_WORKER_ID;
    delete env.TEST;
    // `npx tsx server.ts`, minus npx: the local tsx binary directly, so our SIGTERM reaches the
    // app (tsx relays it) without an npm process in between.
    const tsx = path.join(ROOT, "node_modules/.bin/tsx");
    say(
      `starting the app: NODE_ENV=production PORT=${port} EMBEDDED_PG_PORT=${pgPort} DATA_DIR=${path.relative(ROOT, dataDir)} tsx server.ts`,
    );
    const started = Date.now();
    child = spawn(tsx, ["server.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const output = captureOutput(child);
    await waitForReady(baseUrl, child, output);
    say(`app ready at ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    project.provide("e2eBaseUrl", baseUrl);
    project.provide("e2eMailDir", mailDir);
    project.provide("e2eDatabaseUrl", `postgresql://postgres:postgres@127.0.0.1:${pgPort}/participation`);
  } catch (error) {
    await cleanup().catch((e: unknown) => console.error("[e2e] cleanup after a failed setup also failed:", e));
    throw error;
  }

  return async () => {
    const started = Date.now();
    await cleanup();
    say(`app stopped and temporary data removed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
}
