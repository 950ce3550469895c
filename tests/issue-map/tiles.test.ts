// The public map's vector tiles (app/modules/issue-map, GET /tiles/cases/{z}/{x}/{y}.mvt): decoded
// counts over every tile covering the city add up to publicCases.totalCount for each filter and
// zoom; a changed case shows after the version check; ETag → 304; empty → 204; bad input → 400.
import "../support/db";
process.env.CASE_SUBMIT_LIMIT_PER_HOUR = "0";
import Pbf from "pbf";
import { VectorTile } from "@mapbox/vector-tile";
import { beforeAll, describe, expect, it } from "vitest";
import * as cases from "../../app/modules/cases";
import { TILE_EXTENT } from "../../app/modules/issue-map";
import { prisma } from "../../app/platform/db/client.server";
import { loader as tileLoader } from "../../app/routes/tiles.cases.$z.$x.$y[.mvt]";
import { ctx, uniqueEmail } from "../support/context";
import { staff } from "../support/people";

const PLACES = [
  { latitude: 35.7575, longitude: 51.4097 }, // Vanak, region 3
  { latitude: 35.6725, longitude: 51.4218 }, // Bazaar, region 12
  { latitude: 35.7448, longitude: 51.3753 }, // Milad, region 2
];
const BOUNDS = { west: 51.085, south: 35.565, east: 51.61, north: 35.832 };

const tileX = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

async function get(z: number | string, x: number | string, y: number | string, query = "", headers: Record<string, string> = {}) {
  const request = new Request(`http://test.local/tiles/cases/${z}/${x}/${y}.mvt${query ? `?${query}` : ""}`, { headers });
  return tileLoader({ request, params: { z: String(z), x: String(x), y: String(y) }, context: {} } as never) as Promise<Response>;
}

type Decoded = { count: number; x: number; y: number; props: Record<string, unknown> };
async function decode(res: Response): Promise<Decoded[]> {
  if (res.status === 204) return [];
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/vnd.mapbox-vector-tile");
  const tile = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())));
  const layer = tile.layers.cases;
  if (!layer) return [];
  expect(layer.extent).toBe(TILE_EXTENT);
  return Array.from({ length: layer.length }, (_, i) => {
    const f = layer.feature(i);
    const [[p]] = f.loadGeometry();
    return { count: Number(f.properties.count), x: p.x, y: p.y, props: f.properties };
  });
}

/** Σ count over every tile covering the city; a feature counts in the tile whose [0, extent) holds it (tiles repeat their neighbours' edge features as a buffer). */
async function cityCount(z: number, query: string) {
  let sum = 0;
  let maxCount = 0;
  const singles: Decoded[] = [];
  for (let x = tileX(BOUNDS.west, z); x <= tileX(BOUNDS.east, z); x++)
    for (let y = tileY(BOUNDS.north, z); y <= tileY(BOUNDS.south, z); y++)
      for (const f of await decode(await get(z, x, y, query))) {
        if (f.x < 0 || f.x >= TILE_EXTENT || f.y < 0 || f.y >= TILE_EXTENT) continue;
        sum += f.count;
        maxCount = Math.max(maxCount, f.count);
        if (f.count === 1) singles.push(f);
      }
  return { sum, singles, maxCount };
}

let admin: Awaited<ReturnType<typeof staff>>;
let pothole = 0;
let streets = 0;
let other = 0;
let k = 0;
async function submit(categoryId: number) {
  const i = k++;
  const base = PLACES[i % PLACES.length];
  const r = await cases.submitCase(ctx(), {
    categoryId,
    description: "A case for the tile tests.",
    latitude: base.latitude + (70 * ((i % 7) - 3)) / 111_320,
    longitude: base.longitude + (70 * (Math.floor(i / 7) % 7) - 210) / 90_300,
    contactEmail: uniqueEmail("tiles"),
    confirmNew: true,
  });
  if (r.kind !== "created") throw new Error("expected a case");
  return r;
}

beforeAll(async () => {
  admin = await staff("admin");
  pothole = (await prisma.caseCategory.findUniqueOrThrow({ where: { slug: "streets.pothole" } })).id;
  streets = (await prisma.caseCategory.findUniqueOrThrow({ where: { slug: "streets" } })).id;
  other = (await prisma.caseCategory.findFirstOrThrow({ where: { parentId: { not: streets }, NOT: { parentId: null } } })).id;
  for (let i = 0; i < 45; i++) {
    const c = await submit(i % 3 ? pothole : other);
    if (i % 4 === 0) await cases.actOnCase(ctx(admin.viewer), { caseId: c.id, action: "answer", answer: "Answered for the tile tests." });
  }
}, 60_000);

