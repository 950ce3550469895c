// Open cases of a category near a point, for the report form (fetched as the pin moves). Public
// fields only (public reference, status, distance, date, followers): never the tracking code or the
// reporter's words.
import type { LoaderFunctionArgs } from "@remix-run/node";
import * as cases from "~/modules/cases";
import { ValidationError } from "~/platform/errors";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  try {
    const found = await cases.nearbyOpenCases({
      categoryId: url.searchParams.get("categoryId"),
      latitude: url.searchParams.get("latitude"),
      longitude: url.searchParams.get("longitude"),
    });
    return Response.json({ cases: found }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof ValidationError) return Response.json({ cases: [] }, { status: 400 });
    throw error;
  }
}
