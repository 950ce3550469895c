// GET /regions.geojson: the city's regions as GeoJSON (used by the maps in app/components/map).
// OSM data under ODbL 1.0: the collection carries a top-level `attribution` member.
// The polygons change only with a re-seed, so the body is built once per process and cached
// by browsers for a day (with an ETag for revalidation).
import { createHash } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { regionsGeoJson } from "~/modules/city";

let body: Promise<{ text: string; etag: string }> | undefined;

function serialized() {
  body ??= regionsGeoJson()
    .then((collection) => {
      if (!collection.features.length) body = undefined; // not seeded yet: build again next time
      const text = JSON.stringify(collection);
      return { text, etag: `"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"` };
    })
    .catch((error: unknown) => {
      body = undefined;
      throw error;
    });
  return body;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { text, etag } = await serialized();
  const headers = {
    "Content-Type": "application/geo+json; charset=utf-8",
    "Cache-Control": "public, max-age=86400",
    ETag: etag,
    "Access-Control-Allow-Origin": "*",
  };
  const ifNoneMatch = request.headers.get("If-None-Match");
  if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim() === etag)) return new Response(null, { status: 304, headers });
  return new Response(text, { headers });
}
