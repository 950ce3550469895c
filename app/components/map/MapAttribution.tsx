import { useI18n } from "~/components/i18n";
import type { Basemap } from "./basemap";
import { OSM_COPYRIGHT_URL } from "./engine";

const MAPBOX_ATTRIBUTION_URL = "https://www.mapbox.com/about/maps/";

/**
 * The notices under every map: "Region boundaries © OpenStreetMap contributors (ODbL)" always, and
 * the basemap's credits (Mapbox Streets, a Protomaps extract of OpenStreetMap) when there is one; a
 * remote style's own credits are in the map's attribution control.
 */
export function MapAttribution({ basemap }: { basemap?: Basemap }) {
  const { t } = useI18n();
  return (
    <p className="flex flex-wrap gap-x-3 text-xs text-gray-700" data-map-attribution="">
      <a className="link" href={OSM_COPYRIGHT_URL}>
        {t("map.attribution")}
      </a>
      {basemap?.kind === "mapbox" ? (
        <a className="link" href={MAPBOX_ATTRIBUTION_URL}>
          {t("map.attribution.mapbox")}
        </a>
      ) : basemap?.kind === "pmtiles" ? (
        <a className="link" href={OSM_COPYRIGHT_URL}>
          {t("map.attribution.pmtiles")}
        </a>
      ) : basemap?.kind === "style" ? (
        <span>{t("map.attribution.basemap")}</span>
      ) : null}
    </p>
  );
}
