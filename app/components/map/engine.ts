// The map engine shared by every map (LocationPicker, ProjectsMap): loaded on the client only (a
// dynamic import from an effect; nothing here touches `window` at module level, so the server can
// import this file). The basemap is the server's choice (./basemap.ts, from the configuration):
//   - Mapbox (MAPBOX_TOKEN): mapbox-gl (its CSP build and worker) with Mapbox Streets;
//   - a MapLibre style URL (MAP_STYLE_URL): maplibre-gl with that style;
//   - a local extract (MAP_PMTILES_PATH): maplibre-gl, the `pmtiles` protocol and a built-in style
//     (earth, water, parks, roads, buildings; no text labels: no glyphs offline);
//   - none: the self-contained outline style (a plain background and the regions; nothing leaves the site).
// The city's 22 regions (/regions.geojson) are drawn over every basemap. If a remote style cannot
// be loaded (no network, a bad token), the map falls back to the outline style.
import type { FeatureCollection } from "geojson";
import type { MapOptions, Map as MaplibreMap } from "maplibre-gl";
import mapboxCssUrl from "mapbox-gl/dist/mapbox-gl.css?url";
import mapboxWorkerUrl from "mapbox-gl/dist/mapbox-gl-csp-worker.js?url";
import mapboxUrl from "mapbox-gl/dist/mapbox-gl-csp.js?url";
import cssUrl from "maplibre-gl/dist/maplibre-gl.css?url";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import maplibreUrl from "maplibre-gl/dist/maplibre-gl.mjs?url";
import type { Basemap } from "./basemap";
import { regionContaining, type RegionShape } from "~/modules/city/public";
import { formatNumber, type Locale, type MessageKey, type Params } from "~/platform/i18n";
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

