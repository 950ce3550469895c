// The process entry. In order: configuration → database (DATABASE_URL, or the embedded
// PostgreSQL) → migrations (advisory-locked) → demo seed (development, once) → job workers →
// HTTP (Remix site + /graphql on one port). SIGTERM/SIGINT: stop accepting, let in-flight
// requests finish, stop workers, close the pool, stop the embedded database.
//
// WEB_CONCURRENCY=N (production, N > 1): this process keeps the database, the migrations, the seed
// and the job workers, and forks N HTTP processes sharing the port (node:cluster), which reach the
// database by DATABASE_URL and run no job workers. A stop signal stops them first, then the rest.
import cluster from "node:cluster";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { config } from "./app/platform/config.server";
import { refuseOversizedBodies } from "./app/platform/body-limit.server";
import { isCrossSiteWrite } from "./app/platform/csrf.server";
import { openDatabase } from "./app/platform/database.server";
import { pool, prisma } from "./app/platform/db/client.server";
import "./app/modules/catalogs";
import { translate, isLocale, DEFAULT_LOCALE } from "./app/platform/i18n";
import { log } from "./app/platform/log.server";
import { migrate, migrationStatus } from "./app/platform/migrate.server";
import { securityHeadersMiddleware } from "./app/platform/security-headers.server";
import type { LoadContext } from "./app/platform/request.server";

const cfg = config();
const started = Date.now();
/** One of the HTTP processes a clustered primary forked: the primary did the set-up. */
const forked = cluster.isWorker;
const clustered = !forked && cfg.webConcurrency > 1;
if (clustered && !cfg.isProduction) log.warn("WEB_CONCURRENCY is for production builds; the development server runs one process");
const database = await openDatabase(cfg);

if (!forked) {
  const migrated = await migrate(database.url, { log: (m) => log.info(m) });
  if (migrated.unknown.length)
    log.warn({ unknown: migrated.unknown }, "the database has migrations this code does not know (newer code ran against it?)");

  if (cfg.seedDemo && (await prisma.region.count()) === 0) {
    const { DEMO_MAP_CASES, seed } = await import("./prisma/seed");
    await seed(prisma, { demoAccounts: cfg.isDevelopment, mapCases: cfg.isDevelopment ? DEMO_MAP_CASES : 0, log: (m) => log.info(m) });
    log.info("demo city seeded");
  }
  if (cfg.isDevelopment) {
    const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import("./prisma/seed");
    const existing = await prisma.user.count({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } } });
    if (existing)
      console.log(
        `\nDemo accounts (development only), password "${DEMO_PASSWORD}":\n${DEMO_ACCOUNTS.map((a) => `  ${a.email}`).join("\n")}\n`,
      );
  }
}

if (cfg.runWorkers && !forked) {
  const { startModuleWorkers } = await import("./app/modules/workers.server");
  await startModuleWorkers();
}

if (clustered && cfg.isProduction) await runCluster(cfg.webConcurrency);
else await serveHttp();

/** The clustered primary: forks the HTTP processes (again if one dies), stops them first on a signal. */
async function runCluster(processes: number) {
  // The job queues exist before the HTTP processes start: created by two of them at once on a fresh
  // database, pg-boss's queue creation deadlocks with the other's first jobs.
  const { boss } = await import("./app/platform/jobs.server");
  await boss();
  const env = { DATABASE_URL: database.url, RUN_WORKERS: "false", SEED_DEMO: "false" };
  let stopping = false;
  for (let i = 0; i < processes; i++) cluster.fork(env);
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    log.error({ worker: worker.id, code, signal }, "an HTTP process exited; starting another");
    setTimeout(() => !stopping && cluster.fork(env), 1000);
  });
  log.info({ processes }, "forked the HTTP processes");
  async function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: stopping the HTTP processes");
    await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (!worker || worker.isDead()) return resolve();
            worker.once("exit", () => resolve());
            worker.process.kill("SIGTERM");
          }),
      ),
    );
    await database.close();
    log.info("stopped");
    process.exit(0);
  }
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

async function serveHttp() {
  const app = express();
  app.disable("x-powered-by");
  if (cfg.trustProxy) app.set("trust proxy", true);
  // nosniff, no framing, referrer policy, HSTS (production, https) on every response; a CSP nonce per request.
  app.use(securityHeadersMiddleware(cfg));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", uptimeSeconds: Math.round((Date.now() - started) / 1000) });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      const status = await migrationStatus(pool());
      const ready = status.pending.length === 0;
      res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "migrations pending", database: "ok", migrations: status });
    } catch (error) {
      log.warn({ err: error }, "readiness check failed");
      res.status(503).json({ status: "database unreachable" });
    }
  });

  // A body declared larger than MAX_BODY_MB: 413 before a byte of it is read (chunked bodies are
  // counted while they stream, by the form readers and /graphql: body-limit.server.ts).
  app.use(refuseOversizedBodies());

  // CSRF: refuse state-changing browser requests from other origins (forms and /graphql alike).
  app.use((req, res, next) => {
    const refused = isCrossSiteWrite({
      method: req.method,
      origin: req.get("origin"),
      secFetchSite: req.get("sec-fetch-site"),
      host: req.get("host"),
      publicUrl: cfg.publicUrl,
      corsOrigins: cfg.corsOrigins,
    });
    if (!refused) return next();
    const lang = /(?:^|;\s*)lang=(fa|en)/.exec(req.get("cookie") ?? "")?.[1];
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send(translate(isLocale(lang) ? lang : DEFAULT_LOCALE, "error.csrf"));
  });

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let closeVite: (() => Promise<void>) | undefined;
  if (cfg.isProduction) {
    const buildDir = path.resolve("build");
    app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
    build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  } else {
    const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true }, appType: "custom" }));
    // Vite's dev server exits the process on SIGTERM (and when stdin ends); shutdown is ours to run.
    process.removeAllListeners("SIGTERM");
    process.stdin.removeAllListeners("end");
    closeVite = () => vite.close();
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  }
  app.use(express.static("public", { maxAge: "1h" }));

  // /graphql straight to graphql-yoga, exported by the build's entry module (see handleGraphQLNode).
  type GraphQLEntry = { handleGraphQLNode?: (req: express.Request, res: express.Response, ip: string | null) => unknown };
  app.all("/graphql", (req, res, next) => {
    Promise.resolve(typeof build === "function" ? build() : build)
      .then((b) => {
        const handle = (b.entry.module as GraphQLEntry).handleGraphQLNode;
        return handle ? handle(req, res, req.ip ?? req.socket.remoteAddress ?? null) : next();
      })
      .catch(next);
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: cfg.env,
      getLoadContext: (req, res): LoadContext => ({
        ip: req.ip ?? req.socket.remoteAddress ?? null,
        appendHeader: (name, value) => {
          res.append(name, value);
        },
        cspNonce: res.locals.cspNonce as string,
      }),
    }),
  );

  const server = app.listen(cfg.port, cfg.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : cfg.port;
    log.info(
      { port, env: cfg.env, startupMs: Date.now() - started, ...(forked ? { worker: cluster.worker?.id } : {}) },
      `listening on http://localhost:${port}`,
    );
  });

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing in-flight requests");
    const force = setTimeout(() => {
      log.warn("in-flight requests did not finish in 20 s; closing anyway");
      server.closeAllConnections();
    }, 20_000);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    clearTimeout(force);
    await closeVite?.();
    await database.close();
    log.info("stopped");
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // A forked HTTP process whose primary is gone (killed) stops too.
  if (forked) process.on("disconnect", () => void shutdown("primary gone"));
}
