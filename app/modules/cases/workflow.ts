// The case workflow as data: which staff action moves a case from which statuses to which, and who
// may take it. Pure, so the page (which buttons to show), the module (what to allow) and the tests
// read the same table.
import type { StaffRoleName, Viewer } from "~/platform/context";
import { coversScope, hasAnyRole, hasRole } from "~/modules/identity";
import { OPEN_STATUSES, type CaseStatus, type StaffAction } from "./schemas";

type Rule = {
  from: readonly CaseStatus[];
  /** Null: the status does not change (a call-back or an internal note is recorded in the history). */
  to: CaseStatus | null;
  /** Roles that may act, scoped to the case's region/department where the role is scoped. */
  roles: readonly StaffRoleName[];
  /** Shown to the citizen in their case history. */
  public: boolean;
  /** Citizens are told (email/SMS) of this step. */
  notify: boolean;
};

const WORKING: readonly CaseStatus[] = OPEN_STATUSES;
const UNIT: readonly StaffRoleName[] = ["officer", "manager", "admin"];

export const WORKFLOW: Record<StaffAction, Rule> = {
  // The call centre routes as well as the unit: an operator may refer any case.
  refer: { from: WORKING, to: "referred", roles: ["operator", ...UNIT], public: true, notify: true },
  start: { from: ["referred"], to: "in_progress", roles: UNIT, public: true, notify: false },
  // A unit may answer a case routed to it straight away (registration already routed it).
  answer: { from: WORKING, to: "answered", roles: UNIT, public: true, notify: true },
  close: { from: ["answered"], to: "closed", roles: ["operator", ...UNIT], public: true, notify: true },
  reject: { from: WORKING, to: "rejected", roles: UNIT, public: true, notify: true },
  duplicate: { from: WORKING, to: "duplicate", roles: UNIT, public: true, notify: true },
  not_responsible: { from: WORKING, to: "not_responsible", roles: UNIT, public: true, notify: true },
  callback: {
    from: ["answered", "closed", "rejected", "not_responsible", "duplicate"],
    to: null,
    roles: ["operator", ...UNIT],
    public: true,
    notify: false,
  },
  note: { from: [...WORKING, "answered"], to: null, roles: ["operator", ...UNIT, "inspector"], public: false, notify: false },
};

type Scope = { regionId: number | null; departmentId: number | null };

/** Operators, inspectors and admins see every case; officers and managers those of their scope. */
export function canSeeCase(viewer: Viewer, scope: Scope) {
  return (
    hasAnyRole(viewer, ["admin", "operator", "inspector"]) || coversScope(viewer, "officer", scope) || coversScope(viewer, "manager", scope)
  );
}

/** May the viewer take this action on a case with this scope (ignoring its status)? */
export function mayAct(viewer: Viewer, action: StaffAction, scope: Scope) {
  return WORKFLOW[action].roles.some((role) =>
    role === "officer" || role === "manager" ? coversScope(viewer, role, scope) : hasRole(viewer, role),
  );
}

/** The actions the viewer may take on a case now: what the case page offers. */
export function actionsFor(viewer: Viewer, c: Scope & { status: CaseStatus }): StaffAction[] {
  return (Object.keys(WORKFLOW) as StaffAction[]).filter((a) => WORKFLOW[a].from.includes(c.status) && mayAct(viewer, a, c));
}

/** The call centre's tools (registering a call, finding a caller): operators, and admins. */
export function canRegisterCalls(viewer: Viewer) {
  return hasRole(viewer, "operator") || hasRole(viewer, "admin");
}
