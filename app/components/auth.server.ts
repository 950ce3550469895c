// Page guards for routes: who may open a page, decided by identity's predicates (the module checks
// again in every action). Moved out of the platform, which knows no module.
import { data, redirect } from "@remix-run/node";
import type { RequestContext, StaffRoleName } from "~/platform/context";
import { contextOf } from "~/platform/http.server";
import { encodeMessage } from "~/platform/i18n";
import { hasRole, isSignedIn, isStaff } from "~/modules/identity";

type Args = { request: Request; context: unknown };

/** Pages for signed-in people: anonymous visitors go to sign in and come back. */
export async function requireSignedIn(args: Args) {
  const ctx = await contextOf(args);
  if (!isSignedIn(ctx.viewer)) {
    const url = new URL(args.request.url);
    throw redirect(`/signin?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return ctx as RequestContext & { viewer: Extract<RequestContext["viewer"], { kind: "user" }> };
}

/** Pages for whom a module's predicate allows (e.g. `cases.isCaseStaff`); 403 for other signed-in people. */
export async function requirePage(args: Args, allowed: (viewer: RequestContext["viewer"]) => boolean) {
  const ctx = await requireSignedIn(args);
  if (!allowed(ctx.viewer)) throw data({ message: encodeMessage("error.forbidden") }, { status: 403 });
  return ctx;
}

export async function requirePageRole(args: Args, role: StaffRoleName | "staff") {
  const ctx = await requireSignedIn(args);
  const allowed = role === "staff" ? isStaff(ctx.viewer) : hasRole(ctx.viewer, role);
  if (!allowed) throw data({ message: encodeMessage("error.forbidden") }, { status: 403 });
  return ctx;
}
