// One limit on the size of a request body, for the site's forms and /graphql alike (MAX_BODY_MB,
// by default room for the largest form: MEDIA_LIMITS.maxFiles photos of MEDIA_LIMITS.maxBytes plus
// 1 MB of text). A declared Content-Length over the limit is refused before a byte is read
// (server.ts: `refuseOversizedBodies`); a chunked body is counted while it streams and abandoned
// at the limit (`limitedBody`), so no request can make the server buffer more than the limit.
// Both answers are 413 with a translated message.
import type { IncomingMessage, ServerResponse } from "node:http";
import { config } from "./config.server";
import { AppError } from "./errors";
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, translate, type Locale } from "./i18n";

const LINGER_MS = 2000;

export function maxBodyBytes() {
  return config().maxBodyBytes;
}

export const bodyTooLarge = () => new AppError("error.bodyTooLarge", 413, { max: Math.round(maxBodyBytes() / 1024 / 1024) });

/** The reader's language for answers given before any context exists: `lang` cookie, then Accept-Language. */
export function localeOfHeaders(cookie: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  const lang = /(?:^|;\s*)lang=(fa|en)(?:;|$)/.exec(cookie ?? "")?.[1];
  if (isLocale(lang)) return lang;
  return localeFromAcceptLanguage(acceptLanguage ?? null) ?? DEFAULT_LOCALE;
}

function declaredLength(value: string | null | undefined): number | null {
  if (value == null || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}

/**
 * Express/Node middleware for server.ts: a body whose Content-Length is over the limit gets a 413
 * at once (text/plain, translated; the connection is closed so the rest is never read).
 */
export function refuseOversizedBodies(max = maxBodyBytes()) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    // An answer given before the body was read to its end (a body cut off at the limit while
    // streaming): close the connection rather than let Node read the rest of it. A lingering
    // close — our side ends after the answer, what the client still sends is dropped for up to
    // LINGER_MS, then the socket goes — so the client reads the 413 instead of a reset.
    res.once("finish", () => {
      if (req.complete || req.destroyed) return;
      req.socket.end();
      req.resume();
      setTimeout(() => req.destroy(), LINGER_MS).unref();
    });
    const length = declaredLength(req.headers["content-length"]);
    if (length === null || length <= max) return next();
    const locale = localeOfHeaders(req.headers.cookie, req.headers["accept-language"]);
    const message = translate(locale, "error.bodyTooLarge", { max: Math.round(max / 1024 / 1024) });
    res.statusCode = 413;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.setHeader("Connection", "close");
    res.end(message);
  };
}

/**
 * The same request with a body that fails (with `bodyTooLarge()`) as soon as more than `max`
 * bytes have arrived. Throws at once when Content-Length already says so.
 */
export function limitedBody(request: Request, max = maxBodyBytes(), onExceeded?: () => void): Request {
  const length = declaredLength(request.headers.get("Content-Length"));
  if (length !== null && length > max) throw bodyTooLarge();
  if (!request.body) return request;
  // Read by hand rather than piped: at the limit the source is left unread, not cancelled —
  // cancelling would destroy the socket before the 413 is written (server.ts's connection
  // handling closes it after the answer: refuseOversizedBodies).
  const reader = request.body.getReader();
  let seen = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      seen += value.byteLength;
      if (seen > max) {
        onExceeded?.();
        reader.releaseLock();
        controller.error(bodyTooLarge());
        return;
      }
      controller.enqueue(value);
    },
    cancel() {
      reader.releaseLock();
    },
  });
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
    duplex: "half",
  } as RequestInit);
}

/** The body-too-large error in what a body parser threw (it may wrap the stream's error), or null. */
export function bodyTooLargeIn(error: unknown): AppError | null {
  for (let e: unknown = error, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof AppError && e.code === "error.bodyTooLarge") return e;
  }
  return null;
}
