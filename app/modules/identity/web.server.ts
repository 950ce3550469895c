// Who is asking: the viewer of a web or API request, from a bearer API token or the session cookie
// (refreshed, or cleared when no longer valid). Registered with the platform at start-up
// (app/modules/register.server.ts), which therefore never imports this module.
import { anonymous, type Viewer } from "~/platform/context";
import {
  clearSessionCookie,
  isForeignOrigin,
  readCookie,
  SESSION_COOKIE,
  sessionCookie,
  type LoadContext,
} from "~/platform/request.server";
import { validateApiToken, validateSessionToken } from "./sessions.server";

export async function viewerFromRequest(request: Request, load?: LoadContext): Promise<Viewer> {
  const auth = request.headers.get("Authorization");
  if (auth?.startsWith("Bearer ")) return (await validateApiToken(auth.slice(7).trim())) ?? anonymous;
  const token = readCookie(request, SESSION_COOKIE);
  if (!token || token.length > 100) return anonymous;
  // A page of another origin cannot borrow the visitor's session (CORS allow-list in csrf.server.ts).
  if (isForeignOrigin(request)) return anonymous;
  const result = await validateSessionToken(token);
  if (!result) {
    load?.appendHeader("Set-Cookie", clearSessionCookie());
    return anonymous;
  }
  if (result.refreshed) load?.appendHeader("Set-Cookie", sessionCookie(token, result.expiresAt));
  return result.viewer;
}
