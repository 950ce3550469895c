// A closed budget as a Pabulib (.pb) file: projects and anonymised ballots. Staff only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage } from "~/components/action.server";
import * as budgeting from "~/modules/budgeting";
import { requirePageRole } from "~/components/auth.server";
import { isUuid } from "~/platform/ids";

export async function loader(args: LoaderFunctionArgs) {
  await requirePageRole(args, "staff");
  const budgetId = String(args.params.budgetId);
  if (!isUuid(budgetId)) throw new Response("Not found", { status: 404 });
  const text = await orErrorPage(() => budgeting.exportPb(budgetId));
  return new Response(text, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="budget-${budgetId}.pb"`,
      "Cache-Control": "no-store",
    },
  });
}
