// The city's structure: regions (with their OSM boundaries) and the departments that answer
// cases. Read by every other module; written only by the seed and (later) admin pages.
import { prisma } from "~/platform/db/client.server";
import { regionContaining, type RegionShape } from "./geo";

export const REGION_ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)";

export function listRegions() {
  return prisma.region.findMany({ orderBy: { id: "asc" }, select: { id: true, nameFa: true, nameEn: true } });
}

export function listDepartments() {
  return prisma.department.findMany({ orderBy: { id: "asc" }, select: { id: true, slug: true, nameFa: true, nameEn: true } });
}

// Region polygons change only with a migration or re-seed: cache them per process.
let shapes: Promise<RegionShape[]> | undefined;

function regionShapes() {
  shapes ??= prisma.region
    .findMany({ orderBy: { id: "asc" } })
    .then((rows) =>
      rows.map((r) => ({
        id: r.id,
        ring: (r.boundary as { coordinates: number[][][] }).coordinates[0],
        minLng: r.minLng,
        minLat: r.minLat,
        maxLng: r.maxLng,
        maxLat: r.maxLat,
      })),
    )
    .catch((error: unknown) => {
      shapes = undefined;
      throw error;
    });
  return shapes;
}

/** The municipal region containing a point, or null when the point is outside the city. */
export async function regionAt(lat: number, lng: number): Promise<number | null> {
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  return regionContaining(await regionShapes(), lng, lat);
}

/** Is this a region of the city? (Cached with the shapes.) */
export async function regionExists(id: number): Promise<boolean> {
  return (await regionShapes()).some((r) => r.id === id);
}

/** Is this a department of the city? (Cached with the names.) */
export async function departmentExists(id: number): Promise<boolean> {
  return (await unitNames()).departments.has(id);
}

/** Every region by id ({ id, nameFa, nameEn }), for other modules that label a stored region id (cached with the names). */
export async function regionsById() {
  const { regions } = await unitNames();
  return new Map([...regions].map(([id, n]) => [id, { id, nameFa: n.fa, nameEn: n.en }]));
}

/** Region and department names by id, for labelling units (cached per process: they change with a re-seed only). */
let names: Promise<{ regions: Map<number, { fa: string; en: string }>; departments: Map<number, { fa: string; en: string }> }> | undefined;
export function unitNames() {
  names ??= Promise.all([listRegions(), listDepartments()])
    .then(([regions, departments]) => ({
      regions: new Map(regions.map((r) => [r.id, { fa: r.nameFa, en: r.nameEn }])),
      departments: new Map(departments.map((d) => [d.id, { fa: d.nameFa, en: d.nameEn }])),
    }))
    .catch((error: unknown) => {
      names = undefined;
      throw error;
    });
  return names;
}

// ── Served GeoJSON (added for the map components and the /regions.geojson resource route) ────
// Read-only. The polygons are ODbL data: the collection carries a top-level `attribution`
// member (as the seed file does) so whoever receives the file also receives the notice.

export type RegionFeature = {
  type: "Feature";
  id: number;
  properties: { region: number; name_fa: string; name_en: string };
  geometry: { type: "Polygon"; coordinates: number[][][] };
};
export type RegionsGeoJson = { type: "FeatureCollection"; attribution: string; features: RegionFeature[] };

let regionsCollection: Promise<RegionsGeoJson> | undefined;

/** The regions as a GeoJSON FeatureCollection (region number, Persian and English names). Cached per process. */
export function regionsGeoJson(): Promise<RegionsGeoJson> {
  regionsCollection ??= prisma.region
    .findMany({ orderBy: { id: "asc" }, select: { id: true, nameFa: true, nameEn: true, boundary: true } })
    .then((rows) => ({
      type: "FeatureCollection" as const,
      attribution: REGION_ATTRIBUTION,
      features: rows.map((r) => ({
        type: "Feature" as const,
        id: r.id,
        properties: { region: r.id, name_fa: r.nameFa, name_en: r.nameEn },
        geometry: r.boundary as RegionFeature["geometry"],
      })),
    }))
    .then((collection) => {
      if (!collection.features.length) regionsCollection = undefined; // not seeded yet: ask again next time
      return collection;
    })
    .catch((error: unknown) => {
      regionsCollection = undefined;
      throw error;
    });
  return regionsCollection;
}
