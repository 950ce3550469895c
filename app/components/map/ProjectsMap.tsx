// A read-only map of places (e.g. a cycle's proposals) over the city's regions, and its twin: a
// list of the same items with their links, which renders on the server, works without JavaScript
// and does everything the map does by keyboard. With JavaScript each list item also gets a
// "Show on map" button that centres the map on it and highlights its marker.
// Markers are HTML elements: a link (named by the item's title) when the item has an href,
// otherwise an image with the title as its name. Hovering or focusing a marker shows its title.
import { Link, useNavigate } from "@remix-run/react";
import type { Marker } from "maplibre-gl";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useI18n } from "~/components/i18n";
import { useBasemap } from "./basemap";
import {
  createMap,
  disableRotation,
  loadEngine,
  loadRegions,
  mapUiStrings,
  TEHRAN_BOUNDS,
  type Maplibre,
  type MaplibreMap,
} from "./engine";
import { MapAttribution } from "./MapAttribution";
import { MapSearch } from "./MapSearch";

export type MapPoint = {
  id: string;
  title: string;
  /** Items without coordinates are listed but get no marker. */
  lat?: number | null;
  lng?: number | null;
  /** Where the item's page is (a site path or a full URL). */
  href?: string;
  /** Optional words about where or what it is (e.g. the region's name), shown in the list. */
  place?: string;
};

export type ProjectsMapProps = {
  /** The section's heading, also the map's accessible name ("Map: {label}"). */
  label: string;
  points: MapPoint[];
  /** Heading level of `label` (default 2). */
  headingLevel?: 2 | 3 | 4;
};

type Located = MapPoint & { lat: number; lng: number };
type MapState = "loading" | "ready" | "failed";

const located = (p: MapPoint): p is Located =>
  typeof p.lat === "number" && typeof p.lng === "number" && Number.isFinite(p.lat) && Number.isFinite(p.lng);
const isSitePath = (href: string) => href.startsWith("/") && !href.startsWith("//");

const MARKER_CLASS =
  "group block size-5 cursor-pointer rounded-full border-2 border-white bg-brand shadow-md data-[selected]:z-10 data-[selected]:size-6 data-[selected]:ring-4 data-[selected]:ring-amber-500";
const TIP_CLASS =
  "pointer-events-none invisible absolute bottom-full font-sans left-1/2 mb-1 -translate-x-1/2 whitespace-nowrap rounded bg-gray-900 px-2 py-0.5 text-xs text-white group-hover:visible group-focus:visible group-data-[selected]:visible";

function markerElement(point: Located): HTMLElement {
  const el = document.createElement(point.href ? "a" : "span");
  if (point.href) el.setAttribute("href", point.href);
  else el.setAttribute("role", "img");
  el.setAttribute("aria-label", point.title);
  el.className = MARKER_CLASS;
  el.dataset.pointId = point.id;
  const tip = document.createElement("span");
  tip.setAttribute("aria-hidden", "true");
  tip.dir = "auto";
  tip.className = TIP_CLASS;
  tip.textContent = point.title;
  el.appendChild(tip);
  return el;
}

