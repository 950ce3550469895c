// Security headers, one place for both doors (server.ts for every response, entry.server.tsx for
// pages, graphql/yoga.server.ts for /graphql, whichever adapter serves it):
// - every response: nosniff, no framing (X-Frame-Options; CSP frame-ancestors on documents),
//   same-origin referrers, and HSTS in production when PUBLIC_URL is https;
// - pages: a Content-Security-Policy with a per-request nonce for Remix's inline scripts (no other
//   inline script runs); styles may be inline (React style attributes, maplibre); maplibre's worker
//   comes from a blob: URL and draws to data:/blob: images. Development sends it report-only (Vite's
//   HMR injects its own scripts);
// - /graphql: JSON gets `default-src 'none'`; the GraphiQL page a policy that allows exactly its
//   own inline script (by hash) and its blob: workers.
import { createHash, randomBytes } from "node:crypto";
import { basemapOrigins } from "./basemap.server";
import { config, type Config } from "./config.server";

/** Headers for every response. */
export function baseSecurityHeaders(cfg: Config = config()): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
  };
  if (cfg.isProduction && cfg.publicUrl?.startsWith("https://")) headers["Strict-Transport-Security"] = "max-age=31536000";
  return headers;
}

export function newNonce() {
  return randomBytes(16).toString("base64");
}

/** The page policy's header name: enforced, except report-only in development. */
export function pagePolicyHeader(cfg: Config = config()) {
  return cfg.isDevelopment ? "Content-Security-Policy-Report-Only" : "Content-Security-Policy";
}

/**
 * The policy of every HTML page Remix renders; `nonce` is the one given to <Scripts> and friends.
 * The maps' basemap (app/platform/basemap.server.ts) adds its hosts: Mapbox's with MAPBOX_TOKEN,
 * MAP_STYLE_URL's origin and MAP_ORIGINS with a remote style; nothing for a local extract or the outline.
 */
export function pagePolicy(nonce: string, cfg: Config = config()) {
  const map = basemapOrigins(cfg);
  const plus = map.length ? ` ${map.join(" ")}` : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${plus}`,
    "font-src 'self' data:",
    `connect-src 'self'${plus}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** /graphql's JSON answers: nothing to load, nothing to frame. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The GraphiQL page's policy: its inline scripts allowed by their SHA-256, nothing else inline. */
export function graphiqlPolicy(html: string) {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.push(`'sha256-${createHash("sha256").update(match[1], "utf8").digest("base64")}'`);
  }
  return [
    "default-src 'self'",
    `script-src 'self' ${[...new Set(hashes)].join(" ")}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

type NodeResponse = {
  setHeader(name: string, value: string): unknown;
  hasHeader(name: string): boolean;
  writeHead: (...args: never[]) => unknown;
  locals: Record<string, unknown>;
};

/**
 * server.ts's first middleware: the headers every response carries (added as the head is written,
 * unless the handler set them itself — Remix appends its own, so setting them early would send them
 * twice), and the request's CSP nonce (res.locals.cspNonce, handed to Remix in the load context).
 */
export function securityHeadersMiddleware(cfg: Config = config()) {
  const headers = Object.entries(baseSecurityHeaders(cfg));
  return (_req: unknown, res: NodeResponse, next: () => void) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: NodeResponse, ...args: never[]) {
      for (const [name, value] of headers) if (!this.hasHeader(name)) this.setHeader(name, value);
      return writeHead.apply(this, args);
    } as NodeResponse["writeHead"];
    res.locals.cspNonce = newNonce();
    next();
  };
}
