// The citizen's forms on a case page (rating, reopening), shared by the tracking page (code +
// contact) and the signed-in case page.
import * as cases from "~/modules/cases";
import type { RequestContext } from "~/platform/context";
import { taggedAction } from "~/components/action.server";

export function citizenCaseAction(ctx: RequestContext, values: Record<string, string>, access: cases.CitizenAccess) {
  const intent = values.intent === "reopen" ? "reopen" : "rate";
  return taggedAction({ intent }, async () => {
    if (intent === "reopen") {
      await cases.reopenCase(ctx, access, values);
      return { message: "cases.reopen.done" };
    }
    await cases.rateCase(ctx, access, values);
    return { message: "cases.rate.thanks" };
  });
}
