// Case intake at scale (`npm run bench -- cases`):
// (a) submission throughput through /graphql against the real production server (a child process
//     on loopback, started like ballots.ts), N concurrent HTTP clients for a fixed time, then a
//     count proving every receipt is a stored case and nothing is stored twice (and a retry
//     sub-run resending keys already used);
// (b) officer inbox and region-performance latency with BENCH_CASES (default 1,000,000) generated
//     cases in the database (scripts/generate-cases.ts), in-process (module functions) and over
//     GraphQL.
// Where the CPU goes during each throughput run is read from /proc: the server process, the
// PostgreSQL cluster (postmaster and backends), this process (the clients), and the rest of the box.
//
// Knobs (environment): BENCH_CASES, BENCH_SECONDS (per throughput run, default 25), BENCH_CONCURRENCY
// ("32,64,128"), BENCH_WARMUP_SECONDS (before each run, default 3), BENCH_RUNS (latency samples per
// query, default 50), BENCH_WEB_CONCURRENCY (server processes, default 1), BENCH_SKIP_BUILD=1,
// BENCH_ONLY=latency|throughput.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { benchDatabase, percentile } from "./_db";
import { generateCases } from "../scripts/generate-cases";
import { regionContaining, type RegionShape } from "../app/modules/city/geo";

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 25);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "32,64,128").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const WEB_CONCURRENCY = Number(process.env.BENCH_WEB_CONCURRENCY ?? 1);
const ONLY = process.env.BENCH_ONLY;
const OFFICER_REGION = 4; // the most populous region: the biggest inbox

type Row = Record<string, string | number>;
type Table = { title: string; rows: Row[] };

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

// ── CPU accounting from /proc ─────────────────────────────────────────────────────────────────

const TICK = 100; // USER_HZ on Linux
function procTicks(pid: number, withChildren = true): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime stime cutime cstime are fields 14–17 (1-based); f[0] is field 3.
    return Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
  } catch {
    return 0;
  }
}
/** CPU ticks of a process, its reaped children, and its live children (PostgreSQL backends, cluster workers). */
function treeTicks(pid: number): number {
  let total = procTicks(pid);
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) total += procTicks(Number(entry));
    } catch {
      // gone
    }
  }
  return total;
}
function machineBusyTicks(): number {
  const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].split(/\s+/).slice(1).map(Number);
  return cpu.reduce((a, b) => a + b, 0) - cpu[3] - cpu[4]; // minus idle and iowait
}
function postmasterPid(): number {
  return Number(fs.readFileSync(path.resolve("bench/.data/postgres/postmaster.pid"), "utf8").split("\n")[0]);
}
function cpuMeter(serverPid: number) {
  const pm = postmasterPid();
  const start = {
    server: treeTicks(serverPid),
    pg: treeTicks(pm),
    self: process.cpuUsage(),
    box: machineBusyTicks(),
    at: performance.now(),
  };
  return () => {
    const wall = (performance.now() - start.at) / 1000;
    const self = process.cpuUsage(start.self);
    const server = (treeTicks(serverPid) - start.server) / TICK;
    const pgSec = (treeTicks(pm) - start.pg) / TICK;
    const client = (self.user + self.system) / 1e6;
    const box = (machineBusyTicks() - start.box) / TICK;
    return { wall, server, pg: pgSec, client, other: Math.max(0, box - server - pgSec - client) };
  };
}

// ── The production server as a child process ──────────────────────────────────────────────────

