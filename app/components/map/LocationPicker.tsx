// A location field for forms, built by progressive enhancement:
//  - server render / no JavaScript: a fieldset with two labelled text inputs (latitude,
//    longitude) that post as `latName` / `lngName`;
//  - with JavaScript: a map of the city's regions above them. Clicking the map (or, with the
//    keyboard, panning with the arrow keys and pressing Enter or Space on the focused map) places a
//    draggable marker and fills the inputs; typing in the inputs moves the marker; "Use my location"
//    asks the browser. The inputs stay the source of truth: the form posts them, the map follows.
import type { Marker } from "maplibre-gl";
import { useCallback, useEffect, useRef, useState } from "react";
import { describedBy, HintAndErrors } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { useBasemap } from "./basemap";
import {
  BRAND,
  createMap,
  disableRotation,
  formatCoordinate,
  loadEngine,
  loadRegions,
  mapUiStrings,
  normalizeCoordinate,
  parseCoordinate,
  regionNameAt,
  TEHRAN_BOUNDS,
  type MaplibreMap,
  type Regions,
} from "./engine";
import { MapAttribution } from "./MapAttribution";
import { MapSearch } from "./MapSearch";

export type LocationPickerProps = {
  /** Form field names the coordinates post as (e.g. "latitude", "longitude"). Input ids are `f-${name}`. */
  latName: string;
  lngName: string;
  defaultLat?: number;
  defaultLng?: number;
  /** The fieldset's legend, e.g. t("budgeting.proposal.location"). */
  legend: string;
  /** Encoded messages (as in ActionResult.fieldErrors) about the location as a whole. */
  errors?: string[];
  /** Encoded messages about one coordinate (shown under that input). */
  latErrors?: string[];
  lngErrors?: string[];
  /** Told whenever the point changes (map, typing, clearing): e.g. to look for nearby reports. */
  onPointChange?: (point: { lat: number; lng: number } | null) => void;
};

type MapState = "loading" | "ready" | "failed";
type Point = { lat: number; lng: number };

function readPoint(lat: HTMLInputElement | null, lng: HTMLInputElement | null): Point | null {
  if (!lat || !lng) return null;
  const la = parseCoordinate(lat.value, 90);
  const ln = parseCoordinate(lng.value, 180);
  return la === null || ln === null ? null : { lat: la, lng: ln };
}

