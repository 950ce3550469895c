// Ballot casting through /graphql by 10,000 distinct members, concurrently, against the real
// production server (a child process on loopback): ballots/s, latency, and a count proving that
// every ballot landed exactly once.
import { spawn } from "node:child_process";
import { randomBytes, createHash } from "node:crypto";
import { createServer } from "node:net";
import pg from "pg";
import { benchDatabase, percentile } from "./_db";

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export default async function bench() {
  // Always measure the current code: build it first (a few seconds).
  const build = spawn("npx", ["remix", "vite:build"], { stdio: ["ignore", "ignore", "inherit"] });
  await new Promise((r) => build.once("exit", r));
  const db = await benchDatabase("bench_ballots");
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    // Set-up straight in SQL: a voting cycle, one approval budget with 20 projects, 10,000 members with sessions.
    const day = 86_400_000;
    const now = Date.now();
    const cycle = await client.query(
      `INSERT INTO budget_cycles (slug, title_fa, title_en, proposals_open_at, review_at, voting_open_at, voting_close_at, implementation_at) VALUES ('bench', 'بنچ', 'Bench', $1, $2, $3, $4, $5) RETURNING id`,
      [new Date(now - 3 * day), new Date(now - 2 * day), new Date(now - day), new Date(now + day), new Date(now + 2 * day)],
    );
    const budget = await client.query(
      `INSERT INTO budgets (cycle_id, name_fa, name_en, amount_rials, ballot_type, max_choices, residents_only) VALUES ($1, 'بنچ', 'Bench', 100000000000, 'approval', 5, false) RETURNING id`,
      [cycle.rows[0].id],
    );
    const budgetId = budget.rows[0].id as string;
    const projects = await client.query(
      `INSERT INTO proposals (budget_id, code, title, estimated_cost_rials, official_cost_rials, status) SELECT $1, g::text, 'Project ' || g, 1000000000::bigint * g, 1000000000::bigint * g, 'accepted' FROM generate_series(1, 20) g RETURNING id`,
      [budgetId],
    );
    const projectIds = projects.rows.map((r) => r.id as string);
    const tokens: string[] = [];
    for (let start = 0; start < MEMBERS; start += 1000) {
      const n = Math.min(1000, MEMBERS - start);
      const batch = Array.from({ length: n }, () => randomBytes(20).toString("hex"));
      tokens.push(...batch);
      await client.query(
        `WITH u AS (
           INSERT INTO users (email, display_name, email_verified_at) SELECT 'bench' || g || '@example.com', 'Bench ' || g, now() FROM generate_series($1::int, $2::int) g RETURNING id, email
         ), m AS (
           INSERT INTO club_members (user_id, home_region_id, terms_version, terms_accepted_at) SELECT id, 1 + (abs(hashtext(email)) % 22), 'bench', now() FROM u RETURNING user_id
         )
         INSERT INTO sessions (id, user_id, expires_at) SELECT t.hash, u.id, now() + interval '30 days'
         FROM (SELECT row_number() OVER () AS i, id FROM u) u JOIN (SELECT row_number() OVER () AS i, h AS hash FROM unnest($3::text[]) h) t USING (i)`,
        [start + 1, start + n, batch.map((t) => createHash("sha256").update(t).digest("hex"))],
      );
    }

    const port = await freePort();
    const app = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      env: {
        REPORTS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        DATABASE_URL: db.url,
        RUN_WORKERS: "false",
        SEED_DEMO: "false",
        LOG_LEVEL: "warn",
        DATABASE_POOL_SIZE: "20",
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
      if (i > 240) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 250));
    }

    const query = `mutation($i: CastBallotInput!) { castBallot(input: $i) { __typename ... on MutationCastBallotSuccess { data { receiptCode } } ... on Error { code } } }`;
    const latencies: number[] = [];
    const failures: string[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < tokens.length) {
          const i = next++;
          const choices = [0, 1, 2].map((k) => ({ proposalId: projectIds[(i * 7 + k * 3) % projectIds.length] }));
          const t = performance.now();
          const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", cookie: `session=${tokens[i]}` },
            body: JSON.stringify({ query, variables: { i: { budgetId, choices } } }),
          });
          const body = (await res.json()) as { data?: { castBallot?: { __typename: string; code?: string } } };
          latencies.push(performance.now() - t);
          if (body.data?.castBallot?.__typename !== "MutationCastBallotSuccess") failures.push(JSON.stringify(body).slice(0, 200));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (failures.length) console.error(`${failures.length} failures, e.g.: ${failures[0]}`);
    app.kill("SIGTERM");
    await new Promise((r) => app.once("exit", r));

    const counts = await client.query(
      `SELECT count(*)::int AS ballots, count(DISTINCT voter_key)::int AS voters, (SELECT count(*)::int FROM ballot_choices c JOIN ballots b ON b.id = c.ballot_id WHERE b.budget_id = $1) AS choices FROM ballots WHERE budget_id = $1`,
      [budgetId],
    );
    latencies.sort((a, b) => a - b);
    const { ballots, voters, choices } = counts.rows[0];
    return {
      title: `Ballot casting through /graphql (HTTP, production build, ${CONCURRENCY} concurrent clients)`,
      rows: [
        {
          members: MEMBERS,
          "ballots/s": Math.round(MEMBERS / seconds),
          "p50 ms": percentile(latencies, 50).toFixed(1),
          "p95 ms": percentile(latencies, 95).toFixed(1),
          "p99 ms": percentile(latencies, 99).toFixed(1),
          failed: failures.length,
          "ballots stored": ballots,
          "distinct voters": voters,
          duplicates: ballots - voters,
          "choices stored": choices,
        },
      ],
    };
  } finally {
    await client.end();
    await db.stop();
  }
}