/** An engine's stylesheet as a <link> in <head>, resolved once it has loaded (the engines check for it). */
function loadCss(url: string = cssUrl, engineName = "maplibre"): Promise<void> {
  const href = new URL(url, window.location.href).href;
  const existing = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].find((l) => l.href === href);
  if (existing?.sheet) return Promise.resolve();
  const link = existing ?? Object.assign(document.createElement("link"), { rel: "stylesheet", href });
  const loaded = new Promise<void>((resolve) => {
    link.addEventListener("load", () => resolve(), { once: true });
    link.addEventListener("error", () => resolve(), { once: true }); // the map still works, only its controls look plain
  });
  if (!existing) {
    link.dataset[engineName] = "";
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

let mapbox: Promise<Maplibre> | undefined;

/**
 * mapbox-gl (client only): its CSP build (a UMD bundle that sets `globalThis.mapboxgl` when run as a
 * module) and its CSP worker, as asset URLs like MapLibre's. Typed as MapLibre: the two share the
 * API the maps use (Map, Marker, NavigationControl, LngLatBounds, events).
 */
export function loadMapbox(): Promise<Maplibre> {
  mapbox ??= Promise.all([import(/* @vite-ignore */ new URL(mapboxUrl, window.location.href).href), loadCss(mapboxCssUrl, "mapbox")])
    .then(([module]) => {
      const found = (module as { default?: unknown }).default ?? (globalThis as { mapboxgl?: unknown }).mapboxgl;
      const mb = ((found as { Map?: unknown })?.Map ? found : (globalThis as { mapboxgl?: unknown }).mapboxgl) as
        (Maplibre & { workerUrl: string }) | undefined;
      if (!mb?.Map) throw new Error("mapbox-gl did not load");
      mb.workerUrl = new URL(mapboxWorkerUrl, window.location.href).href;
      return mb;
    })
    .catch((error: unknown) => {
      mapbox = undefined;
      throw error;
    });
  return mapbox;
}

let pmtilesProtocol: Promise<void> | undefined;

/** The `pmtiles://` protocol (the `pmtiles` package), registered once with MapLibre. */
function registerPmtiles(ml: Maplibre): Promise<void> {
  pmtilesProtocol ??= import("pmtiles")
    .then(({ Protocol }) => {
      const protocol = new Protocol();
      ml.addProtocol("pmtiles", protocol.tile);
    })
    .catch((error: unknown) => {
      pmtilesProtocol = undefined;
      throw error;
    });
  return pmtilesProtocol;
}

export type MapEngine = { kind: "mapbox" | "maplibre"; lib: Maplibre };

/** The engine for the basemap: mapbox-gl for Mapbox, MapLibre (with pmtiles for a local extract) otherwise. */
export async function loadEngine(basemap: Basemap): Promise<MapEngine> {
  if (basemap.kind === "mapbox") return { kind: "mapbox", lib: await loadMapbox() };
  const lib = await loadMaplibre();
  if (basemap.kind === "pmtiles") await registerPmtiles(lib);
  return { kind: "maplibre", lib };
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

const REGIONS_OVERLAY = "regions-overlay";

/** The regions over a basemap: a faint fill and the outlines (added again whenever the style loads). */
export function addRegionsOverlay(map: MaplibreMap, data: Regions | null) {
  if (!data || map.getSource(REGIONS_OVERLAY)) return;
  map.addSource(REGIONS_OVERLAY, { type: "geojson", data: data.collection as unknown as FeatureCollection });
  map.addLayer({ id: "regions-overlay-fill", type: "fill", source: REGIONS_OVERLAY, paint: { "fill-color": BRAND, "fill-opacity": 0.04 } });
  map.addLayer({
    id: "regions-overlay-outline",
    type: "line",
    source: REGIONS_OVERLAY,
    paint: { "line-color": BRAND, "line-width": ["interpolate", ["linear"], ["zoom"], 10, 1.25, 15, 2.5], "line-opacity": 0.85 },
  });
}

/** The area-weighted centre of a ring (inside the convex regions; near them otherwise). */
function centroid(ring: number[][]): [number, number] {
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    area += cross;
    x += (ring[j][0] + ring[i][0]) * cross;
    y += (ring[j][1] + ring[i][1]) * cross;
  }
  if (area === 0) return [ring[0][0], ring[0][1]];
  return [x / (3 * area), y / (3 * area)];
}

/**
 * The regions' numbers over the outline style, without a glyph server: HTML labels (hidden from
 * assistive technology — the regions are named in words by the picker's status line and the
 * lists) that follow the map as it moves. Removed with the map.
 */
export function addRegionLabels(map: MaplibreMap, data: Regions | null, locale: Locale) {
  const container = map.getContainer();
  if (!data || container.querySelector("[data-region-labels]")) return;
  const layer = document.createElement("div");
  layer.setAttribute("aria-hidden", "true");
  layer.dataset.regionLabels = "";
  layer.style.cssText = "position:absolute;inset:0;overflow:hidden;pointer-events:none;z-index:1";
  const labels = data.collection.features.map((f) => {
    const el = document.createElement("span");
    el.textContent = formatNumber(locale, f.properties.region);
    el.style.cssText = `position:absolute;transform:translate(-50%,-50%);font:700 12px/1 system-ui,sans-serif;color:${BRAND};text-shadow:0 0 2px #fff,0 0 2px #fff`;
    layer.appendChild(el);
    return { el, at: centroid(f.geometry.coordinates[0]) };
  });
  container.appendChild(layer);
  const place = () => {
    for (const { el, at } of labels) {
      const p = map.project(at);
      el.style.left = `${p.x}px`;
      el.style.top = `${p.y}px`;
    }
  };
  place();
  map.on("move", place);
  map.on("resize", place);
  map.once("remove", () => layer.remove());
}

const PROTOMAPS_ATTRIBUTION =
  '<a href="https://protomaps.com">Protomaps</a> © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';
const PARKS = ["park", "forest", "wood", "nature_reserve", "garden", "grass", "golf_course", "recreation_ground", "cemetery", "meadow"];
const width = (z10: number, z18: number) => ["interpolate", ["exponential", 1.6], ["zoom"], 10, z10, 18, z18] as unknown as number;

/**
 * A built-in style for a Protomaps basemap extract (its layers: earth, water, landuse, roads,
 * buildings): land, water, parks, roads by class and buildings — no text, since labels need glyph
 * files that an offline site does not have. `url` is the extract's absolute URL.
 */
export function pmtilesStyle(url: string): StyleSpecification {
  const kind = (list: string[]) => ["in", ["get", "kind"], ["literal", list]] as unknown as boolean;
  return {
    version: 8,
    sources: { basemap: { type: "vector", url: `pmtiles://${url}`, attribution: PROTOMAPS_ATTRIBUTION } },
    layers: [
      { id: "background", type: "background", paint: { "background-color": "#dfe6e1" } },
      { id: "earth", type: "fill", source: "basemap", "source-layer": "earth", paint: { "fill-color": "#f3f2ee" } },
      { id: "parks", type: "fill", source: "basemap", "source-layer": "landuse", filter: kind(PARKS), paint: { "fill-color": "#cfe8c8" } },
      { id: "water", type: "fill", source: "basemap", "source-layer": "water", paint: { "fill-color": "#a8d0e6" } },
      {
        id: "buildings",
        type: "fill",
        source: "basemap",
        "source-layer": "buildings",
        minzoom: 14,
        paint: { "fill-color": "#e0dbd3", "fill-outline-color": "#cdc6bb" },
      },
      {
        id: "roads-minor",
        type: "line",
        source: "basemap",
        "source-layer": "roads",
        filter: kind(["minor_road", "other", "path"]),
        minzoom: 12,
        paint: { "line-color": "#ffffff", "line-width": width(0.5, 10) },
      },
      {
        id: "roads-major",
        type: "line",
        source: "basemap",
        "source-layer": "roads",
        filter: kind(["major_road"]),
        paint: { "line-color": "#fde9a8", "line-width": width(1, 16) },
      },
      {
        id: "roads-highway",
        type: "line",
        source: "basemap",
        "source-layer": "roads",
        filter: kind(["highway"]),
        paint: { "line-color": "#f6bf7a", "line-width": width(1.5, 20) },
      },
    ],
  };
}

/**
 * A map on `container` for the basemap: the engine's Map with the basemap's style, attribution and
 * token, the regions drawn over it, and a fallback to the outline style if the remote style fails.
 * `data-map-engine` on the container says which engine drew it (mapbox or maplibre).
 */
export function createMap(
  engine: MapEngine,
  basemap: Basemap,
  regions: Regions | null,
  options: Omit<MapOptions, "style" | "attributionControl">,
  locale: Locale,
): MaplibreMap {
  const container = options.container as HTMLElement;
  container.dataset.mapEngine = engine.kind;
  container.dataset.basemap = basemap.kind;
  const style =
    basemap.kind === "outline"
      ? regionsStyle(regions)
      : basemap.kind === "mapbox"
        ? basemap.style
        : basemap.kind === "style"
          ? basemap.styleUrl
          : pmtilesStyle(new URL(basemap.url, window.location.href).href);
  const extra = basemap.kind === "mapbox" ? { accessToken: basemap.token, language: locale } : {};
  const map = new engine.lib.Map({
    ...options,
    ...extra,
    style,
    // The outline's ODbL notice is our own caption under the map; a basemap's credits are the engine's control.
    attributionControl: basemap.kind === "outline" ? false : { compact: true },
  } as MapOptions);
  if (basemap.kind === "outline") map.once("load", () => addRegionLabels(map, regions, locale));
  else {
    let styleLoaded = false;
    let fellBack = false;
    map.on("style.load", () => {
      styleLoaded = true;
      if (!fellBack) addRegionsOverlay(map, regions);
    });
    map.on("error", (event: { error?: unknown }) => {
      if (styleLoaded || fellBack) return;
      fellBack = true;
      console.warn("basemap unavailable, showing the regions only:", event.error);
      container.dataset.basemap = "outline";
      map.setStyle(regionsStyle(regions));
      map.once("style.load", () => addRegionLabels(map, regions, locale));
    });
  }
  return map;
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
    "AttributionControl.ToggleAttribution": t("map.attribution.toggle"),
    "AttributionControl.MapFeedback": t("map.attribution.feedback"),
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
