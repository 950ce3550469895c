// GET /basemap.pmtiles: the city's .pmtiles extract (MAP_PMTILES_PATH) with HTTP range requests,
// read by the maps' pmtiles protocol (app/components/map/engine.ts). 404 when none is configured.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { config } from "~/platform/config.server";
import { serveFileRange } from "~/platform/file-range.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const file = config().mapPmtilesPath;
  if (!file) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return serveFileRange(request, file, { contentType: "application/vnd.pmtiles" });
}
