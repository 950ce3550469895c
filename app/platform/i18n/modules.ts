// Module catalogs, merged into the platform's. Add a module's `messages.ts` here.
import { budgetingMessages } from "../../modules/budgeting/messages";
import { reportsMessages } from "../../modules/integrity/messages";
import { clubMessages } from "../../modules/club/messages";
import { casesMessages } from "../../modules/cases/messages";

export const moduleCatalogs = {
  en: { ...clubMessages.en, ...budgetingMessages.en, ...casesMessages.en, ...reportsMessages.en },
  fa: { ...clubMessages.fa, ...budgetingMessages.fa, ...casesMessages.fa, ...reportsMessages.fa },
};

/** For the catalog test: every module's two languages side by side. */
export const catalogsByModule = { club: clubMessages, budgeting: budgetingMessages, cases: casesMessages, reports: reportsMessages };
