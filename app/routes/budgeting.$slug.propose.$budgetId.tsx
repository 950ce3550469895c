// A member proposes a project for one budget (during the proposals phase).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { orErrorPage } from "~/components/action.server";
import { pageTitle } from "~/components/meta";
import { BudgetFacts } from "~/components/budgeting/ui";
import { InputField, SelectField, TextAreaField } from "~/components/fields";
import { budgetView } from "~/components/budgeting/views";
import { AppForm, FormMessage, SubmitButton, fieldErrors, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { LocationPicker } from "~/components/map/LocationPicker";
import * as budgeting from "~/modules/budgeting";
import * as club from "~/modules/club";
import { formAction, formWithUploads } from "~/platform/http.server";
import { requireSignedIn } from "~/components/auth.server";

export const meta = pageTitle("budgeting.propose");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requireSignedIn(args);
  const budget = await orErrorPage(() => budgeting.getBudget(String(args.params.slug), String(args.params.budgetId)));
  const [membership, categories] = await Promise.all([club.membershipOf(ctx.viewer), club.listInterestCategories()]);
  return {
    slug: budget.cycle.slug,
    cycleTitle: { fa: budget.cycle.titleFa, en: budget.cycle.titleEn },
    phase: budget.phase,
    budget: budgetView(budget),
    member: !!membership?.member,
    categories,
  };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requireSignedIn(args);
  const budget = await orErrorPage(() => budgeting.getBudget(String(args.params.slug), String(args.params.budgetId)));
  return formAction(async () => {
    const { values, uploads } = await formWithUploads(args.request, "photos");
    const proposal = await budgeting.submitProposal(ctx, { ...values, budgetId: budget.id }, uploads);
    return { message: "budgeting.proposal.submitted", code: proposal.code };
  });
}

export default function Propose() {
  const { slug, cycleTitle, phase, budget, member, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t, locale, name } = useI18n();
  const budgetName = name(budget);
  return (
    <div className="grid max-w-3xl gap-6">
      <p>
        <Link className="link" to={`/budgeting/${slug}`}>
          {locale === "fa" ? cycleTitle.fa : cycleTitle.en}
        </Link>
      </p>
      <h1 className="text-3xl font-bold">{t("budgeting.propose.title", { budget: budgetName })}</h1>
      <div className="card">
        <BudgetFacts budget={budget} />
      </div>
      {result?.ok ? (
        <div className="card grid gap-3">
          <FormMessage result={result} />
          <p>
            <Link className="link" to={`/budgeting/${slug}`}>
              {t("budgeting.backToCycle")}
            </Link>
          </p>
        </div>
      ) : !member ? (
        <p role="status" className="card">
          {t("club.error.notMember")}{" "}
          <Link className="link" to="/club">
            {t("budgeting.joinClub")}
          </Link>
        </p>
      ) : phase !== "proposals" ? (
        <p role="status" className="card">
          {t("budgeting.error.notInPhase")}
        </p>
      ) : (
        <div className="card">
          <FormMessage result={result} />
          <AppForm encType="multipart/form-data">
            <InputField id="p-title" name="title" label={t("budgeting.proposal.title")} required errors={fieldErrors(result, "title")} />
            <TextAreaField
              id="p-description"
              name="description"
              label={t("budgeting.proposal.description")}
              hint={t("budgeting.proposal.descriptionHint")}
              rows={6}
              required
              errors={fieldErrors(result, "description")}
            />
            <SelectField
              id="p-categoryId"
              name="categoryId"
              label={t("budgeting.proposal.category")}
              defaultValue=""
              errors={fieldErrors(result, "categoryId")}
            >
              <option value="">{t("budgeting.proposal.noCategory")}</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {name(c)}
                </option>
              ))}
            </SelectField>
            <InputField
              id="p-estimatedCostRials"
              name="estimatedCostRials"
              label={t("budgeting.proposal.cost")}
              hint={t("budgeting.proposal.costHint")}
              inputMode="numeric"
              dir="ltr"
              required
              errors={fieldErrors(result, "estimatedCostRials")}
            />
            <LocationPicker
              latName="latitude"
              lngName="longitude"
              legend={t("budgeting.proposal.location")}
              latErrors={fieldErrors(result, "latitude")}
              lngErrors={fieldErrors(result, "longitude")}
            />
            <InputField
              id="p-photos"
              name="photos"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              multiple
              label={t("media.photos")}
              errors={fieldErrors(result, "photos")}
            />
            <SubmitButton>{t("budgeting.proposal.submit")}</SubmitButton>
          </AppForm>
        </div>
      )}
    </div>
  );
}
