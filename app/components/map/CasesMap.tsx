// The /map page's map: the public cases as vector tiles (/tiles/cases/{z}/{x}/{y}.mvt?<filter>,
// clustered on the server) over the city's regions. Clusters are circles with their count (a
// button: zoom in); a single case is a circle that links to its card (click or Enter). The page's
// list twin (server-rendered, works without JavaScript) does everything this does by keyboard.
// It draws on the configured basemap (engine.ts: Mapbox, a MapLibre style, a local .pmtiles, or the
// outline style), like every other map of the site.
import { useNavigate } from "@remix-run/react";
import type { Marker } from "maplibre-gl";
import { useEffect, useRef, useState } from "react";
import { useI18n } from "~/components/i18n";
import { useBasemap } from "./basemap";
import { BRAND, createMap, disableRotation, loadEngine, loadRegions, mapUiStrings, TEHRAN_BOUNDS, type MaplibreMap } from "./engine";
import { MapAttribution } from "./MapAttribution";

type MapState = "loading" | "ready" | "failed";

const CIRCLE =
  "grid cursor-pointer place-items-center rounded-full border-2 border-white font-sans text-xs font-bold text-white shadow-md focus:outline-none focus-visible:ring-4 focus-visible:ring-amber-500";

export function CasesMap({ query, label }: { query: string; label: string }) {
  const { t, dir, number, locale } = useI18n();
  const basemapKey = JSON.stringify(useBasemap());
  const navigate = useNavigate();
  const box = useRef<HTMLDivElement>(null);
  const [enhanced, setEnhanced] = useState(false);
  const [state, setState] = useState<MapState>("loading");
  const navigateRef = useRef(navigate);
  useEffect(() => {
    navigateRef.current = navigate;
  }, [navigate]);
  useEffect(() => setEnhanced(true), []);

  useEffect(() => {
    if (!enhanced || !box.current) return;
    const container = box.current;
    let cancelled = false;
    let map: MaplibreMap | undefined;
    let markers: Marker[] = [];
    setState("loading");
    const basemap = JSON.parse(basemapKey) as ReturnType<typeof useBasemap>;
    Promise.all([loadEngine(basemap), loadRegions()])
      .then(([engine, regions]) => {
        if (cancelled) return;
        const ml = engine.lib;
        const m = createMap(
          engine,
          basemap,
          regions,
          {
            container,
            bounds: TEHRAN_BOUNDS,
            fitBoundsOptions: { padding: 8 },
            minZoom: 8,
            maxZoom: 19,
            cooperativeGestures: true,
            locale: mapUiStrings(t, label),
          },
          locale,
        );
        map = m;
        disableRotation(m);
        m.addControl(new ml.NavigationControl({ showCompass: false }), dir === "rtl" ? "top-left" : "top-right");
        m.on("load", () => {
          m.addSource("cases", {
            type: "vector",
            tiles: [`${window.location.origin}/tiles/cases/{z}/{x}/{y}.mvt${query ? `?${query}` : ""}`],
            minzoom: 0,
            maxzoom: 19,
          });
          // Drawn by the HTML markers below (they carry the counts and are focusable); the layer makes the source load.
          m.addLayer({
            id: "cases",
            type: "circle",
            source: "cases",
            "source-layer": "cases",
            paint: { "circle-opacity": 0, "circle-radius": 1 },
          });
          if (!cancelled) setState("ready");
        });
        // The markers follow what the tiles hold for the current view.
        const draw = () => {
          if (!m.isSourceLoaded("cases")) return;
          for (const marker of markers) marker.remove();
          markers = [];
          const seen = new Set<string>();
          for (const f of m.querySourceFeatures("cases", { sourceLayer: "cases" })) {
            if (f.geometry.type !== "Point") continue;
            const [lng, lat] = f.geometry.coordinates as [number, number];
            const count = Number(f.properties.count ?? 1);
            const reference = typeof f.properties.reference === "string" ? f.properties.reference : null;
            const key = reference ?? `${count}@${lng.toFixed(5)},${lat.toFixed(5)}`;
            if (seen.has(key)) continue; // tiles repeat their neighbours' edge features
            seen.add(key);
            let el: HTMLElement;
            if (reference && count === 1) {
              const a = document.createElement("a");
              a.href = `/map/cases/${reference}`;
              a.setAttribute("aria-label", t("cases.map.openCase", { reference }));
              a.className = `${CIRCLE} size-5`;
              a.style.background = BRAND;
              a.addEventListener("click", (event) => {
                if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                event.preventDefault();
                navigateRef.current(`/map/cases/${reference}`);
              });
              el = a;
            } else {
              const b = document.createElement("button");
              b.type = "button";
              b.textContent = number(count);
              b.setAttribute("aria-label", t("cases.map.cluster", { count }));
              const size = Math.min(56, 24 + Math.round(Math.log2(count) * 4));
              b.className = CIRCLE;
              b.style.width = b.style.height = `${size}px`;
              b.style.background = "#9a3412";
              b.addEventListener("click", () => m.easeTo({ center: [lng, lat], zoom: Math.min(m.getZoom() + 2, 19) }));
              el = b;
            }
            markers.push(new ml.Marker({ element: el }).setLngLat([lng, lat]).addTo(m));
          }
        };
        m.on("idle", draw);
      })
      .catch((error: unknown) => {
        console.warn("map unavailable:", error);
        if (!cancelled) setState("failed");
      });
    return () => {
      cancelled = true;
      for (const marker of markers) marker.remove();
      map?.remove();
    };
  }, [enhanced, query, label, t, dir, number, locale, basemapKey]);

  if (!enhanced) return null;
  return (
    <div className="grid gap-1" data-cases-map="">
      <div className="relative h-96 w-full overflow-hidden rounded-md border border-gray-500 bg-gray-100">
        <div ref={box} className="h-full w-full" data-map-state={state} />
        {state === "loading" ? (
          <p className="pointer-events-none absolute inset-0 grid place-items-center text-gray-700">{t("map.loading")}</p>
        ) : null}
        {state === "failed" ? (
          <p className="absolute inset-0 grid place-items-center p-4 text-center text-gray-900">{t("cases.map.unavailable")}</p>
        ) : null}
      </div>
      {state === "failed" ? null : <MapAttribution />}
    </div>
  );
}
