// The public map's vector tiles: every public case point (cases.publicCasePoints — the public view,
// sensitive categories already on their 250 m grid) clustered with supercluster and encoded as
// Mapbox Vector Tiles (vt-pbf), one layer `cases`. A cluster carries `count`; a single case
// `count = 1`, its public `reference`, its public `status` bucket and its `categoryId` — nothing
// else. The module owns no table: it reads cases through their door.
//
// One index per filter is kept in memory (at most MAX_INDEXES, least recently used dropped). It is
// rebuilt when the map's version changes (cases.publicMapVersion: the latest case writes and the
// sensitive categories), which each process checks at most once a second; the old index is served
// while the new one is built — so a changed case shows within seconds, a tile never waits for a
// rebuild once its filter has an index, and several processes agree without shared memory.
import { createHash } from "node:crypto";
import Supercluster from "supercluster";
import vtpbf from "vt-pbf";
import { encodeMessage } from "~/platform/i18n";
import { ValidationError } from "~/platform/errors";
import { filterKey, publicCasePoints, publicFilter, publicMapVersion, type PublicCasePoint } from "~/modules/cases";

export const TILE_LAYER = "cases";
export const TILE_EXTENT = 4096;
/** Clusters are formed up to this zoom; above it every case is its own point. */
export const CLUSTER_MAX_ZOOM = 15;
export const MAX_TILE_ZOOM = 22;
const CLUSTER_RADIUS = 256; // in tile units of TILE_EXTENT: 32 px on a 512 px tile
const VERSION_CHECK_MS = 1000;
const MAX_INDEXES = 32;

type PointProps = { count: number; reference?: string; status?: string; categoryId?: number };
type Index = Supercluster<PointProps, { count: number }>;
/** A filter's index: the one served (with the version it was built at) and the rebuild under way, if any. */
type Entry = { version: string; built: Promise<Index>; next?: Promise<void> };

const indexes = new Map<string, Entry>();
let version: { at: number; value: Promise<string> } | undefined;

/** The public map's version, read from the database at most once a second per process. */
function currentVersion(): Promise<string> {
  if (!version || Date.now() - version.at >= VERSION_CHECK_MS) {
    const value = publicMapVersion();
    version = { at: Date.now(), value };
    value.catch(() => (version = undefined));
  }
  return version.value;
}

function buildIndex(points: PublicCasePoint[]) {
  const index = new Supercluster<PointProps, { count: number }>({
    radius: CLUSTER_RADIUS,
    extent: TILE_EXTENT,
    maxZoom: CLUSTER_MAX_ZOOM,
    map: () => ({ count: 1 }),
    reduce: (acc, p) => {
      acc.count += p.count;
    },
  });
  index.load(
    points.map((p) => ({
      type: "Feature" as const,
      properties: { count: 1, reference: p.reference, status: p.status, categoryId: p.categoryId },
      geometry: { type: "Point" as const, coordinates: [p.lng, p.lat] },
    })),
  );
  return index;
}

/** The sensitive categories' part of a version (cases.publicMapVersion: its last field). */
const sensitivePart = (v: string) => v.slice(v.lastIndexOf("|") + 1);

/**
 * The filter's index. The first request builds it (and waits); after a change the old index is
 * served while one rebuild runs in the background, so a busy city never makes a tile wait for a
 * rebuild, and the change shows as soon as the rebuild is done (seconds).
 */
async function indexFor(rawFilter: unknown) {
  const filter = await publicFilter(rawFilter);
  const key = filterKey(filter);
  const v = await currentVersion();
  let entry = indexes.get(key);
  // A category became sensitive (or stopped being): never serve the old points meanwhile.
  if (entry && sensitivePart(entry.version) !== sensitivePart(v)) entry = undefined;
  if (!entry) {
    const built = publicCasePoints(rawFilter).then(buildIndex);
    const fresh: Entry = { version: v, built };
    built.catch(() => indexes.get(key) === fresh && indexes.delete(key));
    entry = fresh;
  } else if (entry.version !== v && !entry.next) {
    const current = entry;
    current.next = publicCasePoints(rawFilter)
      .then(buildIndex)
      .then(
        (index) => {
          current.version = v;
          current.built = Promise.resolve(index);
        },
        () => undefined, // keep serving the old index; the next request tries again
      )
      .finally(() => (current.next = undefined));
  }
  // Most recently used last; the oldest goes when there are too many.
  indexes.delete(key);
  indexes.set(key, entry);
  while (indexes.size > MAX_INDEXES) indexes.delete(indexes.keys().next().value!);
  const servedVersion = entry.version;
  return { key, version: servedVersion, index: await entry.built };
}

/** Drops every cached index and the version (benchmarks measure a cold start with it). */
export function resetTileCache() {
  indexes.clear();
  version = undefined;
}

export type CasesTile = { etag: string; body: Uint8Array | null };

/** Tile coordinates from a URL: z 0–22, x and y inside the zoom's grid; anything else a field error. */
export function tileCoordinates(z: unknown, x: unknown, y: unknown) {
  const n = (v: unknown) => (typeof v === "string" && /^\d{1,7}$/.test(v) ? Number(v) : typeof v === "number" ? v : NaN);
  const [zz, xx, yy] = [n(z), n(x), n(y)];
  if (!Number.isInteger(zz) || zz < 0 || zz > MAX_TILE_ZOOM) throw new ValidationError({ z: [encodeMessage("validation.invalid")] });
  const size = 2 ** zz;
  if (!Number.isInteger(xx) || xx < 0 || xx >= size) throw new ValidationError({ x: [encodeMessage("validation.invalid")] });
  if (!Number.isInteger(yy) || yy < 0 || yy >= size) throw new ValidationError({ y: [encodeMessage("validation.invalid")] });
  return { z: zz, x: xx, y: yy };
}

/**
 * The `cases` tile z/x/y for a public filter (the /map page's query): MVT bytes, or null when the
 * tile is empty. The ETag names the data version, the filter and the tile, so a client's copy is
 * current (304) until a case changes.
 */
export async function casesTile(rawFilter: unknown, z: unknown, x: unknown, y: unknown): Promise<CasesTile> {
  const at = tileCoordinates(z, x, y);
  const { key, version: v, index } = await indexFor(rawFilter);
  const etag = `"${createHash("sha256").update(`${v}\n${key}\n${at.z}/${at.x}/${at.y}`).digest("base64url").slice(0, 27)}"`;
  const tile = index.getTile(at.z, at.x, at.y);
  if (!tile) return { etag, body: null };
  const features = tile.features.map((f) => {
    const tags = f.tags as PointProps & { cluster?: boolean };
    // A cluster: its count only. A case: its public reference, status and category.
    const props: PointProps = tags.cluster
      ? { count: tags.count }
      : { count: 1, reference: tags.reference, status: tags.status, categoryId: tags.categoryId };
    return { ...f, tags: props };
  });
  return { etag, body: vtpbf.fromGeojsonVt({ [TILE_LAYER]: { features } }, { version: 2, extent: TILE_EXTENT }) };
}

/** The query parameters a public filter reads (the /map page's URL and the tiles' query). */
export const FILTER_PARAMS = ["categoryId", "status", "regionId", "from", "to"] as const;
export function filterFromSearch(params: URLSearchParams) {
  return Object.fromEntries(FILTER_PARAMS.map((k) => [k, params.get(k) ?? undefined]));
}
