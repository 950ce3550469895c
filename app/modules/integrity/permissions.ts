// Who may do what in the whistleblower channel: named predicates of the viewer, used by the module
// (every check), the pages (a 403 before anything is read), the layout and GraphQL scopes.
import type { Viewer } from "~/platform/context";
import { hasRole } from "~/modules/identity";

/** Inspectors alone read, list, reply to and move reports. */
export const isInspector = (viewer: Viewer) => hasRole(viewer, "inspector");

/** The access log: inspectors, and admins (who never read the reports themselves). */
export const canReadAccessLog = (viewer: Viewer) => isInspector(viewer) || hasRole(viewer, "admin");
