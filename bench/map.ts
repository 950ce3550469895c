// The public map's tiles at scale (`npm run bench -- map`): BENCH_CASES (default 1,000,000)
// generated cases (scripts/generate-cases.ts, two years), then GET /tiles/cases/{z}/{x}/{y}.mvt
// p50/p95 per zoom z8–z18, with and without filters, cold (the filter's index built by the first
// tile: points read from PostgreSQL and clustered) and warm (the index cached). The tiles are
// served by app/modules/issue-map's casesTile behind a plain node:http server in this process, next
// to a bare graphql-yoga (`{ hello }`) behind the same kind of server, measured in the same run:
// the difference is the tile's own work. Also the list twin's page (publicCases) per filter.
//
// Knobs: BENCH_CASES, BENCH_TILES (tiles per zoom, default 40), BENCH_COLD_RUNS (cold starts per
// filter, default 3).
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { createSchema, createYoga } from "graphql-yoga";
import { benchDatabase, percentile } from "./_db";
import { generateCases } from "../scripts/generate-cases";

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const TILES = Number(process.env.BENCH_TILES ?? 40);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);
const BOUNDS = { west: 51.2, south: 35.6, east: 51.55, north: 35.8 };

type Row = Record<string, string | number>;
type Table = { title: string; rows: Row[] };

const tileX = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

/** Deterministic tiles over the city at a zoom (a fixed pseudo-random walk). */
function tilesAt(z: number, n: number) {
  let s = 137 + z;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: n }, () => {
    const lng = BOUNDS.west + rnd() * (BOUNDS.east - BOUNDS.west);
    const lat = BOUNDS.south + rnd() * (BOUNDS.north - BOUNDS.south);
    return [tileX(lng, z), tileY(lat, z)] as const;
  });
}

function listen(handler: http.RequestListener) {
  return new Promise<http.Server>((resolve) => {
    const server = http.createServer({ keepAlive: true }, handler);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}
const portOf = (s: http.Server) => (s.address() as AddressInfo).port;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(port: number, path: string, method = "GET", body?: string): Promise<{ status: number; bytes: number; ms: number }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path, method, agent, headers: body ? { "content-type": "application/json" } : {} },
      (res) => {
        let bytes = 0;
        res.on("data", (c: Buffer) => (bytes += c.length));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - t }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50).toFixed(2), p95: percentile(sorted, 95).toFixed(2) };
};

export default async function mapBench(): Promise<Table[]> {
  const database = await benchDatabase("bench_map");
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const tables: Table[] = [];
  try {
    const t = performance.now();
    await generateCases(db, { count: CASES, log: (m) => console.error(`[generate] ${m}`) });
    await db.query("ANALYZE cases");
    tables.push({ title: "Generated cases", rows: [{ cases: CASES, seconds: ((performance.now() - t) / 1000).toFixed(1) }] });

    const { casesTile, resetTileCache } = await import("../app/modules/issue-map");
    const cases = await import("../app/modules/cases");
    const tiles = await listen(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const m = /^\/tiles\/cases\/(\d+)\/(\d+)\/(\d+)\.mvt$/.exec(url.pathname);
      if (!m) return res.writeHead(404).end();
      const filter = Object.fromEntries(url.searchParams);
      const tile = await casesTile(filter, m[1], m[2], m[3]);
      res.writeHead(tile.body ? 200 : 204, { "content-type": "application/vnd.mapbox-vector-tile", etag: tile.etag });
      res.end(tile.body ? Buffer.from(tile.body) : undefined);
    });
    const yoga = createYoga({
      schema: createSchema({ typeDefs: "type Query { hello: String }", resolvers: { Query: { hello: () => "world" } } }),
    });
    const bare = await listen(yoga as unknown as http.RequestListener);

    const { rows: streets } = await db.query<{ id: number }>("SELECT id FROM case_categories WHERE slug = 'streets'");
    const filters: [string, Record<string, string>][] = [
      ["default (open, 6 months)", {}],
      ["all statuses, 6 months", { status: "all" }],
      ["category streets, all", { status: "all", categoryId: String(streets[0].id) }],
      ["region 4, all", { status: "all", regionId: "4" }],
    ];

    // Bare graphql-yoga, same process, same kind of server and client.
    const body = JSON.stringify({ query: "{ hello }" });
    for (let i = 0; i < 50; i++) await get(portOf(bare), "/graphql", "POST", body);
    const bareMs: number[] = [];
    for (let i = 0; i < 400; i++) bareMs.push((await get(portOf(bare), "/graphql", "POST", body)).ms);
    tables.push({
      title: "Bare graphql-yoga `{ hello }` (same process, loopback HTTP)",
      rows: [{ requests: bareMs.length, ...stats(bareMs) }],
    });

    // The list twin (/map and GraphQL publicCases): the first page with totalCount, and the next page by cursor.
    const list: Row[] = [];
    for (const [label, filter] of filters) {
      const first: number[] = [];
      const next: number[] = [];
      for (let i = 0; i < 12; i++) {
        let t0 = performance.now();
        const page = await cases.publicCases(filter, { first: 20 });
        first.push(performance.now() - t0);
        t0 = performance.now();
        await cases.publicCases(filter, { first: 20, after: page.pageInfo.endCursor ?? undefined });
        next.push(performance.now() - t0);
      }
      list.push({ filter: label, "first page p50 ms": stats(first.slice(2)).p50, "next page p50 ms": stats(next.slice(2)).p50 });
    }
    tables.push({ title: "The list twin: publicCases (20 rows + totalCount), in-process", rows: list });

    const cold: Row[] = [];
    const warm: Row[] = [];
    for (const [label, filter] of filters) {
      const q = new URLSearchParams(filter).toString();
      const total = (await cases.publicCases(filter, { first: 1 })).totalCount;
      // Cold: the first tile after the cache is dropped builds the filter's index.
      const coldMs: number[] = [];
      for (let r = 0; r < COLD_RUNS; r++) {
        resetTileCache();
        coldMs.push((await get(portOf(tiles), `/tiles/cases/12/${tileX(51.4, 12)}/${tileY(35.7, 12)}.mvt?${q}`)).ms);
      }
      cold.push({
        filter: label,
        cases: total,
        runs: COLD_RUNS,
        "first tile p50 ms": stats(coldMs).p50,
        "max ms": Math.max(...coldMs).toFixed(0),
      });
      // Warm: every zoom, the index cached.
      for (let z = 8; z <= 18; z++) {
        const ms: number[] = [];
        let bytes = 0;
        let empty = 0;
        for (const [x, y] of tilesAt(z, TILES)) {
          const r = await get(portOf(tiles), `/tiles/cases/${z}/${x}/${y}.mvt?${q}`);
          ms.push(r.ms);
          bytes += r.bytes;
          if (r.status === 204) empty++;
        }
        warm.push({ filter: label, z, tiles: ms.length, empty, "avg KB": (bytes / ms.length / 1024).toFixed(1), ...stats(ms) });
      }
    }
    tables.push({ title: `Tiles, cold: the filter's first tile builds its index (${CASES.toLocaleString("en")} cases)`, rows: cold });
    tables.push({ title: `Tiles, warm: p50/p95 ms per zoom (${TILES} tiles over the city each)`, rows: warm });
    tiles.close();
    bare.close();
    agent.destroy();
  } finally {
    await db.end();
    await database.stop();
  }
  return tables;
}
