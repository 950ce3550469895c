// Anyone holding a receipt code checks that the ballot is counted as cast (no sign-in needed; the
// check shows no choices).
import type { ActionFunctionArgs } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { pageTitle } from "~/components/meta";
import { InputField } from "~/components/fields";
import { AppForm, FormMessage, SubmitButton, fieldErrors, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import * as budgeting from "~/modules/budgeting";
import { formAction, formValues } from "~/platform/http.server";

export const meta = pageTitle("budgeting.receipt.check");

export async function action(args: ActionFunctionArgs) {
  const values = await formValues(args.request);
  return formAction(async () => {
    const check = await budgeting.checkReceipt({ code: values.code });
    return {
      status: check.status,
      fingerprint: check.status === "unknown" ? null : check.fingerprint,
      budget: check.status === "unknown" ? null : { fa: check.budget.nameFa, en: check.budget.nameEn },
      cycle: check.status === "unknown" ? null : { slug: check.cycle.slug, fa: check.cycle.titleFa, en: check.cycle.titleEn },
    };
  });
}

type Result = ActionResult & {
  status?: "counted" | "superseded" | "unknown" | "altered";
  fingerprint?: string | null;
  budget?: { fa: string; en: string } | null;
  cycle?: { slug: string; fa: string; en: string } | null;
};

export default function Receipt() {
  const result = useActionData<typeof action>() as Result | undefined;
  const { t, locale } = useI18n();
  const check = result?.ok ? result : undefined;
  const text =
    check?.status === "counted"
      ? t("budgeting.receipt.counted", { fingerprint: check.fingerprint ?? "" })
      : check?.status === "superseded"
        ? t("budgeting.receipt.superseded")
        : check?.status === "altered"
          ? t("budgeting.receipt.altered")
          : t("budgeting.receipt.unknown");
  const box = {
    counted: "border-emerald-700 bg-emerald-50 text-emerald-950",
    superseded: "border-amber-700 bg-amber-50 text-amber-950",
    altered: "border-red-700 bg-red-50 text-red-950",
    unknown: "border-gray-500 bg-gray-50 text-gray-950",
  }[check?.status ?? "unknown"];
  return (
    <div className="grid max-w-2xl gap-6">
      <h1 className="text-3xl font-bold">{t("budgeting.receipt.check")}</h1>
      <p>{t("budgeting.receipt.intro")}</p>
      {check ? (
        <div role={check.status === "altered" ? "alert" : "status"} className={`rounded-md border-2 p-4 ${box}`} data-testid="receipt-status" data-status={check.status}>
          <p className="font-bold">
            {t(`budgeting.receipt.label.${check.status ?? "unknown"}`)}
          </p>
          <p>{text}</p>
          {check.cycle && check.budget ? (
            <p className="mt-2">
              <Link className="link" to={`/budgeting/${check.cycle.slug}`}>
                {locale === "fa" ? check.cycle.fa : check.cycle.en}
              </Link>
              {" — "}
              {locale === "fa" ? check.budget.fa : check.budget.en}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="card">
        <FormMessage result={result && !result.ok ? result : undefined} />
        <AppForm>
          <InputField
            id="receipt-code"
            name="code"
            label={t("budgeting.receipt.code")}
            hint={t("budgeting.receipt.codeHint")}
            dir="ltr"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            className="mb-4 max-w-xs"
            errors={fieldErrors(result, "code")}
          />
          <SubmitButton>{t("budgeting.receipt.submit")}</SubmitButton>
        </AppForm>
      </div>
    </div>
  );
}
