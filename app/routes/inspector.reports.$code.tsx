// One corruption report, for inspectors: the decrypted report, the reporter's identity if given,
// photos, the thread (reply), the status (change it; closing needs the outcome), the status history
// and the access log (read-only). Opening this page is itself written to the access log (by the
// module, before the content is returned). Anyone who is not an inspector gets a 403 page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { taggedAction } from "~/components/action.server";
import { pageTitle } from "~/components/meta";
import { SelectField, TextAreaField } from "~/components/fields";
import { FormMessage, AppForm, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { reportPage, requireInspectorPage } from "~/components/integrity/page.server";
import { AccessLogTable, Digits, InspectorPageError, MessageThread, StatusBadge } from "~/components/integrity/ui";
import { REPORT_STATUSES } from "~/modules/integrity/public";
import { accessLogOf, readCorruptionReport, replyToCorruptionReport, setCorruptionReportStatus } from "~/modules/integrity";
import { formValues } from "~/platform/http.server";

export const meta = pageTitle("reports.inspector.title");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requireInspectorPage(args);
  const code = String(args.params.code);
  const report = await reportPage(() => readCorruptionReport(ctx, { code }));
  const log = await accessLogOf(ctx, { code: report.code, limit: 200 });
  return { report, accessLog: log.entries, accessTotal: log.total };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requireInspectorPage(args);
  const code = String(args.params.code);
  const { intent, ...values } = await formValues(args.request);
  return taggedAction({ intent }, async () => {
    if (intent === "reply") {
      await replyToCorruptionReport(ctx, { ...values, code });
      return { message: "reports.report.replied" };
    }
    if (intent === "status") {
      await setCorruptionReportStatus(ctx, { ...values, code });
      return { message: "reports.report.statusChanged" };
    }
    throw new Response("Unknown intent", { status: 400 });
  });
}

export const ErrorBoundary = InspectorPageError;

type Result = (ActionResult & { intent?: string }) | undefined;