async function startServer(url: string, env: Record<string, string>) {
  const port = await freePort();
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean); // e.g. --cpu-prof (profiling while developing)
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: url,
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      DATABASE_POOL_SIZE: "20",
      // Anonymous submissions are limited per IP (30/h by default); every bench client is 127.0.0.1.
      CASE_SUBMIT_LIMIT_PER_HOUR: "0",
      WEB_CONCURRENCY: String(WEB_CONCURRENCY),
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; ; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 240 || child.exitCode !== null) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** A small keep-alive HTTP client (lighter on CPU than fetch: the clients share the 2 cores). */
function client(port: number, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const post = (body: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/graphql",
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            try {
              resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) });
            } catch {
              resolve({ status: res.statusCode ?? 0, json: { raw: text.slice(0, 200) } });
            }
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/** An SMTP server that accepts and discards every message (the workers-on run sends real email). */
async function smtpSink() {
  const { SMTPServer } = await import("smtp-server");
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("end", () => {
        received++;
        callback();
      });
      stream.resume();
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { port, received: () => received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// ── Test data for submissions ─────────────────────────────────────────────────────────────────

async function submissionData(db: pg.Client) {
  const regions = (await db.query(`SELECT id, boundary, min_lng, min_lat, max_lng, max_lat FROM regions ORDER BY id`)).rows;
  const shapes: RegionShape[] = regions.map((r) => ({
    id: r.id,
    ring: r.boundary.coordinates[0],
    minLng: r.min_lng,
    minLat: r.min_lat,
    maxLng: r.max_lng,
    maxLat: r.max_lat,
  }));
  const box = {
    minLng: Math.min(...shapes.map((s) => s.minLng)),
    maxLng: Math.max(...shapes.map((s) => s.maxLng)),
    minLat: Math.min(...shapes.map((s) => s.minLat)),
    maxLat: Math.max(...shapes.map((s) => s.maxLat)),
  };
  const points: { latitude: number; longitude: number }[] = [];
  while (points.length < 20_000) {
    const longitude = box.minLng + Math.random() * (box.maxLng - box.minLng);
    const latitude = box.minLat + Math.random() * (box.maxLat - box.minLat);
    if (regionContaining(shapes, longitude, latitude) !== null)
      points.push({ latitude: Math.round(latitude * 1e6) / 1e6, longitude: Math.round(longitude * 1e6) / 1e6 });
  }
  const leaves = (
    await db.query<{ id: number }>(
      `SELECT c.id FROM case_categories c WHERE c.active AND NOT EXISTS (SELECT 1 FROM case_categories k WHERE k.parent_id = c.id AND k.active)`,
    )
  ).rows.map((r) => r.id);
  return { points, leaves };
}

const SUBMIT = `mutation($i: SubmitCaseInput!) { submitCase(input: $i) { __typename
  ... on MutationSubmitCaseSuccess { data { __typename ... on CaseReceipt { code replayed } ... on NearbyCasesFound { cases { reference } } } }
  ... on Error { code message } } }`;

type SubmitOutcome = { kind: "receipt"; code: string; replayed: boolean } | { kind: "nearby" } | { kind: "failed"; why: string };

function outcomeOf(status: number, json: unknown): SubmitOutcome {
  const r = (
    json as {
      data?: {
        submitCase?: {
          __typename: string;
          data?: { __typename: string; code?: string; replayed?: boolean };
          code?: string;
          message?: string;
        };
      };
    }
  ).data?.submitCase;
  if (status === 200 && r?.__typename === "MutationSubmitCaseSuccess" && r.data?.__typename === "CaseReceipt" && r.data.code)
    return { kind: "receipt", code: r.data.code, replayed: !!r.data.replayed };
  if (status === 200 && r?.data?.__typename === "NearbyCasesFound") return { kind: "nearby" };
  return { kind: "failed", why: `${status} ${JSON.stringify(json).slice(0, 200)}` };
}

type Sent = { key: string; body: string };

/** Submits for `seconds` with `concurrency` clients; every request a new idempotency key. */
async function submitFor(
  port: number,
  opts: { tag: string; seconds: number; concurrency: number; confirmNew: boolean; data: Awaited<ReturnType<typeof submissionData>> },
) {
  const http1 = client(port, opts.concurrency);
  const latencies: number[] = [];
  const receipts = new Map<string, string>();
  const sent: Sent[] = [];
  let nearby = 0;
  const failures: string[] = [];
  let n = 0;
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < deadline) {
        const i = n++;
        const key = `bench-${opts.tag}-${i.toString().padStart(7, "0")}`;
        const point = opts.data.points[Math.floor(Math.random() * opts.data.points.length)];
        const input = {
          categoryId: opts.data.leaves[Math.floor(Math.random() * opts.data.leaves.length)],
          description: `Bench case ${i}: a problem in the street that needs the city's attention.`,
          ...point,
          contactEmail: `bench.${opts.tag}.${i}@example.com`,
          idempotencyKey: key,
          confirmNew: opts.confirmNew,
        };
        const body = JSON.stringify({ query: SUBMIT, variables: { i: input } });
        sent.push({ key, body });
        const t = performance.now();
        const outcome = await http1.post(body).then(
          (r) => outcomeOf(r.status, r.json),
          (e: unknown) => ({ kind: "failed", why: String(e) }) as SubmitOutcome,
        );
        latencies.push(performance.now() - t);
        if (outcome.kind === "receipt") receipts.set(key, outcome.code);
        else if (outcome.kind === "nearby") nearby++;
        else failures.push(outcome.why);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  http1.close();
  latencies.sort((a, b) => a - b);
  if (failures.length) console.error(`[${opts.tag}] ${failures.length} failures, e.g.: ${failures[0]}`);
  return { seconds, latencies, receipts, sent, nearby, failures: failures.length };
}

/** Counts what the run stored, by the keys it sent: lost receipts, duplicates, history, followers, jobs. */
async function verify(db: pg.Client, tag: string, receipts: Map<string, string>) {
  const stored = (
    await db.query<{ idempotency_key: string; code: string; events: number; followers: number }>(
      `SELECT c.idempotency_key, c.code,
              (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.kind = 'registered') AS events,
              (SELECT count(*)::int FROM case_followers f WHERE f.case_id = c.id) AS followers
         FROM cases c WHERE c.idempotency_key LIKE $1`,
      [`bench-${tag}-%`],
    )
  ).rows;
  const byKey = new Map<string, string[]>();
  for (const r of stored) byKey.set(r.idempotency_key, [...(byKey.get(r.idempotency_key) ?? []), r.code]);
  let lost = 0;
  for (const [key, code] of receipts) if (byKey.get(key)?.[0] !== code) lost++;
  const jobs = (
    await db
      .query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT data FROM pgboss.job WHERE name = 'cases.notify' UNION ALL SELECT data FROM pgboss.archive WHERE name = 'cases.notify') j
         JOIN cases c ON c.id::text = j.data->>'caseId' WHERE c.idempotency_key LIKE $1`,
        [`bench-${tag}-%`],
      )
      .catch(() =>
        db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pgboss.job j JOIN cases c ON c.id::text = j.data->>'caseId' WHERE j.name = 'cases.notify' AND c.idempotency_key LIKE $1`,
          [`bench-${tag}-%`],
        ),
      )
  ).rows[0].n;
  return {
    stored: stored.length,
    lost,
    duplicates: stored.length - byKey.size,
    "stored w/o receipt": [...byKey.keys()].filter((k) => !receipts.has(k)).length,
    "history ≠ 1": stored.filter((r) => r.events !== 1).length,
    "followers ≠ 1": stored.filter((r) => r.followers !== 1).length,
    "notify jobs": jobs,
  };
}

