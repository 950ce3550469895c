// What every module action knows about the request it serves, whichever door it came through.
import type { Locale } from "./i18n";

export type StaffRoleName = "operator" | "officer" | "manager" | "inspector" | "admin";

export type RoleGrant = { id: string; role: StaffRoleName; regionId: number | null; departmentId: number | null };

export type ViewerUser = {
  id: string;
  email: string | null;
  displayName: string;
  locale: Locale;
  emailVerified: boolean;
  phone: string | null;
};

export type Viewer =
  { kind: "anonymous" } | { kind: "user"; user: ViewerUser; roles: RoleGrant[]; sessionId: string | null; via: "session" | "token" };

export type RequestContext = {
  viewer: Viewer;
  locale: Locale;
  /** Origin for links in emails (PUBLIC_URL, else the request's own origin). */
  origin: string;
  ip: string | null;
  userAgent: string | null;
};

export const anonymous: Viewer = { kind: "anonymous" };
