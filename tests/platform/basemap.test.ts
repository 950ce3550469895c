// The maps' basemap: the choice from the configuration (what the browser gets, what the CSP
// allows), and /basemap.pmtiles — the local extract served with HTTP range requests (206, 416,
// ETag, 304, If-Range), read back through the route by the `pmtiles` package's own reader.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PMTiles, type Source } from "pmtiles";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basemapFor } from "../../app/platform/basemap.server";
import { loadConfig } from "../../app/platform/config.server";
import { serveFileRange } from "../../app/platform/file-range.server";
import { pagePolicy } from "../../app/platform/security-headers.server";
import { loader as basemapRoute } from "../../app/routes/basemap[.]pmtiles";
import { pmtilesArchive } from "../support/pmtiles-fixture";

const TILES = [
  { z: 0, x: 0, y: 0, data: randomBytes(300) },
  { z: 1, x: 1, y: 0, data: randomBytes(200) },
  { z: 2, x: 2, y: 1, data: randomBytes(100) },
];
let dir: string;
let file: string;
let archive: Buffer;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "basemap-"));
  file = path.join(dir, "tehran.pmtiles");
  archive = pmtilesArchive(TILES);
  await fs.writeFile(file, archive);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const get = (headers: Record<string, string> = {}, method = "GET") =>
  serveFileRange(new Request("http://test.local/basemap.pmtiles", { method, headers }), file, { contentType: "application/vnd.pmtiles" });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe("/basemap.pmtiles (range requests)", () => {
  it("answers a range with 206, Content-Range, Accept-Ranges, a strong ETag and exactly those bytes", async () => {
    const res = await get({ Range: "bytes=0-126" });
    expect(res.status).toBe(206);
    expect(res.headers.get("Accept-Ranges")).toBe("bytes");
    expect(res.headers.get("Content-Range")).toBe(`bytes 0-126/${archive.length}`);
    expect(res.headers.get("Content-Length")).toBe("127");
    expect(res.headers.get("ETag")).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/);
    expect(res.headers.get("Cache-Control")).toContain("no-transform");
    expect((await bytes(res)).equals(archive.subarray(0, 127))).toBe(true);

    const open = await get({ Range: "bytes=130-" });
    expect(open.status).toBe(206);
    expect(open.headers.get("Content-Range")).toBe(`bytes 130-${archive.length - 1}/${archive.length}`);
    expect((await bytes(open)).equals(archive.subarray(130))).toBe(true);

    const suffix = await get({ Range: "bytes=-50" });
    expect(suffix.status).toBe(206);
    expect((await bytes(suffix)).equals(archive.subarray(archive.length - 50))).toBe(true);

    const clipped = await get({ Range: `bytes=${archive.length - 10}-${archive.length + 1000}` });
    expect(clipped.status).toBe(206);
    expect(clipped.headers.get("Content-Range")).toBe(`bytes ${archive.length - 10}-${archive.length - 1}/${archive.length}`);
  });

  it("answers a range past the end with 416 and the size", async () => {
    const res = await get({ Range: `bytes=${archive.length}-` });
    expect(res.status).toBe(416);
    expect(res.headers.get("Content-Range")).toBe(`bytes */${archive.length}`);
    expect((await get({ Range: "bytes=-0" })).status).toBe(416);
  });

  it("gives the whole file without a usable Range, 304 for a matching If-None-Match, the whole file for a stale If-Range", async () => {
    const whole = await get();
    expect(whole.status).toBe(200);
    expect(whole.headers.get("Accept-Ranges")).toBe("bytes");
    expect(whole.headers.get("Content-Length")).toBe(String(archive.length));
    expect((await bytes(whole)).equals(archive)).toBe(true);
    const etag = whole.headers.get("ETag")!;
    for (const ignored of ["bytes=0-1,5-9", "items=0-1", "bytes=9-3"]) expect((await get({ Range: ignored })).status, ignored).toBe(200);

    const notModified = await get({ "If-None-Match": etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("ETag")).toBe(etag);
    expect((await get({ Range: "bytes=0-9", "If-Range": etag })).status).toBe(206);
    expect((await get({ Range: "bytes=0-9", "If-Range": '"an-older-file"' })).status).toBe(200);

    const head = await get({ Range: "bytes=0-9" }, "HEAD");
    expect(head.status).toBe(206);
    expect((await bytes(head)).length).toBe(0);
  });

  it("is 404 for a missing file, and at /basemap.pmtiles when no extract is configured", async () => {
    const route = await basemapRoute({ request: new Request("http://test.local/basemap.pmtiles"), params: {}, context: {} } as never);
    expect(route.status).toBe(404);
    const res = await serveFileRange(new Request("http://test.local/basemap.pmtiles"), path.join(dir, "missing.pmtiles"), {
      contentType: "application/vnd.pmtiles",
    });
    expect(res.status).toBe(404);
  });

  it("serves an archive the pmtiles reader opens: header, metadata and every tile, by ranges through the route", async () => {
    const requests: string[] = [];
    const source: Source = {
      getKey: () => "http://test.local/basemap.pmtiles",
      getBytes: async (offset, length) => {
        const range = `bytes=${offset}-${offset + length - 1}`;
        requests.push(range);
        const res = await get({ Range: range });
        expect([200, 206]).toContain(res.status);
        return { data: await res.arrayBuffer(), etag: res.headers.get("ETag") ?? undefined };
      },
    };
    const reader = new PMTiles(source);
    const header = await reader.getHeader();
    expect(header.specVersion).toBe(3);
    expect(header.maxZoom).toBe(2);
    expect(header.minLon).toBeCloseTo(51.085, 5);
    expect(await reader.getMetadata()).toEqual({ name: "fixture" });
    for (const t of TILES) {
      const tile = await reader.getZxy(t.z, t.x, t.y);
      expect(Buffer.from(tile!.data).equals(t.data), `${t.z}/${t.x}/${t.y}`).toBe(true);
    }
    expect(await reader.getZxy(2, 0, 0)).toBeUndefined();
    expect(requests.length).toBeGreaterThan(0);
  });
});