async function throughputRun(
  db: pg.Client,
  server: { port: number; pid: number },
  label: string,
  opts: {
    tag: string;
    concurrency: number;
    confirmNew: boolean;
    workers: boolean;
    data: Awaited<ReturnType<typeof submissionData>>;
    atStart?: () => void;
    atEnd?: () => Row;
  },
): Promise<{ row: Row; sent: Sent[]; receipts: Map<string, string>; tag: string; startedAt: Date; endedAt: Date }> {
  // Warm-up (JIT, pools, caches): a few seconds of the same load, not counted (stored under their own tag).
  await submitFor(server.port, { ...opts, tag: `${opts.tag}w`, seconds: WARMUP_SECONDS });
  opts.atStart?.();
  const startedAt = new Date();
  const meter = cpuMeter(server.pid);
  const run = await submitFor(server.port, { ...opts, seconds: SECONDS });
  const endedAt = new Date();
  const cpu = meter();
  const extra = opts.atEnd?.() ?? {};
  const counts = await verify(db, opts.tag, run.receipts);
  const l = run.latencies;
  const row = {
    run: label,
    clients: opts.concurrency,
    workers: opts.workers ? "on" : "off",
    "nearby check": opts.confirmNew ? "off" : "on",
    requests: l.length,
    "cases/s": Math.round(run.receipts.size / run.seconds),
    "p50 ms": percentile(l, 50).toFixed(1),
    "p95 ms": percentile(l, 95).toFixed(1),
    "p99 ms": percentile(l, 99).toFixed(1),
    receipts: run.receipts.size,
    nearby: run.nearby,
    failed: run.failures,
    ...counts,
    // Where the CPU went: cores busy on average, and CPU milliseconds per request.
    "node cores": (cpu.server / cpu.wall).toFixed(2),
    "pg cores": (cpu.pg / cpu.wall).toFixed(2),
    "client cores": (cpu.client / cpu.wall).toFixed(2),
    "other cores": (cpu.other / cpu.wall).toFixed(2),
    "node ms/req": ((1000 * cpu.server) / Math.max(1, l.length)).toFixed(2),
    "pg ms/req": ((1000 * cpu.pg) / Math.max(1, l.length)).toFixed(2),
    ...extra,
  };
  return { row, sent: run.sent, receipts: run.receipts, tag: opts.tag, startedAt, endedAt };
}

