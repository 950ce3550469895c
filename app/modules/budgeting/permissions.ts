// Who may do what in participatory budgeting. Pure functions of the viewer and the budget: the
// same answer for the staff pages, the form actions and the GraphQL resolvers.
//
// Scope: a regional budget is covered by a grant of that region or a city-wide grant (no region);
// a city-wide budget only by a city-wide grant. A grant narrowed to a department does not cover a
// budget (budgets belong to a region, not to a department) — identity's coversScope decides.
import type { Viewer } from "~/platform/context";
import { coversScope, hasRole, isSignedIn, servesInPerson } from "~/modules/identity";

export type BudgetScope = { regionId: number | null };

const covers = (viewer: Viewer, role: "manager" | "officer" | "operator", budget: BudgetScope) =>
  coversScope(viewer, role, { regionId: budget.regionId, departmentId: null });

/** Admins and managers work on budgeting at all (the staff desk, unscoped reading). */
export function isBudgetStaff(viewer: Viewer) {
  return hasRole(viewer, "admin") || hasRole(viewer, "manager");
}

/** Accept or reject a proposal of this budget, and see its submitted (unreviewed) proposals. */
export function canReviewProposal(viewer: Viewer, budget: BudgetScope) {
  return hasRole(viewer, "admin") || covers(viewer, "manager", budget);
}

/** Record a selected project's implementation status and milestones. */
export function canManageImplementation(viewer: Viewer, budget: BudgetScope) {
  return hasRole(viewer, "admin") || covers(viewer, "manager", budget);
}

/**
 * Enter a paper ballot at a polling point of this budget: admins, and operators or officers whose
 * grant covers the budget's region (the polling point's staff).
 */
export function canEnterPaperBallot(viewer: Viewer, budget: BudgetScope) {
  return hasRole(viewer, "admin") || covers(viewer, "operator", budget) || covers(viewer, "officer", budget);
}

/** A first fence before the budget is known: may the viewer enter paper ballots anywhere? */
export function mayEnterPaperBallots(viewer: Viewer) {
  return servesInPerson(viewer);
}

/**
 * Review contested paper ballots and void one: admins and the budget's managers — never the
 * operators and officers who enter paper ballots, so nobody voids their own entries' contests.
 */
export function canVoidPaperBallot(viewer: Viewer, budget: BudgetScope) {
  return hasRole(viewer, "admin") || covers(viewer, "manager", budget);
}

/** Does the staff desk have anything for this viewer on this budget? */
export function canWorkOnBudget(viewer: Viewer, budget: BudgetScope) {
  return canReviewProposal(viewer, budget) || canEnterPaperBallot(viewer, budget) || canVoidPaperBallot(viewer, budget);
}

/** The staff desk opens to anyone who may act on some budget (its cards are filtered per budget). */
export function canOpenStaffDesk(viewer: Viewer) {
  return isSignedIn(viewer) && (isBudgetStaff(viewer) || hasRole(viewer, "operator") || hasRole(viewer, "officer"));
}

/** Cycles, budgets, results, census and Pabulib import: admins only. */
export function canAdministerBudgeting(viewer: Viewer) {
  return hasRole(viewer, "admin");
}

/** What the viewer may do on one budget (for pages that show or hide forms). */
export function budgetCapabilities(viewer: Viewer, budget: BudgetScope) {
  return {
    review: canReviewProposal(viewer, budget),
    implementation: canManageImplementation(viewer, budget),
    paper: canEnterPaperBallot(viewer, budget),
    voidPaper: canVoidPaperBallot(viewer, budget),
  };
}

/** The staff desk's pages this viewer has: cycles for all; review and results for admins and managers; paper ballots for their staff and managers; imports for admins. */
export function deskSections(viewer: Viewer) {
  return {
    cycles: canOpenStaffDesk(viewer),
    review: isBudgetStaff(viewer),
    paper: isBudgetStaff(viewer) || mayEnterPaperBallots(viewer),
    results: isBudgetStaff(viewer),
    imports: canAdministerBudgeting(viewer),
    admin: canAdministerBudgeting(viewer),
  };
}
