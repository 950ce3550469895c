// The map engine shared by LocationPicker and ProjectsMap: MapLibre GL, loaded on the client only
// (a dynamic import from an effect; nothing here touches `window` at module level, so the server
// can import this file), with a self-contained style: a plain background and the city's regions
// from /regions.geojson. No tile server, no glyphs or sprites: nothing leaves the site.
import type { FeatureCollection } from "geojson";
import type { MapOptions, Map as MaplibreMap } from "maplibre-gl";
import cssUrl from "maplibre-gl/dist/maplibre-gl.css?url";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import maplibreUrl from "maplibre-gl/dist/maplibre-gl.mjs?url";
import { regionContaining, type RegionShape } from "~/modules/city/public";
import type { Locale, MessageKey, Params } from "~/platform/i18n";
import { latinDigits } from "~/platform/digits";

export type Maplibre = typeof import("maplibre-gl");
export type { MaplibreMap };
type StyleSpecification = Exclude<MapOptions["style"], string | undefined>;
type Translate = (key: MessageKey, params?: Params) => string;

/** [[west, south], [east, north]] around the 22 regions. */
export const TEHRAN_BOUNDS: [[number, number], [number, number]] = [
  [51.085, 35.565],
  [51.61, 35.832],
];
export const OSM_COPYRIGHT_URL = "https://www.openstreetmap.org/copyright";
export const BRAND = "#0f5132";

// ── Loading ─────────────────────────────────────────────────────────────────────────────────────

let engine: Promise<Maplibre> | undefined;

/** MapLibre's stylesheet as a <link> in <head>, resolved once it has loaded (MapLibre checks for it). */
function loadCss(): Promise<void> {
  const href = new URL(cssUrl, window.location.href).href;
  const existing = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].find((l) => l.href === href);
  if (existing?.sheet) return Promise.resolve();
  const link = existing ?? Object.assign(document.createElement("link"), { rel: "stylesheet", href });
  const loaded = new Promise<void>((resolve) => {
    link.addEventListener("load", () => resolve(), { once: true });
    link.addEventListener("error", () => resolve(), { once: true }); // the map still works, only its controls look plain
  });
  if (!existing) {
    link.dataset.maplibre = "";
    document.head.appendChild(link);
  }
  return loaded;
}

/**
 * The MapLibre module (client only), its worker URL set and its CSS loaded.
 * MapLibre's prebuilt ES module (self-contained, no imports) is loaded as an asset URL, like its
 * worker, rather than through Vite's dependency optimizer: no 1 MB re-bundle at build time, and
 * in development no late dependency discovery (which re-optimizes and reloads the page).
 */
export function loadMaplibre(): Promise<Maplibre> {
  engine ??= Promise.all([import(/* @vite-ignore */ new URL(maplibreUrl, window.location.href).href) as Promise<Maplibre>, loadCss()])
    .then(([module]) => {
      const ml = ((module as { default?: Maplibre }).default ?? module) as Maplibre;
      ml.setWorkerUrl(new URL(workerUrl, window.location.href).href);
      return ml;
    })
    .catch((error: unknown) => {
      engine = undefined;
      throw error;
    });
  return engine;
}

// ── Regions ─────────────────────────────────────────────────────────────────────────────────────

export type RegionsCollection = {
  type: "FeatureCollection";
  attribution?: string;
  features: {
    type: "Feature";
    id?: number;
    properties: { region: number; name_fa: string; name_en: string };
    geometry: { type: "Polygon"; coordinates: number[][][] };
  }[];
};
export type Regions = { collection: RegionsCollection; shapes: RegionShape[]; names: Map<number, { fa: string; en: string }> };

let regions: Promise<Regions | null> | undefined;