/** Resends a slice of keys already sent: every answer must be the same case, the count unchanged. */
async function retryRun(db: pg.Client, port: number, tag: string, sent: Sent[], receipts: Map<string, string>): Promise<Row> {
  const slice = sent.filter((s) => receipts.has(s.key)).slice(0, 5000);
  const before = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE idempotency_key LIKE $1`, [`bench-${tag}-%`]))
    .rows[0].n;
  const http1 = client(port, 64);
  let same = 0;
  let differ = 0;
  let notReplayed = 0;
  let failed = 0;
  let next = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < slice.length) {
        const s = slice[next++];
        const t = performance.now();
        const o = await http1.post(s.body).then(
          (r) => outcomeOf(r.status, r.json),
          (e: unknown) => ({ kind: "failed", why: String(e) }) as SubmitOutcome,
        );
        latencies.push(performance.now() - t);
        if (o.kind !== "receipt") failed++;
        else {
          if (o.code === receipts.get(s.key)) same++;
          else differ++;
          if (!o.replayed) notReplayed++;
        }
      }
    }),
  );
  http1.close();
  latencies.sort((a, b) => a - b);
  const after = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE idempotency_key LIKE $1`, [`bench-${tag}-%`]))
    .rows[0].n;
  return {
    resent: slice.length,
    "same code": same,
    "other code": differ,
    "not marked replayed": notReplayed,
    failed,
    "cases before": before,
    "cases after": after,
    "p50 ms": percentile(latencies, 50).toFixed(1),
    "p95 ms": percentile(latencies, 95).toFixed(1),
  };
}

// ── Latency with a million cases ──────────────────────────────────────────────────────────────

async function sample(fn: () => Promise<unknown>, runs = RUNS, warmup = 5) {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  let result: unknown;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { ms, result };
}

const fmt = (ms: number[]) => ({
  "p50 ms": percentile(ms, 50).toFixed(1),
  "p95 ms": percentile(ms, 95).toFixed(1),
  "max ms": ms[ms.length - 1].toFixed(1),
});

