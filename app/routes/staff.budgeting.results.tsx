// The staff desk after voting closes: admins compute the results; the budget's managers record the
// selected projects' implementation (status, public milestones). Links to the public results and
// the Pabulib export.
import { readForm } from "~/platform/http.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { orErrorPage, taggedAction } from "~/components/action.server";
import { otherFields } from "~/components/budgeting/choices";
import { tehranDateTime } from "~/components/budgeting/dates";
import { CycleCard, DeskCycles, deskView, resultFor, type DeskResult } from "~/components/budgeting/staff";
import { errorsFor } from "~/components/budgeting/ui";
import { InputField, SelectField } from "~/components/fields";
import { AppForm, SubmitButton, FormMessage } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import * as budgeting from "~/modules/budgeting";
import { requirePageRole } from "~/components/auth.server";
import { encodeMessage } from "~/platform/i18n";

export const meta = pageTitle("budgeting.staff.nav.results");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const cycles = await orErrorPage(() => budgeting.staffOverview(ctx.viewer, "results"));
  return {
    isAdmin: budgeting.canAdministerBudgeting(ctx.viewer),
    cycles: deskView(
      cycles.filter((c) => c.phase === "results" || c.phase === "implementation"),
      (b) => ({
        selected: b.selected.map((p) => ({
          id: p.id,
          title: p.title,
          status: p.implementationStatus ?? "not_started",
          milestones: p.milestones.map((m) => ({ id: m.id, title: m.title, reachedAt: m.reachedAt.toISOString() })),
        })),
      }),
    ),
  };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const { intent = "", ...input } = otherFields(await readForm(args.request));
  switch (intent) {
    case "compute":
      return taggedAction({ intent, target: input.budgetId }, async () => {
        const computed = await budgeting.computeResults(ctx, input.budgetId);
        return { message: encodeMessage("budgeting.staff.computed", { count: computed.selected.length }) };
      });
    case "implementation":
      return taggedAction({ intent, target: input.proposalId }, async () => {
        await budgeting.setImplementationStatus(ctx, input);
        return { message: "budgeting.staff.implementationSaved" };
      });
    case "milestone":
      return taggedAction({ intent, target: input.proposalId }, async () => {
        await budgeting.addMilestone(ctx, {
          ...input,
          reachedAt: input.reachedAt ? tehranDateTime(`${input.reachedAt}T12:00`) : undefined,
        });
        return { message: "budgeting.staff.milestoneAdded" };
      });
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function StaffResults() {
  const { isAdmin, cycles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as DeskResult | undefined;
  const { t, date, locale } = useI18n();
  const name = (o: { nameFa: string; nameEn: string }) => (locale === "fa" ? o.nameFa : o.nameEn);
  return (
    <section aria-labelledby="results" className="grid gap-6">
      <h2 id="results" className="text-2xl font-bold">
        {t("budgeting.staff.nav.results")}
      </h2>
      <DeskCycles cycles={cycles} empty="budgeting.staff.nothingClosed">
        {(c) => (
          <CycleCard key={c.id} cycle={c}>
            {(b) => {
              const computeResult = resultFor(result, "compute", b.id);
              return (
                <>
                  <div className="mt-2 flex flex-wrap items-center gap-3">
                    {isAdmin ? (
                      <AppForm>
                        <input type="hidden" name="intent" value="compute" />
                        <input type="hidden" name="budgetId" value={b.id} />
                        <SubmitButton>
                          {b.hasResults
                            ? t("budgeting.staff.recompute", { budget: name(b) })
                            : t("budgeting.staff.compute", { budget: name(b) })}
                        </SubmitButton>
                      </AppForm>
                    ) : null}
                    <Link className="link" to={`/budgeting/${c.slug}/results/${b.id}`}>
                      {t("budgeting.link.results", { budget: name(b) })}
                    </Link>
                    <a className="link" href={`/staff/budgeting/export/${b.id}`} download>
                      {t("budgeting.staff.export", { budget: name(b) })}
                    </a>
                  </div>
                  <FormMessage result={computeResult} />
                  {b.can.implementation && b.selected.length > 0 ? (
                    <details className="mt-2">
                      <summary className="cursor-pointer font-bold">{t("budgeting.staff.implementation", { budget: name(b) })}</summary>
                      <ul className="mt-2 grid gap-3">
                        {b.selected.map((p) => (
                          <li key={p.id} className="rounded-md border border-gray-300 p-3" data-testid="implementation-item">
                            <p className="mb-2 font-bold" dir="auto">
                              {p.title}
                            </p>
                            <FormMessage result={resultFor(result, "implementation", p.id) ?? resultFor(result, "milestone", p.id)} />
                            <AppForm className="mb-3 flex flex-wrap items-end gap-3">
                              <input type="hidden" name="intent" value="implementation" />
                              <input type="hidden" name="proposalId" value={p.id} />
                              <SelectField id={`impl-${p.id}`} name="status" label={t("budgeting.implementation")} defaultValue={p.status}>
                                {(["not_started", "in_progress", "completed", "cancelled"] as const).map((st) => (
                                  <option key={st} value={st}>
                                    {t(`budgeting.implementation.${st}`)}
                                  </option>
                                ))}
                              </SelectField>
                              <div className="mb-4">
                                <SubmitButton className="btn-secondary">{t("common.save")}</SubmitButton>
                              </div>
                            </AppForm>
                            {p.milestones.length ? (
                              <ul className="mb-2 list-disc ps-5 text-sm">
                                {p.milestones.map((m) => (
                                  <li key={m.id}>
                                    {date(m.reachedAt)} — <bdi>{m.title}</bdi>
                                  </li>
                                ))}
                              </ul>
                            ) : null}
                            <AppForm className="flex flex-wrap items-end gap-3">
                              <input type="hidden" name="intent" value="milestone" />
                              <input type="hidden" name="proposalId" value={p.id} />
                              <InputField
                                id={`ms-title-${p.id}`}
                                name="title"
                                label={t("budgeting.staff.milestoneTitle")}
                                errors={errorsFor(resultFor(result, "milestone", p.id), "title")}
                              />
                              <InputField
                                id={`ms-date-${p.id}`}
                                name="reachedAt"
                                type="date"
                                dir="ltr"
                                label={t("budgeting.staff.milestoneDate")}
                                errors={errorsFor(resultFor(result, "milestone", p.id), "reachedAt")}
                              />
                              <div className="mb-4">
                                <SubmitButton className="btn-secondary">{t("budgeting.staff.addMilestone")}</SubmitButton>
                              </div>
                            </AppForm>
                          </li>
                        ))}
                      </ul>
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