describe("the basemap from the configuration", () => {
  const env = (vars: Record<string, string>) => loadConfig({ NODE_ENV: "test", ...vars });

  it("prefers Mapbox with a token, then a style URL, then a local extract, else the outline; the CSP follows", () => {
    const mapbox = env({ MAPBOX_TOKEN: "pk.test-token", MAP_STYLE_URL: "https://tiles.example/style.json", MAP_PMTILES_PATH: file });
    expect(basemapFor(mapbox)).toEqual({ kind: "mapbox", token: "pk.test-token", style: "mapbox://styles/mapbox/streets-v12" });
    expect(pagePolicy("n", mapbox)).toMatch(
      /connect-src 'self' https:\/\/api\.mapbox\.com https:\/\/\*\.tiles\.mapbox\.com https:\/\/events\.mapbox\.com/,
    );
    expect(pagePolicy("n", mapbox)).toMatch(/img-src 'self' data: blob: https:\/\/api\.mapbox\.com/);

    const style = env({ MAP_STYLE_URL: "https://tiles.example/style.json", MAP_ORIGINS: "https://fonts.example", MAP_PMTILES_PATH: file });
    expect(basemapFor(style)).toEqual({ kind: "style", styleUrl: "https://tiles.example/style.json" });
    expect(pagePolicy("n", style)).toContain("connect-src 'self' https://tiles.example https://fonts.example;");
    expect(pagePolicy("n", style)).not.toContain("mapbox");

    const local = env({ MAP_PMTILES_PATH: file });
    expect(basemapFor(local)).toEqual({ kind: "pmtiles", url: "/basemap.pmtiles" });
    expect(JSON.stringify(basemapFor(local))).not.toContain(dir); // the path stays on the server

    const none = env({});
    expect(basemapFor(none)).toEqual({ kind: "outline" });
    expect(pagePolicy("n", none)).toContain("connect-src 'self';");
    expect(pagePolicy("n", none)).toContain("worker-src 'self' blob:");
    expect(pagePolicy("n", none)).toContain("img-src 'self' data: blob:;");
    expect(basemapFor(env({ MAPBOX_TOKEN: "" }))).toEqual({ kind: "outline" });
    expect(() => env({ MAP_ORIGINS: "not an origin" })).toThrow(/MAP_ORIGINS/);
  });
});
