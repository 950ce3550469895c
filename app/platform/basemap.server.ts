// The basemap under every map, from the configuration, in this order:
//   MAPBOX_TOKEN → mapbox-gl with Mapbox Streets (and Mapbox's geocoder for address search);
//   MAP_STYLE_URL → maplibre-gl with that style;
//   MAP_PMTILES_PATH → maplibre-gl with the local extract, served by the app (/basemap.pmtiles);
//   none → the self-contained outline style.
// `basemapFor` is what the browser gets (the root loader): the public Mapbox token at most, never a
// file path. `basemapOrigins` is what the page's CSP must allow for it.
import { config, type Config } from "./config.server";

/** Kept in step with app/components/map/basemap.ts (the client's type), which the platform does not import. */
export type BasemapChoice =
  | { kind: "mapbox"; token: string; style: string }
  | { kind: "style"; styleUrl: string }
  | { kind: "pmtiles"; url: string }
  | { kind: "outline" };

export function basemapFor(cfg: Config = config()): BasemapChoice {
  if (cfg.mapboxToken) return { kind: "mapbox", token: cfg.mapboxToken, style: "mapbox://styles/mapbox/streets-v12" };
  if (cfg.mapStyleUrl) return { kind: "style", styleUrl: cfg.mapStyleUrl };
  if (cfg.mapPmtilesPath) return { kind: "pmtiles", url: "/basemap.pmtiles" };
  return { kind: "outline" };
}

/** Mapbox's hosts (its CSP guide): styles, tiles, sprites, glyphs and the geocoder (api, tiles), and mapbox-gl's usage events. */
export const MAPBOX_ORIGINS = ["https://api.mapbox.com", "https://*.tiles.mapbox.com", "https://events.mapbox.com"];

/** Origins the page must reach (connect-src) and draw from (img-src) for the configured basemap. */
export function basemapOrigins(cfg: Config = config()): string[] {
  const basemap = basemapFor(cfg);
  if (basemap.kind === "mapbox") return MAPBOX_ORIGINS;
  if (basemap.kind === "style") return [...new Set([new URL(basemap.styleUrl).origin, ...cfg.mapOrigins])];
  return [];
}
