// The staff desk's first page: every cycle with the budgets the viewer works on; admins move a
// cycle's phase and create cycles and budgets here. Rules and reading are the module's.
import { readForm } from "~/platform/http.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orErrorPage, taggedAction } from "~/components/action.server";
import { otherFields } from "~/components/budgeting/choices";
import { tehranDateTime, toTehranInput } from "~/components/budgeting/dates";
import { CycleCard, DeskCycles, deskView, fieldErrorsOf, resultFor, type DeskResult } from "~/components/budgeting/staff";
import { BOUNDARY_KEYS } from "~/components/budgeting/views";
import { InputField, SelectField, TextAreaField } from "~/components/fields";
import { AppForm, SubmitButton, FormMessage } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import * as budgeting from "~/modules/budgeting";
import { PHASES, RULES } from "~/modules/budgeting/public";
import { listRegions } from "~/modules/city";
import { requirePageRole } from "~/components/auth.server";
import type { MessageKey } from "~/platform/i18n";

export const meta = pageTitle("budgeting.staff.title");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const [cycles, regions] = await Promise.all([orErrorPage(() => budgeting.staffOverview(ctx.viewer, "cycles")), listRegions()]);
  const now = Date.now();
  const day = 86_400_000;
  return {
    isAdmin: budgeting.canAdministerBudgeting(ctx.viewer),
    cycles: deskView(cycles, () => ({})),
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

export async function action(args: ActionFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const { intent = "", ...input } = otherFields(await readForm(args.request));
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
        await budgeting.setCyclePhase(ctx, {
          cycleId: input.cycleId,
          phase: input.phase,
        });
        return { message: "budgeting.staff.phaseSet" };
      });
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function StaffCycles() {
  const { isAdmin, cycles, regions, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as DeskResult | undefined;
  const { t, locale } = useI18n();
  const name = (o: { nameFa: string; nameEn: string }) => (locale === "fa" ? o.nameFa : o.nameEn);
  const errs = fieldErrorsOf;
  const cycleResult = resultFor(result, "createCycle");
  const budgetResult = resultFor(result, "createBudget");
  return (
    <div className="grid gap-8">
      <section aria-labelledby="cycles" className="grid gap-6">
        <h2 id="cycles" className="text-2xl font-bold">
          {t("budgeting.cycles")}
        </h2>
        <DeskCycles cycles={cycles} empty="budgeting.none">
          {(c) => {
            const phaseResult = resultFor(result, "setPhase", c.id);
            const title = locale === "fa" ? c.titleFa : c.titleEn;
            return (
              <CycleCard
                key={c.id}
                cycle={c}
                controls={
                  isAdmin && !c.isStudy ? (
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
                              {t(`budgeting.phase.${p}` as MessageKey)}
                              {p === c.phase ? <span className="sr-only"> ({t("budgeting.timeline.now")})</span> : null}
                            </SubmitButton>
                          ))}
                        </div>
                      </AppForm>
                    </div>
                  ) : null
                }
              >
                {() => null}
              </CycleCard>
            );
          }}
        </DeskCycles>
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
              <InputField
                id="cy-slug"
                name="slug"
                label={t("budgeting.staff.slug")}
                hint={t("budgeting.error.slug")}
                dir="ltr"
                required
                errors={errs(cycleResult, "slug")}
              />
              <div className="grid gap-x-4 sm:grid-cols-2">
                <InputField
                  id="cy-titleFa"
                  name="titleFa"
                  lang="fa"
                  dir="rtl"
                  label={t("budgeting.staff.titleFa")}
                  required
                  errors={errs(cycleResult, "titleFa")}
                />
                <InputField
                  id="cy-titleEn"
                  name="titleEn"
                  lang="en"
                  dir="ltr"
                  label={t("budgeting.staff.titleEn")}
                  required
                  errors={errs(cycleResult, "titleEn")}
                />
                <TextAreaField
                  id="cy-descriptionFa"
                  name="descriptionFa"
                  lang="fa"
                  dir="rtl"
                  label={t("budgeting.staff.descriptionFa")}
                  errors={errs(cycleResult, "descriptionFa")}
                />
                <TextAreaField
                  id="cy-descriptionEn"
                  name="descriptionEn"
                  lang="en"
                  dir="ltr"
                  label={t("budgeting.staff.descriptionEn")}
                  errors={errs(cycleResult, "descriptionEn")}
                />
              </div>
              <fieldset className="mb-4">
                <legend className="mb-1 font-bold">{t("budgeting.timeline")}</legend>
                <p className="mb-2 text-sm text-gray-700">{t("budgeting.timeline.tehranTime")}</p>
                <div className="grid gap-x-4 sm:grid-cols-3">
                  {BOUNDARY_KEYS.map((k) => (
                    <InputField
                      key={k}
                      id={`cy-${k}`}
                      name={k}
                      type="datetime-local"
                      dir="ltr"
                      label={t(`budgeting.timeline.${k}` as MessageKey)}
                      defaultValue={defaults[k]}
                      required
                      errors={errs(cycleResult, k)}
                    />
                  ))}
                </div>
              </fieldset>
              <SelectField
                id="cy-officialRule"
                name="officialRule"
                label={t("budgeting.staff.officialRule")}
                defaultValue="mes_add1"
                errors={errs(cycleResult, "officialRule")}
              >
                {RULES.map((r) => (
                  <option key={r} value={r}>
                    {t(`budgeting.rule.${r}` as MessageKey)}
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
                <InputField
                  id="bu-nameFa"
                  name="nameFa"
                  lang="fa"
                  dir="rtl"
                  label={t("budgeting.staff.nameFa")}
                  required
                  errors={errs(budgetResult, "nameFa")}
                />
                <InputField
                  id="bu-nameEn"
                  name="nameEn"
                  lang="en"
                  dir="ltr"
                  label={t("budgeting.staff.nameEn")}
                  required
                  errors={errs(budgetResult, "nameEn")}
                />
                <SelectField
                  id="bu-regionId"
                  name="regionId"
                  label={t("budgeting.area")}
                  defaultValue=""
                  errors={errs(budgetResult, "regionId")}
                >
                  <option value="">{t("budgeting.cityWide")}</option>
                  {regions.map((r) => (
                    <option key={r.id} value={r.id}>
                      {name(r)}
                    </option>
                  ))}
                </SelectField>
                <InputField
                  id="bu-amountRials"
                  name="amountRials"
                  label={t("budgeting.staff.amountRials")}
                  inputMode="numeric"
                  dir="ltr"
                  required
                  errors={errs(budgetResult, "amountRials")}
                />
                <SelectField id="bu-ballotType" name="ballotType" label={t("budgeting.ballot")} errors={errs(budgetResult, "ballotType")}>
                  {(["approval", "knapsack", "cumulative"] as const).map((bt) => (
                    <option key={bt} value={bt}>
                      {t(`budgeting.ballotType.short.${bt}` as MessageKey)}
                    </option>
                  ))}
                </SelectField>
                <InputField
                  id="bu-maxChoices"
                  name="maxChoices"
                  type="number"
                  min={1}
                  max={100}
                  dir="ltr"
                  label={t("budgeting.staff.maxChoices")}
                  hint={t("budgeting.staff.maxChoicesHint")}
                  errors={errs(budgetResult, "maxChoices")}
                />
                <InputField
                  id="bu-points"
                  name="points"
                  type="number"
                  min={2}
                  max={1000}
                  dir="ltr"
                  label={t("budgeting.staff.points")}
                  hint={t("budgeting.staff.pointsHint")}
                  errors={errs(budgetResult, "points")}
                />
                <SelectField
                  id="bu-minVerification"
                  name="minVerification"
                  label={t("budgeting.staff.minVerification")}
                  defaultValue="email"
                  errors={errs(budgetResult, "minVerification")}
                >
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
        </>
      ) : null}
    </div>
  );
}
