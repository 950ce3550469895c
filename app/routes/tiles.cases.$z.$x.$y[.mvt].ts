// GET /tiles/cases/{z}/{x}/{y}.mvt?categoryId=&status=&regionId=&from=&to= — the public map's
// vector tiles (layer `cases`: clusters with `count`, single cases with their public reference,
// status and category). Public data only (see app/modules/issue-map). 204 for an empty tile; an
// ETag per data version, filter and tile (304 when current); a bad filter is a translated 400.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { casesTile, filterFromSearch } from "~/modules/issue-map";
import { ValidationError } from "~/platform/errors";
import { localeOfHeaders } from "~/platform/body-limit.server";
import { translate, translateMessage } from "~/platform/i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  try {
    const tile = await casesTile(filterFromSearch(url.searchParams), params.z, params.x, params.y);
    const headers = {
      "Content-Type": "application/vnd.mapbox-vector-tile",
      // Revalidated every few seconds: a changed case shows within seconds, an unchanged tile costs a 304.
      "Cache-Control": "public, max-age=5, stale-while-revalidate=30",
      ETag: tile.etag,
      "Access-Control-Allow-Origin": "*",
      Vary: "Accept-Encoding",
    };
    const ifNoneMatch = request.headers.get("If-None-Match");
    if (ifNoneMatch && ifNoneMatch.split(",").some((t) => t.trim() === tile.etag)) return new Response(null, { status: 304, headers });
    if (!tile.body) return new Response(null, { status: 204, headers });
    return new Response(Buffer.from(tile.body), { headers });
  } catch (error) {
    if (error instanceof ValidationError) {
      // Tiles are anonymous: the reader's language from the cookie or Accept-Language, no session lookup.
      const locale = localeOfHeaders(request.headers.get("Cookie"), request.headers.get("Accept-Language"));
      const fieldErrors = Object.fromEntries(
        Object.entries(error.fieldErrors).map(([field, keys]) => [field, (keys ?? []).map((k) => translateMessage(locale, k))]),
      );
      return Response.json({ error: translate(locale, "error.invalidInput"), fieldErrors }, { status: 400 });
    }
    throw error;
  }
}