/** /regions.geojson, fetched once per page load (the browser caches it for a day). Null if unavailable. */
export function loadRegions(): Promise<Regions | null> {
  regions ??= fetch("/regions.geojson", { headers: { Accept: "application/geo+json" } })
    .then((res) => (res.ok ? (res.json() as Promise<RegionsCollection>) : Promise.reject(new Error(`regions: HTTP ${res.status}`))))
    .then((collection) => {
      const shapes: RegionShape[] = [];
      const names = new Map<number, { fa: string; en: string }>();
      for (const f of collection.features) {
        const ring = f.geometry.coordinates[0];
        const lngs = ring.map((p) => p[0]);
        const lats = ring.map((p) => p[1]);
        shapes.push({
          id: f.properties.region,
          ring,
          minLng: Math.min(...lngs),
          maxLng: Math.max(...lngs),
          minLat: Math.min(...lats),
          maxLat: Math.max(...lats),
        });
        names.set(f.properties.region, { fa: f.properties.name_fa, en: f.properties.name_en });
      }
      return { collection, shapes, names };
    })
    .catch(() => {
      regions = undefined; // try again on the next map
      return null;
    });
  return regions;
}

/** The name of the region containing the point, in the page's language; null outside the city. */
export function regionNameAt(data: Regions, lat: number, lng: number, locale: Locale): string | null {
  const id = regionContaining(data.shapes, lng, lat);
  if (id === null) return null;
  const name = data.names.get(id);
  return name ? name[locale] : null;
}

// ── Style and options ───────────────────────────────────────────────────────────────────────────

const EMPTY: RegionsCollection = { type: "FeatureCollection", features: [] };

/** Background + region fills and outlines. Self-contained: no sources or glyphs on the network. */
export function regionsStyle(data: Regions | null): StyleSpecification {
  return {
    version: 8,
    sources: { regions: { type: "geojson", data: (data?.collection ?? EMPTY) as unknown as FeatureCollection } },
    layers: [
      { id: "background", type: "background", paint: { "background-color": "#eef2ef" } },
      { id: "regions-fill", type: "fill", source: "regions", paint: { "fill-color": "#d1e7dd", "fill-opacity": 0.75 } },
      { id: "regions-outline", type: "line", source: "regions", paint: { "line-color": BRAND, "line-width": 1.25 } },
    ],
  };
}

/** MapLibre's own UI strings (aria-labels of its controls and canvas), translated. */
export function mapUiStrings(t: Translate, mapLabel: string, markerLabel?: string): Record<string, string> {
  return {
    "Map.Title": mapLabel,
    "Marker.Title": markerLabel ?? mapLabel,
    "NavigationControl.ZoomIn": t("map.zoomIn"),
    "NavigationControl.ZoomOut": t("map.zoomOut"),
    "NavigationControl.ResetBearing": t("map.resetBearing"),
    "CooperativeGesturesHandler.WindowsHelpText": t("map.gestures.desktop"),
    "CooperativeGesturesHandler.MacHelpText": t("map.gestures.mac"),
    "CooperativeGesturesHandler.MobileHelpText": t("map.gestures.mobile"),
  };
}

/** A north-up, flat map: rotation and pitch add nothing to a city map and confuse keyboard users. */
export function disableRotation(map: MaplibreMap) {
  map.dragRotate.disable();
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
}

// ── Coordinates ─────────────────────────────────────────────────────────────────────────────────

/** A decimal-degree text as typed (Latin, Persian or Arabic digits; `.`, `٫` or `,` as the point). */
export function normalizeCoordinate(text: string): string {
  return latinDigits(text.trim()).replace(/[٫,]/g, ".").replace(/[−–]/g, "-");
}

export function parseCoordinate(text: string, limit: number): number | null {
  const normalized = normalizeCoordinate(text);
  if (!/^-?\d+(\.\d+)?$/.test(normalized)) return null;
  const value = Number(normalized);
  return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/** Six decimals: about 10 cm, more than enough for a place in the city. */
export const formatCoordinate = (value: number) => String(Math.round(value * 1e6) / 1e6);

export const insideTehranBounds = (lat: number, lng: number) =>
  lng >= TEHRAN_BOUNDS[0][0] && lng <= TEHRAN_BOUNDS[1][0] && lat >= TEHRAN_BOUNDS[0][1] && lat <= TEHRAN_BOUNDS[1][1];
