// CSRF defence for cookie-authenticated writes (forms and /graphql): a state-changing request a
// browser sends from another origin is refused. Browsers always send Origin on cross-origin POSTs
// and Sec-Fetch-Site on all modern requests; clients that send neither (curl, scripts using a
// bearer token) are not browsers riding on a victim's cookies. SameSite=Lax cookies are the
// second fence.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteWrite(input: { method: string; origin?: string | null; secFetchSite?: string | null; host?: string | null; publicUrl?: string }) {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  if (input.origin && input.origin !== "null") {
    const allowed = new Set<string>();
    if (input.publicUrl) allowed.add(new URL(input.publicUrl).host);
    if (input.host) allowed.add(input.host);
    try {
      return !allowed.has(new URL(input.origin).host);
    } catch {
      return true;
    }
  }
  if (input.origin === "null") return true; // sandboxed iframes, data: URLs
  return input.secFetchSite === "cross-site";
}
