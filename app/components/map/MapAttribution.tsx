import { useI18n } from "~/components/i18n";
import { OSM_COPYRIGHT_URL } from "./engine";

/** The ODbL notice under every map: "Region boundaries © OpenStreetMap contributors (ODbL)". */
export function MapAttribution() {
  const { t } = useI18n();
  return (
    <p className="text-xs text-gray-700" data-map-attribution="">
      <a className="link" href={OSM_COPYRIGHT_URL}>
        {t("map.attribution")}
      </a>
    </p>
  );
}
