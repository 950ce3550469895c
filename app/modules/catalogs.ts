// Composition root of the message catalogs: every module's strings, registered with the platform's
// i18n at start-up (imported by server.ts, entry.server.tsx and the tests' setup). The platform
// imports no module; it learns the modules' keys (for the MessageKey type) from the declaration
// merge below. A key is public (sent to every page) unless its catalog's rules put it in an area:
// `staff` / `inspector` keys reach the browser only on those areas' pages, `server` keys never.
import { registerCatalog } from "~/platform/i18n";
import { en as platformEn } from "~/platform/i18n/en";
import { fa as platformFa } from "~/platform/i18n/fa";
import { budgetingMessages } from "./budgeting/messages";
import { casesMessages } from "./cases/messages";
import { reportsMessages } from "./integrity/messages";
import { clubMessages } from "./club/messages";

registerCatalog("platform", { fa: platformFa, en: platformEn }, { staff: ["admin.", "role."], server: ["email.", "sms."] });
registerCatalog("club", clubMessages, { staff: ["club.staff."] });
registerCatalog("budgeting", budgetingMessages, { staff: ["budgeting.staff."], public: ["budgeting.staff.title"] });
registerCatalog("cases", casesMessages, {
  // cases.perf.* (the region league table) is public: the transparency page shows it too.
  staff: ["cases.inbox.", "cases.action.", "cases.operator.", "cases.cat.", "cases.photo."],
  server: ["cases.email.", "cases.sms.", "cases.escalated."],
});
registerCatalog("reports", reportsMessages, {
  inspector: ["reports.inspector.", "reports.report.", "reports.access.", "reports.admin."],
  server: ["reports.email."],
  public: ["reports.report.details", "reports.report.reporter"],
});

type Keys<C> = C extends { en: infer E } ? { [K in keyof E]: string } : never;

declare module "~/platform/i18n" {
  interface ModuleMessages
    extends Keys<typeof clubMessages>, Keys<typeof budgetingMessages>, Keys<typeof casesMessages>, Keys<typeof reportsMessages> {}
}
