import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/components/nonce";
import "~/modules/catalogs";
import { log } from "~/platform/log.server";
import "~/modules/register.server"; // modules hand the platform what it needs (the viewer resolver)
import type { LoadContext } from "~/platform/request.server";
import { baseSecurityHeaders, newNonce, pagePolicy, pagePolicyHeader } from "~/platform/security-headers.server";

// server.ts serves /graphql through this (the same yoga instance as the /graphql route, without Remix's routing).
export { handleGraphQLNode } from "../graphql/yoga.server";

const ABORT_DELAY = 5_000;

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests and routine error responses (404s, 403s) are not failures of the app.
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  log.error({ err: error, url: request.url }, "unhandled error in a route");
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext?: AppLoadContext,
) {
  const bot = isbot(request.headers.get("user-agent") ?? "");
  // One nonce per page (server.ts makes it; another adapter gets one here) for Remix's inline scripts.
  const nonce = (loadContext as Partial<LoadContext> | undefined)?.cspNonce ?? newNonce();
  const app = (
    <NonceContext.Provider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceContext.Provider>
  );
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      [bot ? "onAllReady" : "onShellReady"]() {
        shellRendered = true;
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        // Security headers for every page (also without server.ts), and its CSP with this page's nonce.
        for (const [name, value] of Object.entries(baseSecurityHeaders())) responseHeaders.set(name, value);
        responseHeaders.set(pagePolicyHeader(), pagePolicy(nonce));
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) log.error({ err: error }, "render error");
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