async function staffSession(db: pg.Client, role: "officer" | "manager", regionId: number | null, departmentId: number | null) {
  const token = randomBytes(20).toString("hex");
  const user = await db.query<{ id: string }>(
    `INSERT INTO users (email, display_name, email_verified_at) VALUES ($1, $2, now()) RETURNING id`,
    [`${role}.${token.slice(0, 8)}@bench.local`, `Bench ${role}`],
  );
  const userId = user.rows[0].id;
  const grant = await db.query<{ id: string }>(
    `INSERT INTO role_assignments (user_id, role, region_id, department_id) VALUES ($1, $2, $3, $4) RETURNING id`,
    [userId, role, regionId, departmentId],
  );
  await db.query(`INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + interval '30 days')`, [
    createHash("sha256").update(token).digest("hex"),
    userId,
  ]);
  const viewer = {
    kind: "user" as const,
    user: {
      id: userId,
      email: `${role}@bench.local`,
      displayName: `Bench ${role}`,
      locale: "fa" as const,
      emailVerified: true,
      phone: null,
    },
    roles: [{ id: grant.rows[0].id, role, regionId, departmentId }],
    sessionId: null,
    via: "session" as const,
  };
  return { token, ctx: { viewer, locale: "fa" as const, origin: "http://bench.local", ip: "127.0.0.1", userAgent: "bench" } };
}

const INBOX_QUERY = `query($status: String, $categoryId: Int, $overdue: Boolean, $after: String, $q: String) {
  caseInbox(status: $status, categoryId: $categoryId, overdue: $overdue, after: $after, q: $q) { __typename
    ... on QueryCaseInboxSuccess { data { nextCursor cases { id code status channel categoryId regionId departmentId address excerpt registeredAt dueAt overdue } } }
    ... on Error { code message } } }`;
const PERFORMANCE_QUERY = `query($from: DateTime, $to: DateTime) { regionPerformance(from: $from, to: $to) { __typename
  ... on QueryRegionPerformanceSuccess { data { from to regions { regionId receivedChangePct
    current { received answered answeredWithinSlaPct avgHandlingHours feedbackDeliveredPct avgSatisfaction rated overdue }
    previousYear { received answered answeredWithinSlaPct avgHandlingHours feedbackDeliveredPct avgSatisfaction rated overdue } } } }
  ... on Error { code message } } }`;

