// Anyone holding a receipt code checks that the ballot is counted as cast (no sign-in needed; the
// check shows no choices). A signed-in member also sees the paper ballots entered in their name
// (where, when), each with the way to say "this wasn't me" on its vote page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/meta";
import { InputField } from "~/components/fields";
import { AppForm, FormMessage, SubmitButton, fieldErrors, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import * as budgeting from "~/modules/budgeting";
import { contextOf, formAction, formValues } from "~/platform/http.server";

export const meta = pageTitle("budgeting.receipt.check");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  const paper = await budgeting.myPaperBallots(ctx.viewer);
  return { paper: paper.map((p) => ({ ...p, castAt: p.castAt.toISOString(), contested: !!p.contestedAt })) };
}

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
  status?: "counted" | "superseded" | "unknown" | "altered" | "voided";
  fingerprint?: string | null;
  budget?: { fa: string; en: string } | null;
  cycle?: { slug: string; fa: string; en: string } | null;
};

export default function Receipt() {
  const result = useActionData<typeof action>() as Result | undefined;
  const { paper } = useLoaderData<typeof loader>();
  const { t, locale, date } = useI18n();
  const check = result?.ok ? result : undefined;
  const text =
    check?.status === "counted"
      ? t("budgeting.receipt.counted", { fingerprint: check.fingerprint ?? "" })
      : check?.status === "superseded"
        ? t("budgeting.receipt.superseded")
        : check?.status === "altered"
          ? t("budgeting.receipt.altered")
          : check?.status === "voided"
            ? t("budgeting.receipt.voided")
            : t("budgeting.receipt.unknown");
  const box = {
    counted: "border-emerald-700 bg-emerald-50 text-emerald-950",
    superseded: "border-amber-700 bg-amber-50 text-amber-950",
    altered: "border-red-700 bg-red-50 text-red-950",
    voided: "border-amber-700 bg-amber-50 text-amber-950",
    unknown: "border-gray-500 bg-gray-50 text-gray-950",
  }[check?.status ?? "unknown"];
  return (
    <div className="grid max-w-2xl gap-6">
      <h1 className="text-3xl font-bold">{t("budgeting.receipt.check")}</h1>
      <p>{t("budgeting.receipt.intro")}</p>
      {check ? (
        <div
          role={check.status === "altered" ? "alert" : "status"}
          className={`rounded-md border-2 p-4 ${box}`}
          data-testid="receipt-status"
          data-status={check.status}
        >
          <p className="font-bold">{t(`budgeting.receipt.label.${check.status ?? "unknown"}`)}</p>
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
      {paper.length ? (
        <section aria-labelledby="paper-ballots" className="card" data-testid="my-paper-ballots">
          <h2 id="paper-ballots" className="mb-2 text-xl font-bold">
            {t("budgeting.paper.mine")}
          </h2>
          <ul className="grid gap-3">
            {paper.map((p) => (
              <li key={p.id}>
                <p className="font-bold">
                  {locale === "fa" ? p.cycle.titleFa : p.cycle.titleEn} — {locale === "fa" ? p.budget.nameFa : p.budget.nameEn}
                </p>
                <p>{t("budgeting.paper.yours", { point: p.pollingPoint ?? "", date: date(p.castAt, true) })}</p>
                {p.contested ? (
                  <p>{t("budgeting.paper.contested")}</p>
                ) : p.phase === "voting" ? (
                  <Link className="link" to={`/budgeting/${p.cycle.slug}/vote/${p.budget.id}`}>
                    {t("budgeting.paper.notMe", { budget: locale === "fa" ? p.budget.nameFa : p.budget.nameEn })}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
