// Builds the RequestContext (viewer, locale, origin, client) for a Remix loader/action or a
// GraphQL request, once per request. Who the viewer is comes from the module that knows (identity,
// from the session cookie or a bearer API token), registered at start-up: the platform knows no
// module (see app/modules/register.server.ts).
import type { RequestContext, Viewer } from "./context";
import { config } from "./config.server";
import { isTrustedOrigin } from "./csrf.server";
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, type Locale } from "./i18n";

export const SESSION_COOKIE = "session";
export const LOCALE_COOKIE = "lang";
/** Proof that an account signed in on this device before (see identity's signIn). */
export const DEVICE_COOKIE = "device";

/** What server.ts passes to Remix as load context (cspNonce: the page's Content-Security-Policy nonce). */
export type LoadContext = { ip: string | null; appendHeader: (name: string, value: string) => void; cspNonce?: string };

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

function cookieAttributes(maxAgeSeconds: number) {
  const secure = config().isProduction && !(config().publicUrl ?? "").startsWith("http://");
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

export function sessionCookie(token: string, expiresAt: Date) {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${token}; ${cookieAttributes(maxAge)}`;
}

export function deviceCookie(proof: { value: string; maxAgeSeconds: number }) {
  return `${DEVICE_COOKIE}=${proof.value}; ${cookieAttributes(proof.maxAgeSeconds)}`;
}

export function clearSessionCookie() {
  return `${SESSION_COOKIE}=; ${cookieAttributes(0)}`;
}

export function localeCookie(locale: Locale) {
  // Not HttpOnly-sensitive, but no script needs it either.
  return `${LOCALE_COOKIE}=${locale}; ${cookieAttributes(365 * 24 * 3600)}`;
}

export function originOf(request: Request) {
  return config().publicUrl ?? new URL(request.url).origin;
}

const cache = new WeakMap<Request, Promise<RequestContext>>();

/** Finds the request's viewer (and may set cookies through `load`, e.g. a refreshed session). */
export type ViewerResolver = (request: Request, load?: LoadContext) => Promise<Viewer>;

let viewerResolver: ViewerResolver | undefined;

/** Called once at start-up by the module that knows who is signed in (identity). */
export function registerViewerResolver(resolver: ViewerResolver) {
  viewerResolver = resolver;
}

function resolveViewer(request: Request, load?: LoadContext): Promise<Viewer> {
  if (!viewerResolver) throw new Error("No viewer resolver registered: import app/modules/register.server.ts at start-up");
  return viewerResolver(request, load);
}

/**
 * A request a page of another, untrusted origin made (its Origin header names neither this site nor
 * CORS_ORIGINS). Its cookies are the visitor's, not its own: it is served as anonymous.
 */
export function isForeignOrigin(request: Request) {
  const origin = request.headers.get("Origin");
  if (origin === null) return false;
  const cfg = config();
  return !isTrustedOrigin(origin, { host: new URL(request.url).host, publicUrl: cfg.publicUrl, corsOrigins: cfg.corsOrigins });
}

export function requestContext(request: Request, load?: LoadContext): Promise<RequestContext> {
  let ctx = cache.get(request);
  if (!ctx) {
    ctx = (async () => {
      const viewer = await resolveViewer(request, load);
      const cookieLocale = readCookie(request, LOCALE_COOKIE);
      const locale: Locale = isLocale(cookieLocale)
        ? cookieLocale
        : viewer.kind === "user"
          ? viewer.user.locale
          : (localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE);
      return {
        viewer,
        locale,
        origin: originOf(request),
        ip: load?.ip ?? null,
        userAgent: request.headers.get("User-Agent"),
      };
    })();
    cache.set(request, ctx);
  }
  return ctx;
}
