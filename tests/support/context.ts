// Builds RequestContexts for calling module functions directly, as a route or resolver would.
import type { RequestContext, Viewer } from "../../app/platform/context";
import { anonymous } from "../../app/platform/context";
import { validateSessionToken } from "../../app/modules/identity";
import { pool } from "../../app/platform/db/client.server";

let ipCounter = 0;
export function ctx(viewer: Viewer = anonymous, extra: Partial<RequestContext> = {}): RequestContext {
  return {
    viewer,
    locale: "en",
    origin: "http://test.local",
    ip: `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`,
    userAgent: "vitest",
    ...extra,
  };
}

export async function viewerFor(sessionToken: string): Promise<Viewer> {
  const result = await validateSessionToken(sessionToken);
  if (!result) throw new Error("session not valid");
  return result.viewer;
}

/** The newest queued email to `to` (the worker is not running in module tests). */
export async function queuedEmail(to: string): Promise<{ template: string; locale: string; props: Record<string, string> } | null> {
  const { rows } = await pool().query(
    `SELECT data FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1 ORDER BY created_on DESC LIMIT 1`,
    [to],
  );
  return rows[0]?.data ?? null;
}

export function tokenFrom(url: string) {
  return new URL(url).searchParams.get("token")!;
}

let n = 0;
export function uniqueEmail(prefix = "user") {
  return `${prefix}.${Date.now().toString(36)}.${++n}@example.com`;
}
