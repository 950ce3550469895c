// Loader and revalidation of the area layout routes (staff.tsx, inspector.tsx, admin.tsx): they add
// their area's messages to the page's catalog (see components/i18n.tsx), once per visit.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { clientCatalog, type ClientArea, type Messages } from "~/platform/i18n";
import { contextOf } from "~/platform/http.server";

export async function areaLoader(args: LoaderFunctionArgs, areas: readonly ClientArea[]) {
  const ctx = await contextOf(args);
  let messages: Messages = {};
  for (const area of areas) messages = { ...messages, ...clientCatalog(ctx.locale, area) };
  return { i18nMessages: messages };
}
