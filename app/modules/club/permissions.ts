// Who may do what in the club: named predicates of the viewer (the module, pages and GraphQL ask these).
import type { Viewer } from "~/platform/context";
import { isAdmin, servesInPerson } from "~/modules/identity";

/** Residency verified in person (documents seen): staff who serve citizens in person. */
export const canVerifyResidents = (viewer: Viewer) => servesInPerson(viewer);

/** The census import: admins. */
export const canImportCensus = (viewer: Viewer) => isAdmin(viewer);
