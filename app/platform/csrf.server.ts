// CSRF defence for cookie-authenticated writes (forms and /graphql): a state-changing request a
// browser sends from another origin is refused. Browsers always send Origin on cross-origin POSTs
// and Sec-Fetch-Site on all modern requests; clients that send neither (curl, scripts using a
// bearer token) are not browsers riding on a victim's cookies. SameSite=Lax cookies are the
// second fence.
//
// The same trust decides CORS on /graphql: the site itself (its Host, PUBLIC_URL) and the origins in
// CORS_ORIGINS are *trusted* — their pages may call the API with the visitor's cookie (credentialed
// CORS) and write. Any other origin may read public data anonymously (`*`, no credentials): a request
// it sends is resolved without the session cookie (request.server.ts) and its writes are refused.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Is `origin` (an Origin header) the site itself or an origin listed in CORS_ORIGINS? */
export function isTrustedOrigin(
  origin: string | null | undefined,
  site: { host?: string | null; publicUrl?: string; corsOrigins?: readonly string[] },
) {
  if (!origin || origin === "null") return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (site.corsOrigins?.includes(url.origin)) return true;
  if (site.publicUrl && new URL(site.publicUrl).host === url.host) return true;
  return !!site.host && site.host === url.host;
}

export function isCrossSiteWrite(input: {
  method: string;
  origin?: string | null;
  secFetchSite?: string | null;
  host?: string | null;
  publicUrl?: string;
  corsOrigins?: readonly string[];
}) {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  if (input.origin) return !isTrustedOrigin(input.origin, input); // "null": sandboxed iframes, data: URLs
  return input.secFetchSite === "cross-site";
}

const CORS_HEADERS = "Accept, Accept-Language, Authorization, Content-Type, X-Requested-With";

/**
 * CORS headers for /graphql. A trusted origin gets itself back with credentials; any other origin
 * `*` without credentials (browsers then neither send nor accept cookies for it). No Origin: none.
 */
export function corsHeaders(origin: string | null | undefined, site: Parameters<typeof isTrustedOrigin>[1]): Record<string, string> {
  if (!origin) return { Vary: "Origin" };
  const common = {
    Vary: "Origin",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": CORS_HEADERS,
    "Access-Control-Max-Age": "600",
  };
  if (isTrustedOrigin(origin, site))
    return { ...common, "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true" };
  return { ...common, "Access-Control-Allow-Origin": "*" };
}