export default function InspectorReport() {
  const { report, accessLog } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result;
  const { t, date, name } = useI18n();
  const resultFor = (intent: string) => (result?.intent === intent ? result : undefined);
  const errors = (intent: string, field: string) => {
    const r = resultFor(intent);
    return r && !r.ok ? r.fieldErrors?.[field] : undefined;
  };
  const closed = report.status === "closed";
  // The code sits in the translated title as an isolated left-to-right run.
  const [titleBefore, titleAfter = ""] = t("reports.report.title", { code: "\u2063" }).split("\u2063");
  const nextStatuses = REPORT_STATUSES.slice(REPORT_STATUSES.indexOf(report.status) + 1);
  return (
    <div className="grid gap-6">
      <p>
        <Link className="link" to="/inspector/reports">
          {t("reports.report.backToList")}
        </Link>
      </p>
      <h1 className="text-3xl font-bold">
        {titleBefore}
        <Digits value={report.code} />
        {titleAfter}
      </h1>

      <section className="card" aria-labelledby="details">
        <h2 id="details" className="mb-3 text-xl font-bold">
          {t("reports.report.details")}
        </h2>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-bold">{t("reports.follow.category")}</dt>
          <dd>{t(`reports.category.${report.category}`)}</dd>
          <dt className="font-bold">{t("reports.follow.status")}</dt>
          <dd>
            <StatusBadge status={report.status} />
          </dd>
          <dt className="font-bold">{t("reports.inspector.col.region")}</dt>
          <dd>{report.region ? name(report.region) : t("reports.region.none")}</dd>
          <dt className="font-bold">{t("reports.inspector.col.received")}</dt>
          <dd>{date(report.createdAt, true)}</dd>
          <dt className="font-bold">{t("reports.report.reporter")}</dt>
          <dd data-testid="reporter">
            {report.reporterName || report.reporterContact ? (
              <>
                {report.reporterName ? <bdi>{report.reporterName}</bdi> : null}
                {report.reporterName && report.reporterContact ? " — " : null}
                {report.reporterContact ? <bdi dir="ltr">{report.reporterContact}</bdi> : null}
              </>
            ) : (
              t("reports.report.anonymous")
            )}
          </dd>
        </dl>
        <h3 className="mt-4 mb-2 text-lg font-bold">{t("reports.report.description")}</h3>
        <p className="whitespace-pre-wrap" dir="auto" data-testid="report-description">
          {report.description}
        </p>
        {report.photos.length ? (
          <>
            <h3 className="mt-4 mb-2 text-lg font-bold">{t("reports.report.photos")}</h3>
            <ul className="flex flex-wrap gap-3">
              {report.photos.map((p, i) => (
                <li key={p.id}>
                  <a href={`/media/${p.id}`}>
                    <img
                      src={`/media/${p.id}`}
                      width={Math.min(240, p.width)}
                      height={Math.round((Math.min(240, p.width) * p.height) / p.width)}
                      alt={t("reports.report.photoAlt", { n: i + 1 })}
                      className="rounded border border-gray-300"
                    />
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="thread">
        <h2 id="thread" className="mb-3 text-xl font-bold">
          {t("reports.follow.thread")}
        </h2>
        <MessageThread messages={report.messages} perspective="inspector" headingId="thread" />
        {closed ? (
          <p className="mt-4">{t("reports.report.closedNote")}</p>
        ) : (
          <div className="mt-4">
            <h3 className="mb-2 text-lg font-bold">{t("reports.report.reply")}</h3>
            <FormMessage result={resultFor("reply")} />
            <AppForm>
              <input type="hidden" name="intent" value="reply" />
              <TextAreaField
                id="i-body"
                name="body"
                label={t("reports.report.reply")}
                hint={t("reports.report.replyHint")}
                rows={4}
                required
                dir="auto"
                errors={errors("reply", "body")}
              />
              <SubmitButton>{t("reports.report.replySubmit")}</SubmitButton>
            </AppForm>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="status">
        <h2 id="status" className="mb-3 text-xl font-bold">
          {t("reports.report.changeStatus")}
        </h2>
        <FormMessage result={resultFor("status")} />
        {closed ? (
          <p>{t("reports.report.closedNote")}</p>
        ) : (
          <AppForm>
            <input type="hidden" name="intent" value="status" />
            <SelectField
              id="i-status"
              name="status"
              label={t("reports.report.newStatus")}
              defaultValue=""
              required
              errors={errors("status", "status")}
            >
              <option value="">{t("reports.report.chooseStatus")}</option>
              {nextStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`reports.status.${s}`)}
                </option>
              ))}
            </SelectField>
            <TextAreaField
              id="i-note"
              name="note"
              label={t("reports.report.note")}
              hint={t("reports.report.noteHint")}
              rows={3}
              dir="auto"
              errors={errors("status", "note")}
            />
            <SubmitButton>{t("reports.report.statusSubmit")}</SubmitButton>
          </AppForm>
        )}
        <h3 className="mt-6 mb-2 text-lg font-bold">{t("reports.report.history")}</h3>
        {report.statusChanges.length === 0 ? (
          <p>{t("reports.report.noHistory")}</p>
        ) : (
          <ol className="grid gap-2">
            {report.statusChanges.map((s) => (
              <li key={s.id} className="rounded-md border border-gray-300 bg-white p-3">
                <p className="text-sm">
                  <strong>
                    {t("reports.report.transition", { from: t(`reports.status.${s.fromStatus}`), to: t(`reports.status.${s.toStatus}`) })}
                  </strong>{" "}
                  · {s.inspectorName ?? t("reports.follow.inspector")} ·{" "}
                  <time dateTime={new Date(s.createdAt).toISOString()}>{date(s.createdAt, true)}</time>
                </p>
                {s.note ? (
                  <p className="whitespace-pre-wrap" dir="auto">
                    {s.note}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card" aria-labelledby="access">
        <h2 id="access" className="mb-1 text-xl font-bold">
          {t("reports.access.title")}
        </h2>
        <p className="mb-3 text-sm text-gray-700">{t("reports.access.intro")}</p>
        <AccessLogTable entries={accessLog} showCode={false} />
      </section>
    </div>
  );
}