export function LocationPicker({
  latName,
  lngName,
  defaultLat,
  defaultLng,
  legend,
  errors,
  latErrors,
  lngErrors,
  onPointChange,
}: LocationPickerProps) {
  const pointListener = useRef(onPointChange);
  pointListener.current = onPointChange;
  const { t, locale, dir } = useI18n();
  const basemap = useBasemap();
  const basemapKey = JSON.stringify(basemap);
  const latId = `f-${latName}`;
  const lngId = `f-${lngName}`;
  const groupId = `lp-${latName}-${lngName}`;
  const instructionsId = `${groupId}-instructions`;

  const latInput = useRef<HTMLInputElement>(null);
  const lngInput = useRef<HTMLInputElement>(null);
  const mapBox = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MaplibreMap | null>(null);
  const markerRef = useRef<Marker | null>(null);
  const markerShown = useRef(false);
  const regionsRef = useRef<Regions | null>(null);

  // Only after hydration: the server (and a browser without JavaScript) renders the inputs alone.
  const [enhanced, setEnhanced] = useState(false);
  const [state, setState] = useState<MapState>("loading");
  const [status, setStatus] = useState("");
  const [hasPoint, setHasPoint] = useState(false);
  const [keyboardFocus, setKeyboardFocus] = useState(false);
  const [canLocate, setCanLocate] = useState(false);
  const [locating, setLocating] = useState(false);

  useEffect(() => {
    setEnhanced(true);
    setCanLocate(typeof navigator !== "undefined" && "geolocation" in navigator);
    setHasPoint(readPoint(latInput.current, lngInput.current) !== null);
  }, []);

  /** Moves (or hides) the marker; brings the point into view when asked and it is off screen. */
  const showPoint = useCallback((point: Point | null, options: { pan?: boolean; zoom?: number } = {}) => {
    const map = mapRef.current;
    const marker = markerRef.current;
    if (!map || !marker) return;
    if (!point) {
      marker.remove();
      markerShown.current = false;
      return;
    }
    marker.setLngLat([point.lng, point.lat]);
    if (!markerShown.current) {
      marker.addTo(map);
      markerShown.current = true;
    }
    if (options.zoom !== undefined) map.easeTo({ center: [point.lng, point.lat], zoom: Math.max(map.getZoom(), options.zoom) });
    else if (options.pan && !map.getBounds().contains([point.lng, point.lat])) map.easeTo({ center: [point.lng, point.lat] });
  }, []);

  /** The sentence for the status line: which region the point is in. */
  const describe = useCallback(
    (point: Point) => {
      const regions = regionsRef.current;
      if (!regions) return "";
      const name = regionNameAt(regions, point.lat, point.lng, locale);
      return name ? t("map.picker.chosenIn", { region: name }) : t("map.picker.chosenOutside");
    },
    [t, locale],
  );

  /** A point chosen on the map (click, Enter/Space, drag, geolocation): into the inputs, then the marker. */
  const choose = useCallback(
    (point: Point, options: { pan?: boolean; zoom?: number } = {}) => {
      const lat = formatCoordinate(point.lat);
      const lng = formatCoordinate(point.lng);
      if (latInput.current) latInput.current.value = lat;
      if (lngInput.current) lngInput.current.value = lng;
      const chosen = { lat: Number(lat), lng: Number(lng) };
      setHasPoint(true);
      showPoint(chosen, options);
      setStatus(describe(chosen));
      pointListener.current?.(chosen);
    },
    [describe, showPoint],
  );

  useEffect(() => {
    if (!enhanced) return;
    const container = mapBox.current;
    if (!container) return;
    let cancelled = false;
    let map: MaplibreMap | undefined;
    const cleanups: (() => void)[] = [];
    setState("loading");

    const chosenBasemap = JSON.parse(basemapKey) as typeof basemap;
    Promise.all([loadEngine(chosenBasemap), loadRegions()])
      .then(([engine, regions]) => {
        if (cancelled) return;
        const ml = engine.lib;
        regionsRef.current = regions;
        const start = readPoint(latInput.current, lngInput.current);
        const m = createMap(
          engine,
          chosenBasemap,
          regions,
          {
            container,
            ...(start
              ? { center: [start.lng, start.lat] as [number, number], zoom: 14 }
              : { bounds: TEHRAN_BOUNDS, fitBoundsOptions: { padding: 8 } }),
            minZoom: 8,
            maxZoom: 19,
            cooperativeGestures: true, // a map inside a form must not steal the page's scroll
            locale: mapUiStrings(t, t("map.picker.mapLabel"), t("map.picker.marker")),
          },
          locale,
        );
        map = m;
        mapRef.current = m;
        disableRotation(m);
        m.addControl(new ml.NavigationControl({ showCompass: false }), dir === "rtl" ? "top-left" : "top-right");

        const marker = new ml.Marker({ color: BRAND, draggable: true });
        marker.on("dragend", () => {
          const { lat, lng } = marker.getLngLat();
          choose({ lat, lng });
        });
        markerRef.current = marker;
        if (start) showPoint(start);

        // The focusable canvas is the picker's keyboard surface: an application with our label and
        // the visible instructions as its description.
        const canvas = m.getCanvas();
        canvas.setAttribute("role", "application");
        canvas.setAttribute("aria-describedby", instructionsId);
        const onKeyDown = (event: KeyboardEvent) => {
          if (event.key !== "Enter" && event.key !== " ") return;
          event.preventDefault();
          const center = m.getCenter();
          choose({ lat: center.lat, lng: center.lng });
        };
        const onFocus = () => setKeyboardFocus(canvas.matches(":focus-visible"));
        const onBlur = () => setKeyboardFocus(false);
        canvas.addEventListener("keydown", onKeyDown);
        canvas.addEventListener("focus", onFocus);
        canvas.addEventListener("blur", onBlur);
        cleanups.push(() => {
          canvas.removeEventListener("keydown", onKeyDown);
          canvas.removeEventListener("focus", onFocus);
          canvas.removeEventListener("blur", onBlur);
        });

        m.on("click", (event) => choose({ lat: event.lngLat.lat, lng: event.lngLat.lng }));
        m.once("load", () => {
          if (!cancelled) setState("ready");
        });
      })
      .catch((error: unknown) => {
        // No WebGL, or the engine could not load: the inputs still work on their own.
        console.warn("map unavailable:", error);
        if (!cancelled) setState("failed");
      });

    return () => {
      cancelled = true;
      for (const cleanup of cleanups) cleanup();
      map?.remove();
      mapRef.current = null;
      markerRef.current = null;
      markerShown.current = false;
    };
  }, [enhanced, t, dir, locale, basemapKey, instructionsId, choose, showPoint]);

  /** Typing moves the marker (once both inputs hold a valid coordinate). */
  const onInput = () => {
    const point = readPoint(latInput.current, lngInput.current);
    setHasPoint(point !== null);
    showPoint(point, { pan: true });
  };

  /** Leaving an input: Persian digits and separators become Latin (what the server parses), then say where the point is. */
  const onInputBlur = (event: React.FocusEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const normalized = normalizeCoordinate(input.value);
    if (normalized !== input.value && parseCoordinate(normalized, 180) !== null) input.value = normalized;
    const point = readPoint(latInput.current, lngInput.current);
    if (point && enhanced) setStatus(describe(point));
    pointListener.current?.(point);
  };

  const clear = () => {
    if (latInput.current) latInput.current.value = "";
    if (lngInput.current) lngInput.current.value = "";
    setHasPoint(false);
    showPoint(null);
    setStatus(t("map.picker.cleared"));
    pointListener.current?.(null);
  };

  const locate = () => {
    setLocating(true);
    setStatus(t("map.picker.locating"));
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        choose({ lat: position.coords.latitude, lng: position.coords.longitude }, { zoom: 15 });
      },
      () => {
        setLocating(false);
        setStatus(t("map.picker.locationFailed"));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const groupDescribedBy = [`${groupId}-hint`, errors?.length ? `${groupId}-error` : null].filter(Boolean).join(" ");
  const inputDescribedBy = (id: string, own?: string[]) => [describedBy(id, undefined, own), groupDescribedBy].filter(Boolean).join(" ");
  const invalid = (own?: string[]) => (own?.length || errors?.length ? true : undefined);

  return (
    <fieldset className="mb-4" data-location-picker="">
      <legend className="mb-1 font-bold">{legend}</legend>
      {enhanced ? (
        <div className="mb-3 grid gap-2">
          {state === "failed" ? null : (
            <MapSearch basemap={basemap} onPick={(place) => choose({ lat: place.lat, lng: place.lng }, { zoom: 16 })} />
          )}
          <p id={instructionsId} className="text-sm text-gray-700">
            {t("map.picker.instructions")}
          </p>
          <div
            className={`relative h-80 w-full overflow-hidden rounded-md border border-gray-500 bg-gray-100 ${keyboardFocus ? "outline-3 outline-offset-2 outline-amber-700" : ""}`}
          >
            <div ref={mapBox} className="h-full w-full" data-map-state={state} />
            {state === "loading" ? (
              <p className="pointer-events-none absolute inset-0 grid place-items-center text-gray-700">{t("map.loading")}</p>
            ) : null}
            {state === "failed" ? (
              <p className="absolute inset-0 grid place-items-center p-4 text-center text-gray-900">{t("map.picker.unavailable")}</p>
            ) : null}
            {keyboardFocus ? (
              // The point Enter/Space would choose: the centre of the map.
              <svg aria-hidden="true" className="pointer-events-none absolute inset-0 m-auto size-8" viewBox="0 0 32 32">
                <path d="M16 2v11M16 19v11M2 16h11M19 16h11" stroke="#fff" strokeWidth="5" strokeLinecap="round" />
                <path d="M16 2v11M16 19v11M2 16h11M19 16h11" stroke="#111827" strokeWidth="2.5" strokeLinecap="round" />
              </svg>
            ) : null}
          </div>
          {state === "failed" ? null : <MapAttribution basemap={basemap} />}
          <div className="flex flex-wrap gap-2">
            {canLocate && state !== "failed" ? (
              <button type="button" className="btn-secondary" onClick={locate} disabled={locating}>
                {t("map.picker.useMyLocation")}
              </button>
            ) : null}
            {hasPoint ? (
              <button type="button" className="btn-secondary" onClick={clear}>
                {t("map.picker.clear")}
              </button>
            ) : null}
          </div>
          {/* A polite live region (not role=status, which pages keep for their form's outcome). */}
          <p aria-live="polite" aria-atomic="true" className="min-h-6 text-sm" data-location-status="">
            {status}
          </p>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-3">
        {[
          { ref: latInput, id: latId, name: latName, label: t("map.picker.latitude"), value: defaultLat, own: latErrors },
          { ref: lngInput, id: lngId, name: lngName, label: t("map.picker.longitude"), value: defaultLng, own: lngErrors },
        ].map((c) => (
          <div key={c.name} className="w-48">
            <label htmlFor={c.id} className="mb-1 block font-bold">
              {c.label}
            </label>
            <input
              ref={c.ref}
              id={c.id}
              name={c.name}
              type="text"
              className="input"
              dir="ltr"
              inputMode="decimal"
              autoComplete="off"
              defaultValue={c.value === undefined ? "" : formatCoordinate(c.value)}
              aria-invalid={invalid(c.own)}
              aria-describedby={inputDescribedBy(c.id, c.own)}
              onInput={onInput}
              onBlur={onInputBlur}
            />
            <HintAndErrors id={c.id} name={c.name} errors={c.own} />
          </div>
        ))}
      </div>
      <HintAndErrors id={groupId} hint={t("map.picker.hint")} errors={errors} />
    </fieldset>
  );
}
