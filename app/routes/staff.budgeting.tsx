// Staff desk for participatory budgeting: cycles and budgets, phases, proposal review, results,
// paper ballots, the census import and Pabulib interchange. The page opens to any staff member;
// each module function checks the exact role (admin, manager, operator/officer for paper ballots).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { orErrorPage, taggedAction } from "~/components/action.server";
import { choicesFromForm, otherFields } from "~/components/budgeting/choices";
import { tehranDateTime, toTehranInput } from "~/components/budgeting/dates";
import { pageTitle } from "~/components/meta";
import { BallotFields, errorsFor, Money, PhaseBadge } from "~/components/budgeting/ui";
import { InputField, SelectField, TextAreaField } from "~/components/fields";
import { BOUNDARY_KEYS, budgetView, cycleView, projectView } from "~/components/budgeting/views";
import { FormMessage, AppForm, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import * as budgeting from "~/modules/budgeting";
import { PHASES, RULES } from "~/modules/budgeting/schemas";
import { listRegions } from "~/modules/city";
import * as club from "~/modules/club";
import { hasRole } from "~/modules/identity";
import { requirePageRole } from "~/platform/http.server";
import { encodeMessage } from "~/platform/i18n";

export const meta = pageTitle("budgeting.staff.title");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const [cycles, regions] = await Promise.all([orErrorPage(() => budgeting.staffOverview(ctx.viewer)), listRegions()]);
  const withProjects = await Promise.all(
    cycles.map(async (c) => ({
      ...cycleView(c),
      budgets: await Promise.all(
        c.budgets.map(async (b) => ({
          ...budgetView(b),
          ballots: b._count.ballots,
          hasResults: b._count.results > 0,
          submitted: b.proposals.map((p) => ({ ...projectView(p), createdAt: p.createdAt.toISOString() })),
          // Paper ballots are entered while voting is open: the ballot's projects are needed then.
          projects: c.phase === "voting" ? (await budgeting.ballotProjects(b.id)).map(projectView) : [],
          // After the results: the selected projects, to record their implementation.
          selected:
            c.phase === "results" || c.phase === "implementation"
              ? (await budgeting.implementationOf(b.id)).map((p) => ({ id: p.id, title: p.title, status: p.implementationStatus ?? "not_started", milestones: p.milestones.map((m) => ({ id: m.id, title: m.title, reachedAt: m.reachedAt.toISOString() })) }))
              : [],
        })),
      ),
    })),
  );
  const now = Date.now();
  const day = 86_400_000;
  return {
    isAdmin: hasRole(ctx.viewer, "admin"),
    canEnterPaper: hasRole(ctx.viewer, "admin") || hasRole(ctx.viewer, "operator") || hasRole(ctx.viewer, "officer"),
    cycles: withProjects,
    regions,
    // A sensible default schedule for a new cycle (Tehran time): proposals for two weeks, a week of
    // review, two weeks of voting, implementation a month after.
    defaults: {
      proposalsOpenAt: toTehranInput(new Date(now)),
      reviewAt: toTehranInput(new Date(now + 14 * day)),
      votingOpenAt: toTehranInput(new Date(now + 21 * day)),
      votingCloseAt: toTehranInput(new Date(now + 35 * day)),
      implementationAt: toTehranInput(new Date(now + 65 * day)),
    },
  };
}