async function latencyTables(db: pg.Client, url: string): Promise<Table[]> {
  const cases = await import("../app/modules/cases");
  const officer = await staffSession(db, "officer", OFFICER_REGION, null);
  const civilWorks = (await db.query<{ id: number }>(`SELECT id FROM departments WHERE slug = 'civil-works'`)).rows[0].id;
  const deptOfficer = await staffSession(db, "officer", OFFICER_REGION, civilWorks);
  const manager = await staffSession(db, "manager", OFFICER_REGION, null);
  const waste = (await db.query<{ id: number }>(`SELECT id FROM case_categories WHERE slug = 'waste.collection'`)).rows[0].id;
  const figures = (
    await db.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE region_id = $1)::int AS region,
              count(*) FILTER (WHERE region_id = $1 AND status IN ('registered', 'referred', 'in_progress'))::int AS region_open,
              count(*) FILTER (WHERE region_id = $1 AND status IN ('registered', 'referred', 'in_progress') AND overdue_at IS NOT NULL)::int AS region_open_overdue
         FROM cases`,
      [OFFICER_REGION],
    )
  ).rows[0];
  const firstPage = await cases.inbox(officer.ctx, {});
  const allFirst = await cases.inbox(officer.ctx, { status: "all" });
  const someCode = firstPage.cases[3]?.code ?? "";
  const now = new Date();
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000);

  type Spec = { what: string; ctx: typeof officer.ctx; token: string; input: Record<string, unknown> };
  const inboxSpecs: Spec[] = [
    { what: "inbox: default (open)", ctx: officer.ctx, token: officer.token, input: {} },
    { what: "inbox: open, page 2 (cursor)", ctx: officer.ctx, token: officer.token, input: { after: firstPage.nextCursor } },
    { what: "inbox: all statuses", ctx: officer.ctx, token: officer.token, input: { status: "all" } },
    {
      what: "inbox: all statuses, page 2 (cursor)",
      ctx: officer.ctx,
      token: officer.token,
      input: { status: "all", after: allFirst.nextCursor },
    },
    { what: "inbox: overdue (open)", ctx: officer.ctx, token: officer.token, input: { overdue: true } },
    { what: "inbox: overdue, all statuses", ctx: officer.ctx, token: officer.token, input: { status: "all", overdue: true } },
    { what: "inbox: category (open)", ctx: officer.ctx, token: officer.token, input: { categoryId: waste } },
    { what: "inbox: category, all statuses", ctx: officer.ctx, token: officer.token, input: { status: "all", categoryId: waste } },
    { what: "inbox: status answered", ctx: officer.ctx, token: officer.token, input: { status: "answered" } },
    { what: "inbox: tracking code", ctx: officer.ctx, token: officer.token, input: { q: someCode } },
    { what: "inbox: department officer, default", ctx: deptOfficer.ctx, token: deptOfficer.token, input: {} },
  ];
  const moduleRows: Row[] = [];
  for (const s of inboxSpecs) {
    const { ms, result } = await sample(() => cases.inbox(s.ctx, s.input));
    moduleRows.push({ query: s.what, rows: (result as { cases: unknown[] }).cases.length, ...fmt(ms) });
  }
  const perfSpecs = [
    { what: "regionPerformance: last 30 days (+ year before)", input: {} },
    { what: "regionPerformance: last 365 days (+ year before)", input: { from: yearAgo, to: now } },
  ];
  for (const s of perfSpecs) {
    const { ms, result } = await sample(() => cases.regionPerformance(manager.ctx, s.input));
    const regions = (result as { regions: { received: number }[] }).regions;
    moduleRows.push({ query: s.what, rows: `${regions.length} regions, ${regions.reduce((a, r) => a + r.received, 0)} cases`, ...fmt(ms) });
  }

  const server = await startServer(url, { RUN_WORKERS: "false" });
  const gqlRows: Row[] = [];
  try {
    const http1 = client(server.port, 1);
    const gql = async (token: string, query: string, variables: Record<string, unknown>) => {
      const r = await http1.post(JSON.stringify({ query, variables }), { cookie: `session=${token}` });
      const data = (r.json as { data?: Record<string, { __typename: string; data?: { cases?: unknown[]; regions?: unknown[] } }> }).data;
      const field = data && Object.values(data)[0];
      if (r.status !== 200 || !field?.__typename.endsWith("Success"))
        throw new Error(`GraphQL: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
      return field.data!;
    };
    for (const s of inboxSpecs) {
      const { ms, result } = await sample(() => gql(s.token, INBOX_QUERY, s.input));
      gqlRows.push({ query: s.what.replace("inbox", "caseInbox"), rows: (result as { cases: unknown[] }).cases.length, ...fmt(ms) });
    }
    for (const s of perfSpecs) {
      const { ms, result } = await sample(() => gql(manager.token, PERFORMANCE_QUERY, s.input));
      gqlRows.push({ query: s.what, rows: `${(result as { regions: unknown[] }).regions.length} regions`, ...fmt(ms) });
    }
    http1.close();
  } finally {
    await server.stop();
  }
  const scope = `region ${OFFICER_REGION}: ${figures.region} of ${figures.total} cases, ${figures.region_open} open (${figures.region_open_overdue} of them overdue)`;
  return [
    {
      title: `Officer inbox and region performance, module functions in-process (${RUNS} runs after 5 warm-up; ${scope})`,
      rows: moduleRows,
    },
    { title: `The same through /graphql (HTTP, production build, one client, session cookie)`, rows: gqlRows },
  ];
}

// ── The bench ─────────────────────────────────────────────────────────────────────────────────

