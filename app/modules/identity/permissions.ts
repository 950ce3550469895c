// Who may do what in identity. Other modules ask these (through the module's index), never the
// tables. Pure functions: the same answer for a page, a form action and a GraphQL resolver.
import type { RoleGrant, StaffRoleName, Viewer } from "~/platform/context";
import { forbidden, unauthenticated } from "~/platform/errors";

export function isSignedIn(viewer: Viewer): viewer is Extract<Viewer, { kind: "user" }> {
  return viewer.kind === "user";
}

export function hasRole(viewer: Viewer, role: StaffRoleName): boolean {
  return isSignedIn(viewer) && viewer.roles.some((r) => r.role === role);
}

/** Does the viewer hold any of these roles? */
export function hasAnyRole(viewer: Viewer, roles: readonly StaffRoleName[]): boolean {
  return roles.some((role) => hasRole(viewer, role));
}

export const isAdmin = (viewer: Viewer) => hasRole(viewer, "admin");

/** Granting and revoking roles: admins. */
export const canManageRoles = (viewer: Viewer) => isAdmin(viewer);

/** Staff who serve citizens in person (verify residency, enter paper ballots): admins, operators, officers. */
export const IN_PERSON_ROLES = ["admin", "operator", "officer"] as const satisfies readonly StaffRoleName[];
export const servesInPerson = (viewer: Viewer) => hasAnyRole(viewer, IN_PERSON_ROLES);

export function isStaff(viewer: Viewer): boolean {
  return isSignedIn(viewer) && viewer.roles.length > 0;
}

/** The grants of `role` the viewer holds (officers: their region/department scopes). */
export function grantsOf(viewer: Viewer, role: StaffRoleName): RoleGrant[] {
  return isSignedIn(viewer) ? viewer.roles.filter((r) => r.role === role) : [];
}

/** Does a grant of `role` cover this region/department? A null scope on the grant means "all". */
export function coversScope(viewer: Viewer, role: StaffRoleName, scope: { regionId?: number | null; departmentId?: number | null }) {
  return grantsOf(viewer, role).some(
    (g) => (g.regionId === null || g.regionId === scope.regionId) && (g.departmentId === null || g.departmentId === scope.departmentId),
  );
}

export function requireUser(viewer: Viewer) {
  if (!isSignedIn(viewer)) throw unauthenticated();
  return viewer;
}

export function requireRole(viewer: Viewer, role: StaffRoleName) {
  const user = requireUser(viewer);
  if (!hasRole(viewer, role)) throw forbidden();
  return user;
}
