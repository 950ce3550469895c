// The reporter's form for a corruption or violation report (گزارش فساد و تخلف). Anonymous allowed;
// works without JavaScript. On success the same response shows the report code and the passphrase
// — once, never cached — with a clear "write this down". Rules live in the module.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { pageTitle } from "~/components/meta";
import { InputField, SelectField, TextAreaField } from "~/components/fields";
import { AppForm, FormMessage, SubmitButton, fieldErrors, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { privatePage } from "~/components/integrity/page.server";
import { Digits } from "~/components/integrity/ui";
import { listRegions } from "~/modules/city";
import { REPORT_CATEGORIES, REPORT_LIMITS } from "~/modules/integrity/public";
import { submitCorruptionReport, type SubmitReceipt } from "~/modules/integrity";
import { contextOf, formAction, formWithUploads } from "~/platform/http.server";

export const meta = pageTitle("reports.submit.title");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  privatePage(args);
  // A fresh idempotency key per form: a retried post of this form finds the same report.
  return { regions: await listRegions(), idempotencyKey: crypto.randomUUID(), signedIn: ctx.viewer.kind === "user" };
}

type Values = Record<string, string>;
type Result = (ActionResult & { receipt?: SubmitReceipt; values?: Values }) | undefined;

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  privatePage(args);
  let values: Values = {};
  const result = await formAction(async () => {
    const form = await formWithUploads(args.request, "photos");
    values = form.values;
    return { receipt: await submitCorruptionReport(ctx, form.values, form.uploads) };
  });
  if (result instanceof Response || result.data.ok) return result;
  // Without JavaScript the page is rendered anew: give the text back so nothing typed is lost
  // (only to the person who just sent it; files cannot be given back).
  const { idempotencyKey: _key, ...typed } = values;
  return data({ ...result.data, values: typed }, result.init ?? undefined);
}

function ReceiptCard({ receipt }: { receipt: SubmitReceipt }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="grid max-w-3xl gap-6">
      <h1 ref={heading} tabIndex={-1} className="text-3xl font-bold">
        {t("reports.receipt.title")}
      </h1>
      {receipt.alreadyReceived ? (
        <p role="status" className="card">
          {t(receipt.passphrase ? "reports.receipt.alreadyReceived" : "reports.receipt.alreadyReceivedNoPassphrase")}
        </p>
      ) : null}
      {receipt.passphrase ? (
        <div role="alert" className="rounded-md border-2 border-amber-700 bg-amber-50 p-4 text-amber-950">
          <p className="font-bold">{t("reports.receipt.writeDown")}</p>
        </div>
      ) : null}
      <dl className="card grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
        <dt className="font-bold">{t("reports.receipt.code")}</dt>
        <dd>
          <Digits value={receipt.code} className="text-2xl" testId="report-code" />
        </dd>
        {receipt.passphrase ? (
          <>
            <dt className="font-bold">{t("reports.receipt.passphrase")}</dt>
            <dd>
              <Digits value={receipt.passphrase} className="text-2xl" testId="report-passphrase" />
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        {t("reports.receipt.next")}{" "}
        <Link className="link" to="/report/follow">
          {t("reports.receipt.followLink")}
        </Link>
      </p>
    </div>
  );
}

export default function ReportForm() {
  const { regions, idempotencyKey, signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result;
  const { t, name } = useI18n();
  if (result?.ok && result.receipt) return <ReceiptCard receipt={result.receipt} />;
  const values = (result && !result.ok ? result.values : undefined) ?? {};
  return (
    <div className="grid max-w-3xl gap-6">
      <h1 className="text-3xl font-bold">{t("reports.submit.title")}</h1>
      <p className="text-lg">{t("reports.submit.intro")}</p>
      {signedIn ? <p className="card">{t("reports.submit.signedInNote")}</p> : null}
      <div className="card">
        <FormMessage result={result} />
        <AppForm encType="multipart/form-data">
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <SelectField
            id="r-category"
            name="category"
            label={t("reports.field.category")}
            defaultValue={values.category ?? ""}
            required
            errors={fieldErrors(result, "category")}
          >
            <option value="">{t("reports.field.chooseCategory")}</option>
            {REPORT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`reports.category.${c}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            id="r-regionId"
            name="regionId"
            label={t("reports.field.region")}
            defaultValue={values.regionId ?? ""}
            errors={fieldErrors(result, "regionId")}
          >
            <option value="">{t("reports.field.noRegion")}</option>
            {regions.map((r) => (
              <option key={r.id} value={r.id}>
                {name(r)}
              </option>
            ))}
          </SelectField>
          <TextAreaField
            id="r-description"
            name="description"
            label={t("reports.field.description")}
            hint={t("reports.field.descriptionHint", { min: REPORT_LIMITS.description.min, max: REPORT_LIMITS.description.max })}
            rows={8}
            required
            dir="auto"
            defaultValue={values.description ?? ""}
            errors={fieldErrors(result, "description")}
          />
          <fieldset className="mb-4 rounded-md border border-gray-300 p-3" aria-describedby="r-identity-hint">
            <legend className="px-1 font-bold">{t("reports.field.identity")}</legend>
            <p id="r-identity-hint" className="mb-3 text-sm text-gray-700">
              {t("reports.field.identityHint")}
            </p>
            <InputField
              id="r-reporterName"
              name="reporterName"
              label={t("reports.field.name")}
              autoComplete="off"
              dir="auto"
              defaultValue={values.reporterName ?? ""}
              errors={fieldErrors(result, "reporterName")}
            />
            <InputField
              id="r-reporterContact"
              name="reporterContact"
              label={t("reports.field.contact")}
              hint={t("reports.field.contactHint")}
              autoComplete="off"
              dir="ltr"
              defaultValue={values.reporterContact ?? ""}
              errors={fieldErrors(result, "reporterContact")}
              className="mb-0"
            />
          </fieldset>
          <InputField
            id="r-photos"
            name="photos"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            label={t("reports.field.photos")}
            errors={fieldErrors(result, "photos")}
          />
          <SubmitButton>{t("reports.submit.submit")}</SubmitButton>
        </AppForm>
      </div>
    </div>
  );
}