export default async function bench(): Promise<Table[]> {
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    const build = spawn("npx", ["remix", "vite:build"], { stdio: ["ignore", "ignore", "inherit"] });
    await new Promise((r) => build.once("exit", r));
  }
  const tables: Table[] = [];
  const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model.trim()}, Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}`;
  const throughput: Row[] = [];
  let tag = 0;
  const nextTag = () => `r${++tag}`;

  if (ONLY !== "latency") {
    // A reference run on a freshly seeded database of its own (empty cases table), so that its
    // cases do not sit at the top of the inboxes measured below.
    await benchDatabase("bench_cases_empty"); // the cluster stays up for the next database
    const empty = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await empty.connect();
    const server = await startServer(process.env.DATABASE_URL!, { RUN_WORKERS: "false" });
    try {
      throughput.push(
        (
          await throughputRun(empty, server, "empty table", {
            tag: nextTag(),
            concurrency: 64,
            confirmNew: true,
            workers: false,
            data: await submissionData(empty),
          })
        ).row,
      );
    } finally {
      await server.stop();
      await empty.end();
      // This process's own client (the module functions below) follows DATABASE_URL: reopen it there.
      const { closeDb } = await import("../app/platform/db/client.server");
      await closeDb();
    }
  }

  const database = await benchDatabase("bench_cases");
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const data = await submissionData(db);

    const t = performance.now();
    await generateCases(db, { count: CASES, log: (m) => console.error(`[generate] ${m}`) });
    const generated = (performance.now() - t) / 1000;
    const sizes = (
      await db.query(
        `SELECT pg_size_pretty(pg_total_relation_size('cases')) AS cases, pg_size_pretty(pg_total_relation_size('case_events')) AS events, pg_size_pretty(pg_database_size(current_database())) AS db`,
      )
    ).rows[0];
    tables.push({
      title: "Generating demo cases (scripts/generate-cases.ts, SQL-side)",
      rows: [
        {
          cases: CASES,
          seconds: generated.toFixed(1),
          "cases/s": Math.round(CASES / generated),
          "cases table": sizes.cases,
          "case_events table": sizes.events,
          database: sizes.db,
        },
      ],
    });

    if (ONLY !== "throughput") tables.push(...(await latencyTables(db, database.url)));

    if (ONLY !== "latency") {
      const label = `${CASES.toLocaleString("en")} cases`;
      let retry: Row | undefined;
      let server = await startServer(database.url, { RUN_WORKERS: "false" });
      try {
        for (const c of CONCURRENCY) {
          const runTag = nextTag();
          const run = await throughputRun(db, server, label, { tag: runTag, concurrency: c, confirmNew: true, workers: false, data });
          throughput.push(run.row);
          // Retries: resend a slice of this run's requests (same keys, same bodies).
          retry ??= { after: `${c} clients run`, ...(await retryRun(db, server.port, runTag, run.sent, run.receipts)) };
        }
        throughput.push(
          (
            await throughputRun(db, server, `${label}, nearby check`, {
              tag: nextTag(),
              concurrency: 64,
              confirmNew: false,
              workers: false,
              data,
            })
          ).row,
        );
        // Workers on: the notify jobs queued by the runs above would be worked off during this run;
        // drop that backlog first, so the run measures the steady state (each new case notified once).
        await server.stop();
        await db.query(`DELETE FROM pgboss.job WHERE name = 'cases.notify' AND state = 'created'`);
        const smtp = await smtpSink();
        try {
          server = await startServer(database.url, { RUN_WORKERS: "true", SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
          let sentBefore = 0;
          const run = await throughputRun(db, server, `${label}, workers on`, {
            ...{ tag: nextTag(), concurrency: 64, confirmNew: true, workers: true, data },
            atStart: () => (sentBefore = smtp.received()),
            atEnd: () => ({ "emails/s": Math.round((smtp.received() - sentBefore) / SECONDS) }),
          });
          // pg-boss hands out jobs oldest first: count what the notify worker finished during the run, whichever cases.
          const done = (
            await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'cases.notify' AND state = 'completed' AND completed_on >= $1 AND completed_on < $2`,
              [run.startedAt, run.endedAt],
            )
          ).rows[0].n;
          run.row["notified/s"] = Math.round(done / ((run.endedAt.getTime() - run.startedAt.getTime()) / 1000));
          throughput.push(run.row);
        } finally {
          await server.stop();
          await smtp.close();
        }
      } finally {
        await server.stop();
      }
      tables.push({
        title: `Case submission through /graphql (production build, ${SECONDS} s per run, ${WEB_CONCURRENCY} server process(es); ${machine})`,
        rows: throughput,
      });
      if (retry) tables.push({ title: "Retried submissions (same idempotency keys and bodies, 64 clients)", rows: [retry] });
    }
  } finally {
    await db.end();
    await database.stop();
  }
  return tables;
}
