// The staff desk: proposals awaiting review, on the budgets the viewer may review (a manager's
// region; city-wide budgets: a city-wide grant). The module decides; this page is its door.
import { readForm } from "~/platform/http.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orErrorPage, taggedAction } from "~/components/action.server";
import { otherFields } from "~/components/budgeting/choices";
import { CycleCard, DeskCycles, deskView, fieldErrorsOf as errs, type DeskResult } from "~/components/budgeting/staff";
import { Money } from "~/components/budgeting/ui";
import { projectView } from "~/components/budgeting/views";
import { InputField, TextAreaField } from "~/components/fields";
import { AppForm, SubmitButton, FormMessage } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import * as budgeting from "~/modules/budgeting";
import { requirePageRole } from "~/components/auth.server";

export const meta = pageTitle("budgeting.staff.nav.review");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const cycles = await orErrorPage(() => budgeting.staffOverview(ctx.viewer, "review"));
  return {
    cycles: deskView(
      cycles.filter((c) => c.phase === "proposals" || c.phase === "review"),
      (b) => ({ submitted: b.proposals.map((p) => ({ ...projectView(p), createdAt: p.createdAt.toISOString() })) }),
    ),
  };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const { intent = "", budgetId, ...review } = otherFields(await readForm(args.request));
  if (intent !== "review") throw new Response("Unknown intent", { status: 400 });
  return taggedAction({ intent, target: review.proposalId, scope: budgetId }, async () => {
    await budgeting.reviewProposal(ctx, review);
    return { message: review.decision === "accept" ? "budgeting.staff.accepted" : "budgeting.staff.rejected" };
  });
}

export default function StaffReview() {
  const { cycles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as DeskResult | undefined;
  const { t } = useI18n();
  return (
    <section aria-labelledby="review" className="grid gap-6">
      <h2 id="review" className="text-2xl font-bold">
        {t("budgeting.staff.nav.review")}
      </h2>
      <DeskCycles cycles={cycles} empty="budgeting.staff.nothingToReview">
        {(c) => (
          <CycleCard key={c.id} cycle={c}>
            {(b) => {
              if (!b.can.review) return <p>{t("budgeting.staff.notYours")}</p>;
              // An accepted or rejected proposal leaves the list: its outcome shows on the budget.
              const reviewed = result?.intent === "review" && result.scope === b.id ? result : undefined;
              return (
                <>
                  <h5 className="mb-2 font-bold">{t("budgeting.staff.toReview", { count: b.submitted.length })}</h5>
                  <FormMessage result={reviewed?.ok ? reviewed : undefined} />
                  <ul className="grid gap-3">
                    {b.submitted.map((p) => {
                      const reviewResult = reviewed && !reviewed.ok && reviewed.target === p.id ? reviewed : undefined;
                      return (
                        <li key={p.id} className="rounded-md border border-gray-200 bg-gray-50 p-3" data-testid="review-item">
                          <p className="font-bold" dir="auto">
                            {p.title}
                          </p>
                          <p className="text-sm whitespace-pre-line" dir="auto">
                            {p.description}
                          </p>
                          <p className="mb-2 text-sm">
                            {t("budgeting.proposal.cost")}: <Money rials={p.costRials} />
                          </p>
                          <FormMessage result={reviewResult} />
                          <AppForm className="grid gap-2 sm:grid-cols-2">
                            <input type="hidden" name="intent" value="review" />
                            <input type="hidden" name="proposalId" value={p.id} />
                            <input type="hidden" name="budgetId" value={b.id} />
                            <InputField
                              id={`rv-${p.id}-cost`}
                              name="officialCostRials"
                              label={t("budgeting.proposal.officialCost")}
                              defaultValue={p.costRials}
                              inputMode="numeric"
                              dir="ltr"
                              className="mb-0"
                              errors={errs(reviewResult, "officialCostRials")}
                            />
                            <TextAreaField
                              id={`rv-${p.id}-reason`}
                              name="reason"
                              label={t("budgeting.review.reason")}
                              rows={2}
                              errors={errs(reviewResult, "reason")}
                            />
                            <div className="flex gap-2 sm:col-span-2">
                              <SubmitButton name="decision" value="accept">
                                {t("budgeting.review.accept")}
                              </SubmitButton>
                              <SubmitButton className="btn-danger" name="decision" value="reject">
                                {t("budgeting.review.reject")}
                              </SubmitButton>
                            </div>
                          </AppForm>
                        </li>
                      );
                    })}
                  </ul>
                </>
              );
            }}
          </CycleCard>
        )}
      </DeskCycles>
    </section>
  );
}
