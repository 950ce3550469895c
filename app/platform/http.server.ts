// Glue between Remix routes and modules (which it does not import): the request's context, and turning a module's AppError
// into a translated form result (status 4xx, nothing changed) instead of an error page.
import {
  data,
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { MEDIA_LIMITS, type Upload } from "./media.server";
import { bodyTooLargeIn, limitedBody, localeOfHeaders } from "./body-limit.server";
import { AppError, ValidationError } from "./errors";
import { encodeMessage } from "./i18n";
import { requestContext, type LoadContext } from "./request.server";
import type { RequestContext } from "./context";

type Args = { request: Request; context: unknown };

export function contextOf({ request, context }: Args): Promise<RequestContext> {
  return requestContext(request, context as LoadContext);
}

export function appendHeader({ context }: Args, name: string, value: string) {
  (context as LoadContext).appendHeader(name, value);
}

/** Runs a form action; domain and validation errors become `{ ok: false, … }` with a 4xx status. */
export async function formAction<T extends Record<string, unknown>>(fn: () => Promise<T | Response>) {
  try {
    const result = await fn();
    if (result instanceof Response) return result;
    return data({ ok: true as const, ...result });
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof ValidationError) {
      return data({ ok: false as const, formError: error.encoded, fieldErrors: error.fieldErrors }, { status: 400 });
    }
    if (error instanceof AppError) {
      return data({ ok: false as const, formError: error.encoded, fieldErrors: {} as Record<string, string[]> }, { status: error.status });
    }
    throw error;
  }
}

/** A refused body (too large, unreadable): a translated 4xx answer, shown by the error boundary. */
function refusedBody(request: Request, error: unknown) {
  const tooLarge = bodyTooLargeIn(error);
  const encoded = tooLarge ? tooLarge.encoded : encodeMessage("error.badRequest");
  // The root loader does not run for a refused action: the error page takes the language from here.
  const locale = localeOfHeaders(request.headers.get("Cookie"), request.headers.get("Accept-Language"));
  return data(
    { ok: false as const, message: encoded, locale, formError: encoded, fieldErrors: {} as Record<string, string[]> },
    { status: tooLarge ? 413 : 400 },
  );
}

/**
 * The request's form (urlencoded or multipart), read under the body limit (body-limit.server.ts).
 * Too large → 413; not a form, or a broken one → 400; both translated, never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await limitedBody(request).formData();
  } catch (error) {
    throw refusedBody(request, error);
  }
}

export async function formValues(request: Request) {
  const form = await readForm(request);
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") values[key] = value;
  return values;
}

/**
 * Only same-origin relative paths (`/x`), so a crafted link cannot bounce a person to another
 * site: not `//host`, no backslash anywhere (browsers read `/\host` as `//host`), no control
 * characters or whitespace (`/\t/host` is `//host` to a browser; a newline breaks the header).
 * Anything else is `fallback`.
 */
export function safeRedirect(to: string | null | undefined, fallback = "/") {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  if (to[0] !== "/" || to[1] === "/") return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\\\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff]/.test(to)) return fallback;
  try {
    const base = "http://same-origin.invalid";
    const url = new URL(to, base);
    if (url.origin !== base) return fallback;
    // As the URL parser sees it: non-ASCII percent-encoded, so the Location header is valid.
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/**
 * A multipart form: text values plus uploaded files (kept in memory, each at most
 * MEDIA_LIMITS.maxBytes, the whole body at most the body limit). An oversized file is a translated
 * field error, an oversized body a translated 413, a broken one a 400 — never a 500. A urlencoded
 * post (no files) is read as such.
 */
export async function formWithUploads(request: Request, fileField: string): Promise<{ values: Record<string, string>; uploads: Upload[] }> {
  if (!/^multipart\/form-data\b/i.test(request.headers.get("Content-Type") ?? ""))
    return { values: await formValues(request), uploads: [] };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      limitedBody(request),
      unstable_composeUploadHandlers(unstable_createMemoryUploadHandler({ maxPartSize: MEDIA_LIMITS.maxBytes })),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      throw new ValidationError({
        [fileField]: [encodeMessage("media.error.tooLarge", { name: error.field, max: MEDIA_LIMITS.maxBytes / 1024 / 1024 })],
      });
    throw refusedBody(request, error);
  }
  const values: Record<string, string> = {};
  const uploads: Upload[] = [];
  for (const [key, value] of form) {
    if (typeof value === "string") values[key] = value;
    else if (key === fileField && value.size > 0) uploads.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { values, uploads };
}
