// What the layout may offer the viewer, decided once in the root loader by the modules' named
// predicates (never by re-reading role names in the page).
import type { Viewer } from "~/platform/context";
import { isAdmin, isStaff } from "~/modules/identity";
import { isCaseStaff } from "~/modules/cases";
import { canReadAccessLog, isInspector } from "~/modules/integrity";

export type Can = { staffCases: boolean; manageRoles: boolean; inspectReports: boolean; readReportAccessLog: boolean };

export function canMap(viewer: Viewer): Can {
  return {
    staffCases: isStaff(viewer) && isCaseStaff(viewer),
    manageRoles: isAdmin(viewer),
    inspectReports: isInspector(viewer),
    readReportAccessLog: canReadAccessLog(viewer),
  };
}
