// The staff desk: paper ballots while voting is open. The polling point's staff (a grant covering
// the budget's region; city-wide budgets: a city-wide grant) enter them; the budget's managers see
// the ones members contested ("this wasn't me") — who entered each, where, when — and void them.
import { readForm } from "~/platform/http.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orErrorPage, taggedAction } from "~/components/action.server";
import { choicesFromForm, otherFields } from "~/components/budgeting/choices";
import { CycleCard, DeskCycles, deskView, fieldErrorsOf as errs, resultFor, type DeskResult } from "~/components/budgeting/staff";
import { BallotFields, errorsFor } from "~/components/budgeting/ui";
import { projectView } from "~/components/budgeting/views";
import { InputField, TextAreaField } from "~/components/fields";
import { AppForm, SubmitButton, FormMessage } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import * as budgeting from "~/modules/budgeting";
import { requirePageRole } from "~/components/auth.server";

export const meta = pageTitle("budgeting.staff.nav.paper");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const cycles = await orErrorPage(() => budgeting.staffOverview(ctx.viewer, "paper"));
  return {
    cycles: deskView(
      cycles.filter((c) => c.phase === "voting"),
      (b) => ({
        projects: b.projects.map(projectView),
        contested: b.contested.map((x) => ({ ...x, castAt: x.castAt.toISOString(), contestedAt: x.contestedAt.toISOString() })),
      }),
    ),
  };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const form = await readForm(args.request);
  const { intent = "", ...input } = otherFields(form);
  switch (intent) {
    case "paper":
      return taggedAction({ intent, target: input.budgetId }, async () => {
        await budgeting.enterPaperBallot(ctx, { ...input, choices: choicesFromForm(form) });
        return { message: "budgeting.staff.paperEntered" };
      });
    case "void":
      return taggedAction({ intent, target: input.ballotId }, async () => {
        await budgeting.voidPaperBallot(ctx, input);
        return { message: "budgeting.staff.voided" };
      });
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function StaffPaperBallots() {
  const { cycles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as DeskResult | undefined;
  const { t, date, locale } = useI18n();
  const name = (o: { nameFa: string; nameEn: string }) => (locale === "fa" ? o.nameFa : o.nameEn);
  return (
    <section aria-labelledby="paper" className="grid gap-6">
      <h2 id="paper" className="text-2xl font-bold">
        {t("budgeting.staff.nav.paper")}
      </h2>
      {/* A voided ballot leaves its list: the outcome shows here. */}
      <FormMessage result={result?.intent === "void" && result.ok ? result : undefined} />
      <DeskCycles cycles={cycles} empty="budgeting.staff.nothingToVote">
        {(c) => (
          <CycleCard key={c.id} cycle={c}>
            {(b) => {
              const paperResult = resultFor(result, "paper", b.id);
              const paperErrors = errorsFor(paperResult, "choices");
              if (!b.can.paper && !b.can.voidPaper) return <p>{t("budgeting.staff.notYours")}</p>;
              return (
                <>
                  {b.can.voidPaper ? (
                    <div className="mb-3">
                      <h5 className="mb-2 font-bold">{t("budgeting.staff.contested", { count: b.contested.length })}</h5>
                      <ul className="grid gap-3">
                        {b.contested.map((x) => {
                          const voidResult = resultFor(result, "void", x.id);
                          return (
                            <li key={x.id} className="rounded-md border border-amber-700 bg-amber-50 p-3" data-testid="contested-item">
                              <p className="mb-1">
                                {t("budgeting.staff.contestedItem", {
                                  member: x.memberNumber ?? "—",
                                  staff: x.enteredBy ?? t("budgeting.staff.unknownStaff"),
                                  point: x.pollingPoint ?? "—",
                                  date: date(x.castAt, true),
                                })}
                              </p>
                              {x.contestNote ? (
                                <p className="mb-2 text-sm" dir="auto">
                                  {t("budgeting.staff.contestNote", { note: x.contestNote })}
                                </p>
                              ) : null}
                              <FormMessage result={voidResult} />
                              <AppForm className="flex flex-wrap items-end gap-3">
                                <input type="hidden" name="intent" value="void" />
                                <input type="hidden" name="ballotId" value={x.id} />
                                <TextAreaField
                                  id={`void-${x.id}-reason`}
                                  name="reason"
                                  label={t("budgeting.staff.voidReason")}
                                  rows={2}
                                  errors={errs(voidResult, "reason")}
                                />
                                <div className="mb-4">
                                  <SubmitButton className="btn-danger">{t("budgeting.staff.void")}</SubmitButton>
                                </div>
                              </AppForm>
                            </li>
                          );
                        })}
                      </ul>
                    </div>
                  ) : null}
                  {b.can.paper && b.projects.length > 0 ? (
                    <details className="mt-2" open={!!paperResult}>
                      <summary className="cursor-pointer font-bold">{t("budgeting.staff.paper", { budget: name(b) })}</summary>
                      <div className="mt-3">
                        <FormMessage id={`paper-${b.id}-errors`} result={paperResult} errors={paperErrors} />
                        <AppForm>
                          <input type="hidden" name="intent" value="paper" />
                          <input type="hidden" name="budgetId" value={b.id} />
                          <div className="flex flex-wrap gap-3">
                            <InputField
                              id={`paper-${b.id}-member`}
                              name="memberNumber"
                              label={t("club.staff.memberNumber")}
                              hint={t("budgeting.staff.memberNumberHint")}
                              dir="ltr"
                              className="mb-4 w-56"
                              errors={errs(paperResult, "memberNumber")}
                            />
                            <InputField
                              id={`paper-${b.id}-point`}
                              name="pollingPoint"
                              label={t("budgeting.staff.pollingPoint")}
                              className="mb-4 w-72"
                              errors={errs(paperResult, "pollingPoint")}
                            />
                          </div>
                          <BallotFields
                            idPrefix={`paper-${b.id}`}
                            ballotType={b.ballotType}
                            maxPoints={b.points}
                            projects={b.projects}
                            chosen={{}}
                            legend={t("budgeting.staff.paperChoices")}
                            errorId={`paper-${b.id}-errors`}
                            invalid={paperErrors.length > 0}
                          />
                          <SubmitButton>{t("budgeting.staff.paperSubmit")}</SubmitButton>
                        </AppForm>
                      </div>
                    </details>
                  ) : null}
                </>
              );
            }}
          </CycleCard>
        )}
      </DeskCycles>
    </section>
  );
}
