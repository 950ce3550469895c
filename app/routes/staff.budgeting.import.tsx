// The staff desk's imports, for admins: the census (hashed national IDs, for residency) and
// Pabulib files (closed study cycles).
import { readForm } from "~/platform/http.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { taggedAction } from "~/components/action.server";
import { otherFields } from "~/components/budgeting/choices";
import { fieldErrorsOf, resultFor, type DeskResult } from "~/components/budgeting/staff";
import { InputField, TextAreaField } from "~/components/fields";
import { AppForm, SubmitButton, FormMessage } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import * as budgeting from "~/modules/budgeting";
import * as club from "~/modules/club";
import { requirePageRole } from "~/components/auth.server";
import { encodeMessage } from "~/platform/i18n";

export const meta = pageTitle("budgeting.staff.nav.imports");

export async function loader(args: LoaderFunctionArgs) {
  await requirePageRole(args, "admin");
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requirePageRole(args, "admin");
  const { intent = "", ...input } = otherFields(await readForm(args.request));
  switch (intent) {
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

export default function StaffImports() {
  const result = useActionData<typeof action>() as DeskResult | undefined;
  const { t } = useI18n();
  const censusResult = resultFor(result, "census");
  const pbResult = resultFor(result, "importPb");
  return (
    <div className="grid gap-8">
      <section aria-labelledby="census" className="card">
        <h2 id="census" className="mb-3 text-2xl font-bold">
          {t("club.staff.census")}
        </h2>
        <FormMessage result={censusResult} />
        <AppForm>
          <input type="hidden" name="intent" value="census" />
          <TextAreaField
            id="census-csv"
            name="csv"
            dir="ltr"
            rows={6}
            spellCheck={false}
            className="input font-mono text-sm"
            label={t("budgeting.staff.csv")}
            hint={t("budgeting.staff.csvHint")}
            errors={fieldErrorsOf(censusResult, "csv")}
          />
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
          <InputField
            id="pb-slug"
            name="slug"
            dir="ltr"
            label={t("budgeting.staff.slug")}
            hint={t("budgeting.error.slug")}
            errors={fieldErrorsOf(pbResult, "slug")}
          />
          <TextAreaField
            id="pb-text"
            name="text"
            dir="ltr"
            rows={8}
            spellCheck={false}
            className="input font-mono text-sm"
            label={t("budgeting.staff.pbFile")}
            errors={fieldErrorsOf(pbResult, "text")}
          />
          <SubmitButton>{t("budgeting.staff.importPb")}</SubmitButton>
        </AppForm>
      </section>
    </div>
  );
}
