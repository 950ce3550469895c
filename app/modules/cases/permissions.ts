// Who may do what with cases: named predicates of the viewer, read by the module (every check), the
// pages and layout (what to offer) and GraphQL scopes (the second fence). The workflow table's own
// predicates (canSeeCase, mayAct, actionsFor, canRegisterCalls) live beside the table in workflow.ts.
import type { StaffRoleName, Viewer } from "~/platform/context";
import { hasAnyRole, isAdmin } from "~/modules/identity";

/** Every staff role works with cases (the inbox, the case page). */
export const CASE_STAFF_ROLES = ["admin", "operator", "inspector", "officer", "manager"] as const satisfies readonly StaffRoleName[];
export const isCaseStaff = (viewer: Viewer) => hasAnyRole(viewer, CASE_STAFF_ROLES);

/** Operators, inspectors and admins see every case; officers and managers only their scope. */
export const seesEveryCase = (viewer: Viewer) => hasAnyRole(viewer, ["admin", "operator", "inspector"]);

/** The category tree is the admins'. */
export const canManageCategories = (viewer: Viewer) => isAdmin(viewer);

export { actionsFor, canRegisterCalls, canSeeCase, mayAct } from "./workflow";