describe("tiles", () => {
  it("the decoded counts over the city's tiles equal publicCases.totalCount, for several filters and zooms", async () => {
    const filters = [
      {},
      { status: "all" },
      { status: "answered" },
      { categoryId: streets, status: "all" },
      { regionId: 12, status: "all" },
    ];
    for (const filter of filters) {
      const total = (await cases.publicCases(filter)).totalCount;
      expect(total).toBeGreaterThan(0);
      const query = new URLSearchParams(filter as Record<string, string>).toString();
      for (const z of [10, 12, 14]) expect({ filter, z, sum: (await cityCount(z, query)).sum }).toEqual({ filter, z, sum: total });
    }
    // The zooms do cluster: at z10 the cases near one place are one feature.
    expect((await cityCount(10, "status=all")).maxCount).toBeGreaterThan(1);
  }, 120_000);

  it("a single case carries count 1, its public reference, status and category — nothing else", async () => {
    const { singles } = await cityCount(16, "status=all");
    expect(singles.length).toBeGreaterThan(0);
    for (const f of singles) {
      expect(Object.keys(f.props).sort()).toEqual(["categoryId", "count", "reference", "status"]);
      expect(String(f.props.reference)).toMatch(/^C-[2-9A-Z]{6}$/);
    }
  }, 60_000);

  it("ETag: 304 while nothing changed; a new case shows once the version is checked again", async () => {
    const z = 12;
    const [x, y] = [tileX(PLACES[0].longitude, z), tileY(PLACES[0].latitude, z)];
    const first = await get(z, x, y, "status=all");
    const etag = first.headers.get("ETag")!;
    expect(first.headers.get("Cache-Control")).toMatch(/max-age=\d+/);
    const before = (await decode(first)).reduce((s, f) => s + f.count, 0);
    expect((await get(z, x, y, "status=all", { "If-None-Match": etag })).status).toBe(304);

    await submit(pothole); // i ≡ 0 mod 3: near Vanak
    // The old index is served while the new one is built: the change shows within seconds.
    let after: Response | undefined;
    let count = before;
    for (const started = Date.now(); count === before && Date.now() - started < 8000;) {
      await new Promise((r) => setTimeout(r, 250));
      after = await get(z, x, y, "status=all", { "If-None-Match": etag });
      if (after.status === 304) continue;
      count = (await decode(after)).reduce((s, f) => s + f.count, 0);
    }
    expect(count).toBe(before + 1);
    expect(after!.headers.get("ETag")).not.toBe(etag);
  });

  it("a category made sensitive: the very next tile after the version check has its points on the grid (no stale index)", async () => {
    const z = 17;
    const near = (await cases.publicCasePoints({ status: "all", categoryId: other }))[0];
    const [x, y] = [tileX(near.lng, z), tileY(near.lat, z)];
    const single = async () => {
      const fs = await decode(await get(z, x, y, "status=all"));
      return fs.find((f) => f.props.reference === near.reference);
    };
    const exact = (await single())!;
    expect(exact).toBeDefined();
    const cat = await prisma.caseCategory.findUniqueOrThrow({ where: { id: other } });
    await cases.updateCategory(ctx(admin.viewer), {
      ...cat,
      parentId: cat.parentId ?? undefined,
      departmentId: cat.departmentId ?? undefined,
      sensitive: true,
    });
    await new Promise((r) => setTimeout(r, 1100));
    const snapped = cases.snapToGrid(near.lat, near.lng);
    const res = await get(z, tileX(snapped.lng, z), tileY(snapped.lat, z), "status=all");
    const moved = (await decode(res)).find((f) => f.props.reference === near.reference);
    expect(moved).toBeDefined();
    // In tile units: the point moved to its grid cell's centre.
    const n = 2 ** z;
    const px = ((snapped.lng + 180) / 360) * n;
    const r = (snapped.lat * Math.PI) / 180;
    const py = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n;
    expect(Math.abs(moved!.x - (px - tileX(snapped.lng, z)) * TILE_EXTENT)).toBeLessThanOrEqual(1);
    expect(Math.abs(moved!.y - (py - tileY(snapped.lat, z)) * TILE_EXTENT)).toBeLessThanOrEqual(1);
  });

  it("an empty tile is 204; bad coordinates or filters are a translated 400", async () => {
    expect((await get(10, 0, 0)).status).toBe(204);
    for (const [z, x, y, q] of [
      [23, 0, 0, ""],
      [3, 8, 0, ""],
      ["x", 0, 0, ""],
      [10, 0, 0, "status=duplicate"],
      [10, 0, 0, "from=2026-99-99"],
    ] as const) {
      const res = await get(z, x, y, q, { "Accept-Language": "fa" });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; fieldErrors: Record<string, string[]> };
      expect(body.error).not.toMatch(/^error\./);
      expect(Object.values(body.fieldErrors).flat()[0]).not.toMatch(/^validation\./);
    }
  });
});
