// /graphiql/<file>: GraphiQL's code, styles and Monaco workers as same-origin files (the /graphql
// page loads them; no CDN, no inline script). They change only with the installed version.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { graphiqlAsset } from "../../graphql/graphiql.server";

export function loader({ params }: LoaderFunctionArgs) {
  const asset = graphiqlAsset(params.asset ?? "");
  if (!asset) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(asset.body, {
    headers: { "Content-Type": asset.type, "Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff" },
  });
}