export function ProjectsMap({ label, points, headingLevel = 2 }: ProjectsMapProps) {
  const { t, dir, locale } = useI18n();
  const basemap = useBasemap();
  const basemapKey = JSON.stringify(basemap);
  const navigate = useNavigate();
  const headingId = `pm-${useId()}`;
  const Heading = `h${headingLevel}` as "h2" | "h3" | "h4";

  const mapBox = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MaplibreMap | null>(null);
  const mlRef = useRef<Maplibre | null>(null);
  const markerEls = useRef(new Map<string, HTMLElement>());
  const selected = useRef<string | null>(null);
  const navigateRef = useRef(navigate);
  useEffect(() => {
    navigateRef.current = navigate;
  }, [navigate]);

  const [enhanced, setEnhanced] = useState(false);
  const [state, setState] = useState<MapState>("loading");
  useEffect(() => setEnhanced(true), []);

  // The markers follow the points' content, not the array's identity (a parent may rebuild it on every render).
  const markersKey = useMemo(
    () => JSON.stringify(points.filter(located).map((p) => ({ id: p.id, title: p.title, lat: p.lat, lng: p.lng, href: p.href }))),
    [points],
  );

  useEffect(() => {
    if (!enhanced) return;
    const container = mapBox.current;
    if (!container) return;
    let cancelled = false;
    let map: MaplibreMap | undefined;
    setState("loading");
    const chosenBasemap = JSON.parse(basemapKey) as typeof basemap;
    Promise.all([loadEngine(chosenBasemap), loadRegions()])
      .then(([engine, regions]) => {
        if (cancelled) return;
        const ml = engine.lib;
        const m = createMap(
          engine,
          chosenBasemap,
          regions,
          {
            container,
            bounds: TEHRAN_BOUNDS,
            fitBoundsOptions: { padding: 8 },
            minZoom: 8,
            maxZoom: 19,
            cooperativeGestures: true,
            locale: mapUiStrings(t, t("map.projects.mapLabel", { label })),
          },
          locale,
        );
        map = m;
        mapRef.current = m;
        disableRotation(m);
        m.addControl(new ml.NavigationControl({ showCompass: false }), dir === "rtl" ? "top-left" : "top-right");
        mlRef.current = ml;
        m.once("load", () => {
          if (!cancelled) setState("ready");
        });
      })
      .catch((error: unknown) => {
        console.warn("map unavailable:", error);
        if (!cancelled) setState("failed");
      });
    return () => {
      cancelled = true;
      map?.remove();
      mapRef.current = null;
    };
  }, [enhanced, t, dir, label, locale, basemapKey]);

  // Markers (once the map is ready, and again whenever the points change).
  useEffect(() => {
    const map = mapRef.current;
    const ml = mlRef.current;
    if (state !== "ready" || !map || !ml) return;
    const list = JSON.parse(markersKey) as Located[];
    const markers: Marker[] = [];
    const elements = markerEls.current;
    elements.clear();
    for (const point of list) {
      const el = markerElement(point);
      if (point.id === selected.current) el.dataset.selected = "";
      if (point.href && isSitePath(point.href)) {
        const href = point.href;
        el.addEventListener("click", (event) => {
          if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          navigateRef.current(href);
        });
      }
      elements.set(point.id, el);
      markers.push(new ml.Marker({ element: el }).setLngLat([point.lng, point.lat]).addTo(map));
    }
    if (list.length) {
      const bounds = new ml.LngLatBounds();
      for (const p of list) bounds.extend([p.lng, p.lat]);
      map.fitBounds(bounds, { padding: 48, maxZoom: 15, duration: 0 });
    }
    return () => {
      for (const marker of markers) marker.remove();
      elements.clear();
    };
  }, [state, markersKey]);

  const showOnMap = (point: Located) => {
    const map = mapRef.current;
    if (!map) return;
    const previous = selected.current ? markerEls.current.get(selected.current) : undefined;
    if (previous) delete previous.dataset.selected;
    selected.current = point.id;
    const el = markerEls.current.get(point.id);
    if (el) el.dataset.selected = "";
    map.flyTo({ center: [point.lng, point.lat], zoom: Math.max(map.getZoom(), 14) });
    mapBox.current?.scrollIntoView({ block: "nearest" });
  };

  return (
    <section aria-labelledby={headingId} className="grid gap-3" data-projects-map="">
      <Heading id={headingId} className={headingLevel === 2 ? "text-2xl font-bold" : "text-xl font-bold"}>
        {label}
      </Heading>
      {enhanced ? (
        <div className="grid gap-1">
          {state === "ready" ? (
            <MapSearch
              basemap={basemap}
              onPick={(place) => mapRef.current?.flyTo({ center: [place.lng, place.lat], zoom: Math.max(mapRef.current.getZoom(), 15) })}
            />
          ) : null}
          <div className="relative h-80 w-full overflow-hidden rounded-md border border-gray-500 bg-gray-100">
            <div ref={mapBox} className="h-full w-full" data-map-state={state} />
            {state === "loading" ? (
              <p className="pointer-events-none absolute inset-0 grid place-items-center text-gray-700">{t("map.loading")}</p>
            ) : null}
            {state === "failed" ? (
              <p className="absolute inset-0 grid place-items-center p-4 text-center text-gray-900">{t("map.projects.unavailable")}</p>
            ) : null}
          </div>
          {state === "failed" ? null : <MapAttribution basemap={basemap} />}
        </div>
      ) : null}
      {points.length ? (
        <ul className="grid gap-2" data-projects-list="">
          {points.map((point) => (
            <li key={point.id} className="flex flex-wrap items-center gap-x-3 gap-y-1">
              {point.href ? (
                <Link className="link" to={point.href}>
                  {point.title}
                </Link>
              ) : (
                <span>{point.title}</span>
              )}
              {point.place ? <span className="text-sm text-gray-700">{point.place}</span> : null}
              {state === "ready" && located(point) ? (
                <button type="button" className="btn-secondary py-0.5 text-sm" onClick={() => showOnMap(point)}>
                  {t("map.projects.showOnMap")}
                  <span className="sr-only">: {point.title}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-gray-700">{t("map.projects.empty")}</p>
      )}
    </section>
  );
}
