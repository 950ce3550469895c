// HTTP glue for the corruption-report pages: who may open the inspectors' pages (a 403 for
// everyone else — anonymous visitors included — never the content), and response headers that
// keep codes, passphrases and decrypted reports out of caches and referrers.
import { data } from "@remix-run/node";
import { canReadAccessLog, isInspector } from "~/modules/integrity";
import { AppError, ValidationError } from "~/platform/errors";
import { appendHeader, contextOf } from "~/platform/http.server";
import { encodeMessage } from "~/platform/i18n";

type Args = { request: Request; context: unknown };

/** Not for caches (browser back/forward, proxies), not in referrers of links followed from here. */
export function privatePage(args: Args) {
  appendHeader(args, "Cache-Control", "no-store");
  appendHeader(args, "Referrer-Policy", "no-referrer");
}

const inspectorsOnly = () => data({ message: encodeMessage("reports.error.inspectorsOnly") }, { status: 403 });

/** The page's context for an inspector; 403 for anyone else. The module checks again. */
export async function requireInspectorPage(args: Args) {
  const ctx = await contextOf(args);
  if (!isInspector(ctx.viewer)) throw inspectorsOnly();
  privatePage(args);
  return ctx;
}

export async function requireAccessLogPage(args: Args) {
  const ctx = await contextOf(args);
  if (!canReadAccessLog(ctx.viewer)) throw inspectorsOnly();
  privatePage(args);
  return ctx;
}

/** Loaders: the module's "not found" (or a malformed code) is a 404 page, a refusal a 403. */
export async function reportPage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ValidationError || (error instanceof AppError && error.status === 404))
      throw data({ message: encodeMessage("error.notFoundRecord") }, { status: 404 });
    if (error instanceof AppError && (error.status === 401 || error.status === 403)) throw inspectorsOnly();
    throw error;
  }
}