/** "137-000123", "۱۳۷-۰۰۰۱۲۳" or "123": the member number as the module expects it. */
function memberNumberOf(value: string | undefined) {
  if (!value) return value;
  const latin = value.trim().replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d)));
  const match = /^(?:137-?)?0*(\d+)$/.exec(latin);
  return match ? match[1] : latin;
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const form = await args.request.formData();
  const values = otherFields(form);
  const { intent = "", ...input } = values;
  const empty = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v);
  switch (intent) {
    case "createCycle":
      return taggedAction({ intent }, async () => {
        const dates = Object.fromEntries(BOUNDARY_KEYS.map((k) => [k, tehranDateTime(empty(input[k]))]));
        const cycle = await budgeting.createCycle(ctx, { ...input, ...dates });
        return { message: "budgeting.staff.cycleCreated", slug: cycle.slug };
      });
    case "createBudget":
      return taggedAction({ intent }, async () => {
        await budgeting.createBudget(ctx, input);
        return { message: "budgeting.staff.budgetCreated" };
      });
    case "setPhase":
      return taggedAction({ intent, target: input.cycleId }, async () => {
        await budgeting.setCyclePhase(ctx, { cycleId: input.cycleId, phase: input.phase });
        return { message: "budgeting.staff.phaseSet" };
      });
    case "review":
      return taggedAction({ intent, target: input.proposalId, scope: input.budgetId }, async () => {
        const { budgetId: _budgetId, ...review } = input;
        await budgeting.reviewProposal(ctx, review);
        return { message: input.decision === "accept" ? "budgeting.staff.accepted" : "budgeting.staff.rejected" };
      });
    case "compute":
      return taggedAction({ intent, target: input.budgetId }, async () => {
        const computed = await budgeting.computeResults(ctx, input.budgetId);
        return { message: encodeMessage("budgeting.staff.computed", { count: computed.selected.length }) };
      });
    case "paper":
      return taggedAction({ intent, target: input.budgetId }, async () => {
        await budgeting.enterPaperBallot(ctx, { ...input, memberNumber: memberNumberOf(empty(input.memberNumber)), choices: choicesFromForm(form) });
        return { message: "budgeting.staff.paperEntered" };
      });
    case "implementation":
      return taggedAction({ intent, target: input.proposalId }, async () => {
        await budgeting.setImplementationStatus(ctx, input);
        return { message: "budgeting.staff.implementationSaved" };
      });
    case "milestone":
      return taggedAction({ intent, target: input.proposalId }, async () => {
        await budgeting.addMilestone(ctx, { ...input, reachedAt: input.reachedAt ? tehranDateTime(`${input.reachedAt}T12:00`) : undefined });
        return { message: "budgeting.staff.milestoneAdded" };
      });
    case "census":
      return taggedAction({ intent }, async () => {
        const imported = await club.importCensus(ctx, { csv: input.csv ?? "" });
        return { message: encodeMessage("club.staff.censusDone", { rows: imported.rows, added: imported.added }) };
      });
    case "importPb":
      return taggedAction({ intent }, async () => {
        const cycle = await budgeting.importPb(ctx, input.text ?? "", input.slug ?? "");
        return { message: "budgeting.staff.imported", slug: cycle.slug };
      });
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

type Result = ActionResult & { intent?: string; target?: string; scope?: string; slug?: string };

export default function StaffBudgeting() {
  const { isAdmin, canEnterPaper, cycles, regions, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const { t, date, locale, name } = useI18n();
  const resultOf = (intent: string, target?: string) => (result?.intent === intent && (target === undefined || result.target === target) ? result : undefined);
  const errs = (r: Result | undefined, field: string) => (r && !r.ok ? r.fieldErrors?.[field] : undefined);
  const cycleResult = resultOf("createCycle");
  const budgetResult = resultOf("createBudget");
  const censusResult = resultOf("census");
  const pbResult = resultOf("importPb");
  return (
    <div className="grid gap-8">
      <div>
        <h1 className="mb-2 text-3xl font-bold">{t("budgeting.staff.title")}</h1>
        <p className="max-w-3xl">{t("budgeting.staff.intro")}</p>
      </div>

      <section aria-labelledby="cycles" className="grid gap-6">
        <h2 id="cycles" className="text-2xl font-bold">
          {t("budgeting.cycles")}
        </h2>
        {cycles.length === 0 ? <p>{t("budgeting.none")}</p> : null}
        {cycles.map((c) => {
          const phaseResult = resultOf("setPhase", c.id);
          const title = locale === "fa" ? c.titleFa : c.titleEn;
          return (
            <article key={c.id} aria-labelledby={`cycle-${c.id}`} className="card grid gap-4">
              <header>
                <h3 id={`cycle-${c.id}`} className="text-xl font-bold">
                  <Link className="link" to={`/budgeting/${c.slug}`}>
                    {title}
                  </Link>
                </h3>
                <p className="mt-1 flex flex-wrap items-center gap-2">
                  <PhaseBadge phase={c.phase} />
                  <bdi dir="ltr" className="font-mono text-sm">
                    {c.slug}
                  </bdi>
                  {c.isStudy ? <span className="rounded-full border border-gray-500 px-3 py-0.5 text-sm">{t("budgeting.study")}</span> : null}
                </p>
                <p className="mt-1 text-sm">{t("budgeting.votingDates", { from: date(c.dates.votingOpenAt, true), to: date(c.dates.votingCloseAt, true) })}</p>
              </header>

              {isAdmin && !c.isStudy ? (
                <div>
                  <FormMessage result={phaseResult} />
                  <AppForm>
                    <input type="hidden" name="intent" value="setPhase" />
                    <input type="hidden" name="cycleId" value={c.id} />
                    <div role="group" aria-labelledby={`phase-${c.id}`} className="flex flex-wrap items-center gap-2">
                      <span id={`phase-${c.id}`} className="font-bold">
                        {t("budgeting.staff.setPhase", { cycle: title })}
                      </span>
                      {PHASES.map((p) => (
                        <SubmitButton key={p} className="btn-secondary" name="phase" value={p}>
                          {t(`budgeting.phase.${p}`)}
                          {p === c.phase ? <span className="sr-only"> ({t("budgeting.timeline.now")})</span> : null}
                        </SubmitButton>
                      ))}
                    </div>
                  </AppForm>
                </div>
              ) : null}

              {c.budgets.length === 0 ? <p>{t("budgeting.noBudgets")}</p> : null}
              {c.budgets.map((b) => {
                const computeResult = resultOf("compute", b.id);
                const paperResult = resultOf("paper", b.id);
                const paperErrors = errorsFor(paperResult, "choices");
                const closed = c.phase === "results" || c.phase === "implementation";
                // An accepted or rejected proposal leaves the list: its outcome shows on the budget.
                const reviewed = result?.intent === "review" && result.scope === b.id ? result : undefined;
                return (
                  <section key={b.id} aria-labelledby={`budget-${b.id}`} className="rounded-md border border-gray-300 p-4">
                    <h4 id={`budget-${b.id}`} className="text-lg font-bold">
                      {name(b)}
                    </h4>
                    <p className="mb-3 text-sm">
                      {b.region ? name(b.region) : t("budgeting.cityWide")} · <Money rials={b.amountRials} /> · {t(`budgeting.ballotType.short.${b.ballotType}`)} ·{" "}
                      {t("budgeting.staff.ballots", { count: b.ballots })}
                    </p>

                    {c.phase === "proposals" || c.phase === "review" ? (
                      <>
                        <h5 className="mb-2 font-bold">{t("budgeting.staff.toReview", { count: b.submitted.length })}</h5>
                        <FormMessage result={reviewed?.ok ? reviewed : undefined} />
                        <ul className="grid gap-3">
                          {b.submitted.map((p) => {
                            const reviewResult = reviewed && !reviewed.ok && reviewed.target === p.id ? reviewed : undefined;
                            return (
                              <li key={p.id} className="rounded-md border border-gray-200 bg-gray-50 p-3" data-testid="review-item">
                                <p className="font-bold" dir="auto">{p.title}</p>
                                <p className="text-sm whitespace-pre-line" dir="auto">{p.description}</p>
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
                                  <TextAreaField id={`rv-${p.id}-reason`} name="reason" label={t("budgeting.review.reason")} rows={2} errors={errs(reviewResult, "reason")} />
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
                    ) : null}

                    {closed ? (
                      <div className="mt-2 flex flex-wrap items-center gap-3">
                        {isAdmin ? (
                          <AppForm>
                            <input type="hidden" name="intent" value="compute" />
                            <input type="hidden" name="budgetId" value={b.id} />
                            <SubmitButton>{b.hasResults ? t("budgeting.staff.recompute", { budget: name(b) }) : t("budgeting.staff.compute", { budget: name(b) })}</SubmitButton>
                          </AppForm>
                        ) : null}
                        <Link className="link" to={`/budgeting/${c.slug}/results/${b.id}`}>
                          {t("budgeting.link.results", { budget: name(b) })}
                        </Link>
                        <a className="link" href={`/staff/budgeting/export/${b.id}`} download>
                          {t("budgeting.staff.export", { budget: name(b) })}
                        </a>
                      </div>
                    ) : null}
                    {closed ? <FormMessage result={computeResult} /> : null}
                    {closed && b.selected.length > 0 ? (
                      <details className="mt-2">
                        <summary className="cursor-pointer font-bold">{t("budgeting.staff.implementation", { budget: name(b) })}</summary>
                        <ul className="mt-2 grid gap-3">
                          {b.selected.map((p) => (
                            <li key={p.id} className="rounded-md border border-gray-300 p-3" data-testid="implementation-item">
                              <p className="mb-2 font-bold" dir="auto">
                                {p.title}
                              </p>
                              <FormMessage result={resultOf("implementation", p.id) ?? resultOf("milestone", p.id)} />
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
                                <InputField id={`ms-title-${p.id}`} name="title" label={t("budgeting.staff.milestoneTitle")} errors={errorsFor(resultOf("milestone", p.id), "title")} />
                                <InputField id={`ms-date-${p.id}`} name="reachedAt" type="date" dir="ltr" label={t("budgeting.staff.milestoneDate")} errors={errorsFor(resultOf("milestone", p.id), "reachedAt")} />
                                <div className="mb-4">
                                  <SubmitButton className="btn-secondary">{t("budgeting.staff.addMilestone")}</SubmitButton>
                                </div>
                              </AppForm>
                            </li>
                          ))}
                        </ul>
                      </details>
                    ) : null}

                    {c.phase === "voting" && canEnterPaper && b.projects.length > 0 ? (
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
                              <InputField id={`paper-${b.id}-point`} name="pollingPoint" label={t("budgeting.staff.pollingPoint")} className="mb-4 w-72" errors={errs(paperResult, "pollingPoint")} />
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
                  </section>
                );
              })}
            </article>
          );
        })}
      </section>

      {isAdmin ? (
        <>
          <section aria-labelledby="new-cycle" className="card">
            <h2 id="new-cycle" className="mb-3 text-2xl font-bold">
              {t("budgeting.staff.newCycle")}
            </h2>
            <FormMessage result={cycleResult} />
            <AppForm>
              <input type="hidden" name="intent" value="createCycle" />
              <InputField id="cy-slug" name="slug" label={t("budgeting.staff.slug")} hint={t("budgeting.error.slug")} dir="ltr" required errors={errs(cycleResult, "slug")} />
              <div className="grid gap-x-4 sm:grid-cols-2">
                <InputField id="cy-titleFa" name="titleFa" lang="fa" dir="rtl" label={t("budgeting.staff.titleFa")} required errors={errs(cycleResult, "titleFa")} />
                <InputField id="cy-titleEn" name="titleEn" lang="en" dir="ltr" label={t("budgeting.staff.titleEn")} required errors={errs(cycleResult, "titleEn")} />
                <TextAreaField id="cy-descriptionFa" name="descriptionFa" lang="fa" dir="rtl" label={t("budgeting.staff.descriptionFa")} errors={errs(cycleResult, "descriptionFa")} />
                <TextAreaField id="cy-descriptionEn" name="descriptionEn" lang="en" dir="ltr" label={t("budgeting.staff.descriptionEn")} errors={errs(cycleResult, "descriptionEn")} />
              </div>
              <fieldset className="mb-4">
                <legend className="mb-1 font-bold">{t("budgeting.timeline")}</legend>
                <p className="mb-2 text-sm text-gray-700">{t("budgeting.timeline.tehranTime")}</p>
                <div className="grid gap-x-4 sm:grid-cols-3">
                  {BOUNDARY_KEYS.map((k) => (
                    <InputField key={k} id={`cy-${k}`} name={k} type="datetime-local" dir="ltr" label={t(`budgeting.timeline.${k}`)} defaultValue={defaults[k]} required errors={errs(cycleResult, k)} />
                  ))}
                </div>
              </fieldset>
              <SelectField id="cy-officialRule" name="officialRule" label={t("budgeting.staff.officialRule")} defaultValue="mes_add1" errors={errs(cycleResult, "officialRule")}>
                {RULES.map((r) => (
                  <option key={r} value={r}>
                    {t(`budgeting.rule.${r}`)}
                  </option>
                ))}
              </SelectField>
              <SubmitButton>{t("budgeting.staff.createCycle")}</SubmitButton>
            </AppForm>
          </section>

          <section aria-labelledby="new-budget" className="card">
            <h2 id="new-budget" className="mb-3 text-2xl font-bold">
              {t("budgeting.staff.newBudget")}
            </h2>
            <FormMessage result={budgetResult} />
            <AppForm>
              <input type="hidden" name="intent" value="createBudget" />
              <SelectField id="bu-cycleId" name="cycleId" label={t("budgeting.staff.cycle")} errors={errs(budgetResult, "cycleId")}>
                {cycles
                  .filter((c) => !c.isStudy)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {locale === "fa" ? c.titleFa : c.titleEn}
                    </option>
                  ))}
              </SelectField>
              <div className="grid gap-x-4 sm:grid-cols-2">
                <InputField id="bu-nameFa" name="nameFa" lang="fa" dir="rtl" label={t("budgeting.staff.nameFa")} required errors={errs(budgetResult, "nameFa")} />
                <InputField id="bu-nameEn" name="nameEn" lang="en" dir="ltr" label={t("budgeting.staff.nameEn")} required errors={errs(budgetResult, "nameEn")} />
                <SelectField id="bu-regionId" name="regionId" label={t("budgeting.area")} defaultValue="" errors={errs(budgetResult, "regionId")}>
                  <option value="">{t("budgeting.cityWide")}</option>
                  {regions.map((r) => (
                    <option key={r.id} value={r.id}>
                      {name(r)}
                    </option>
                  ))}
                </SelectField>
                <InputField id="bu-amountRials" name="amountRials" label={t("budgeting.staff.amountRials")} inputMode="numeric" dir="ltr" required errors={errs(budgetResult, "amountRials")} />
                <SelectField id="bu-ballotType" name="ballotType" label={t("budgeting.ballot")} errors={errs(budgetResult, "ballotType")}>
                  {(["approval", "knapsack", "cumulative"] as const).map((bt) => (
                    <option key={bt} value={bt}>
                      {t(`budgeting.ballotType.short.${bt}`)}
                    </option>
                  ))}
                </SelectField>
                <InputField id="bu-maxChoices" name="maxChoices" type="number" min={1} max={100} dir="ltr" label={t("budgeting.staff.maxChoices")} hint={t("budgeting.staff.maxChoicesHint")} errors={errs(budgetResult, "maxChoices")} />
                <InputField id="bu-points" name="points" type="number" min={2} max={1000} dir="ltr" label={t("budgeting.staff.points")} hint={t("budgeting.staff.pointsHint")} errors={errs(budgetResult, "points")} />
                <SelectField id="bu-minVerification" name="minVerification" label={t("budgeting.staff.minVerification")} defaultValue="email" errors={errs(budgetResult, "minVerification")}>
                  {(["email", "phone", "resident"] as const).map((l) => (
                    <option key={l} value={l}>
                      {t(`club.level.${l}`)}
                    </option>
                  ))}
                </SelectField>
              </div>
              <div className="mb-4">
                <label className="inline-flex items-center gap-2">
                  <input type="checkbox" name="residentsOnly" value="true" defaultChecked className="size-4" />
                  {t("budgeting.staff.residentsOnly")}
                </label>
              </div>
              <SubmitButton>{t("budgeting.staff.createBudget")}</SubmitButton>
            </AppForm>
          </section>

          <section aria-labelledby="census" className="card">
            <h2 id="census" className="mb-3 text-2xl font-bold">
              {t("club.staff.census")}
            </h2>
            <FormMessage result={censusResult} />
            <AppForm>
              <input type="hidden" name="intent" value="census" />
              <TextAreaField id="census-csv" name="csv" dir="ltr" rows={6} spellCheck={false} className="input font-mono text-sm" label={t("budgeting.staff.csv")} hint={t("budgeting.staff.csvHint")} errors={errs(censusResult, "csv")} />
              <SubmitButton>{t("budgeting.staff.importCensus")}</SubmitButton>
            </AppForm>
          </section>

          <section aria-labelledby="pabulib" className="card">
            <h2 id="pabulib" className="mb-3 text-2xl font-bold">
              {t("budgeting.staff.pabulib")}
            </h2>
            <p className="mb-3 max-w-3xl">{t("budgeting.staff.pabulibIntro")}</p>
            <FormMessage result={pbResult} />
            {pbResult?.ok && pbResult.slug ? (
              <p className="mb-3">
                <Link className="link" to={`/budgeting/${pbResult.slug}`}>
                  {t("budgeting.staff.openImported")}
                </Link>
              </p>
            ) : null}
            <AppForm>
              <input type="hidden" name="intent" value="importPb" />
              <InputField id="pb-slug" name="slug" dir="ltr" label={t("budgeting.staff.slug")} hint={t("budgeting.error.slug")} errors={errs(pbResult, "slug")} />
              <TextAreaField id="pb-text" name="text" dir="ltr" rows={8} spellCheck={false} className="input font-mono text-sm" label={t("budgeting.staff.pbFile")} errors={errs(pbResult, "text")} />
              <SubmitButton>{t("budgeting.staff.importPb")}</SubmitButton>
            </AppForm>
          </section>
        </>
      ) : null}

    </div>
  );
}
