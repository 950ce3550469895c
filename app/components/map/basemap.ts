// Which basemap the site's maps draw under the region outlines — chosen by the server from its
// configuration (app/platform/basemap.server.ts) and handed to the browser by the root loader.
// Client-safe: nothing here but the public choice (a public Mapbox token at most).
import { useRouteLoaderData } from "@remix-run/react";

export type Basemap =
  /** MAPBOX_TOKEN: mapbox-gl with Mapbox Streets; address search with Mapbox's geocoder. */
  | { kind: "mapbox"; token: string; style: string }
  /** MAP_STYLE_URL: maplibre-gl with that style. */
  | { kind: "style"; styleUrl: string }
  /** MAP_PMTILES_PATH: maplibre-gl with the city extract the app serves (`url`) and a built-in style. */
  | { kind: "pmtiles"; url: string }
  /** Nothing configured: the self-contained outline style (no tiles, works offline). */
  | { kind: "outline" };

export const MAPBOX_STREETS = "mapbox://styles/mapbox/streets-v12";
export const PMTILES_ROUTE = "/basemap.pmtiles";
const OUTLINE: Basemap = { kind: "outline" };

/** The basemap the root loader chose for this site (the outline style if the root has no data). */
export function useBasemap(): Basemap {
  const data = useRouteLoaderData("root") as { basemap?: Basemap } | undefined;
  return data?.basemap ?? OUTLINE;
}

/** mapbox-gl for Mapbox, maplibre-gl for everything else. */
export const engineOf = (basemap: Basemap): "mapbox" | "maplibre" => (basemap.kind === "mapbox" ? "mapbox" : "maplibre");
