// Address and place search above a map, where the basemap has a geocoder: Mapbox's (the geocoding
// API with the site's public token), limited to Tehran's bounds and in the page's language. Other
// basemaps have none: the search is not shown. Not a <form> (maps sit inside forms): Enter in the
// box or the button searches; each result is a button that hands its point to the map.
import { useId, useRef, useState } from "react";
import { useI18n } from "~/components/i18n";
import type { Basemap } from "./basemap";
import { TEHRAN_BOUNDS } from "./engine";

export type Place = { label: string; lat: number; lng: number };

type Feature = {
  geometry?: { coordinates?: [number, number] };
  properties?: { full_address?: string; name?: string; place_formatted?: string };
};

/** The Mapbox Geocoding API v6 request for `query`: five places at most, in Tehran's bounds, in the page's language. */
export function geocoderUrl(token: string, query: string, language: string): URL {
  const url = new URL("https://api.mapbox.com/search/geocode/v6/forward");
  url.searchParams.set("q", query);
  url.searchParams.set("access_token", token);
  url.searchParams.set("language", language);
  url.searchParams.set("limit", "5");
  url.searchParams.set("country", "ir");
  url.searchParams.set("bbox", TEHRAN_BOUNDS.flat().join(","));
  return url;
}

/** The places in a geocoder answer (a GeoJSON FeatureCollection); features without a point or a name are left out. */
export function placesOf(body: unknown): Place[] {
  const features = (body as { features?: Feature[] } | null)?.features;
  if (!Array.isArray(features)) return [];
  return features.flatMap((f) => {
    const [lng, lat] = f?.geometry?.coordinates ?? [];
    const label = f?.properties?.full_address ?? [f?.properties?.name, f?.properties?.place_formatted].filter(Boolean).join("، ");
    return typeof lat === "number" && typeof lng === "number" && Number.isFinite(lat) && Number.isFinite(lng) && label
      ? [{ label, lat, lng }]
      : [];
  });
}

async function mapboxSearch(token: string, query: string, language: string, signal: AbortSignal): Promise<Place[]> {
  const res = await fetch(geocoderUrl(token, query, language), { signal });
  if (!res.ok) throw new Error(`geocoder: HTTP ${res.status}`);
  return placesOf(await res.json());
}

/** The search box and its results; nothing when the basemap has no geocoder. */
export function MapSearch({ basemap, onPick }: { basemap: Basemap; onPick: (place: Place) => void }) {
  const { t, locale, number } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const pending = useRef<AbortController | null>(null);
  const [results, setResults] = useState<Place[]>([]);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  if (basemap.kind !== "mapbox") return null;
  const token = basemap.token;

  const search = async () => {
    const query = input.current?.value.trim() ?? "";
    if (!query) return;
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    setBusy(true);
    try {
      const found = await mapboxSearch(token, query, locale, controller.signal);
      setResults(found);
      setStatus(found.length ? t("map.search.found", { count: number(found.length) }) : t("map.search.none"));
    } catch (error) {
      if (controller.signal.aborted) return;
      console.warn("search unavailable:", error);
      setResults([]);
      setStatus(t("map.search.failed"));
    } finally {
      if (pending.current === controller) setBusy(false);
    }
  };

  return (
    <div className="grid gap-2" data-map-search="">
      <label htmlFor={`${id}-q`} className="font-bold">
        {t("map.search.label")}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          ref={input}
          id={`${id}-q`}
          type="search"
          className="input max-w-md flex-1"
          autoComplete="off"
          enterKeyHint="search"
          onKeyDown={(event) => {
            if (event.key !== "Enter") return;
            event.preventDefault(); // not the surrounding form's submit
            void search();
          }}
        />
        <button type="button" className="btn-secondary" onClick={() => void search()} disabled={busy}>
          {t("map.search.submit")}
        </button>
      </div>
      <p aria-live="polite" aria-atomic="true" className="min-h-5 text-sm">
        {status}
      </p>
      {results.length ? (
        <ul aria-label={t("map.search.results")} className="grid gap-1">
          {results.map((place) => (
            <li key={`${place.lat},${place.lng},${place.label}`}>
              <button
                type="button"
                className="link text-start"
                onClick={() => {
                  setResults([]);
                  setStatus("");
                  onPick(place);
                }}
              >
                {place.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
