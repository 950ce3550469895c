// Oversight of the corruption-reports channel: which inspector read or acted on which report, and
// when — for administrators (and inspectors). Never the reports' content. Read-only: the log is
// append-only in the database. Anyone else gets a 403 page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { InputField } from "~/components/fields";
import { pageTitle } from "~/components/meta";
import { useI18n } from "~/components/i18n";
import { requireAccessLogPage } from "~/components/integrity/page.server";
import { AccessLogTable, InspectorPageError } from "~/components/integrity/ui";
import { accessLogOf } from "~/modules/integrity";
import { AppError, ValidationError } from "~/platform/errors";

export const meta = pageTitle("reports.admin.title");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requireAccessLogPage(args);
  const code = new URL(args.request.url).searchParams.get("code") ?? "";
  try {
    const log = await accessLogOf(ctx, { code, limit: 200 });
    return { code, entries: log.entries, errors: null as string[] | null };
  } catch (error) {
    // A malformed or unknown code: say so on the field, show nothing.
    if (error instanceof ValidationError) return { code, entries: [], errors: error.fieldErrors.code ?? [error.encoded] };
    if (error instanceof AppError && error.status === 404) return { code, entries: [], errors: null };
    throw error;
  }
}

export const ErrorBoundary = InspectorPageError;

export default function ReportAccess() {
  const { code, entries, errors } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="grid gap-6">
      <h1 className="text-3xl font-bold">{t("reports.admin.title")}</h1>
      <p className="max-w-3xl">{t("reports.admin.intro")}</p>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <InputField
          id="a-code"
          name="code"
          label={t("reports.admin.code")}
          hint={t("reports.follow.codeHint")}
          defaultValue={code}
          inputMode="numeric"
          dir="ltr"
          autoComplete="off"
          errors={errors ?? undefined}
          className="mb-0"
        />
        <button type="submit" className="btn">
          {t("reports.admin.apply")}
        </button>
      </Form>
      <section className="card" aria-labelledby="log">
        <h2 id="log" className="mb-3 text-xl font-bold">
          {t("reports.access.title")}
        </h2>
        <AccessLogTable entries={entries} showCode />
      </section>
    </div>
  );
}
