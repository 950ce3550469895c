// Pieces shared by the corruption-report pages (reporter and inspectors).
import { isRouteErrorResponse, Link, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { localDigits } from "~/components/budgeting/money";
import type { ReportStatus } from "~/modules/integrity/public";
import type { loader as rootLoader } from "~/root";

/** The status in words, in a bordered badge (never colour alone). */
export function StatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useI18n();
  return (
    <span
      className="inline-block rounded-full border border-brand bg-brand-light px-3 py-0.5 text-sm font-bold text-brand"
      data-status={status}
    >
      {t(`reports.status.${status}`)}
    </span>
  );
}

/** A code or passphrase: left-to-right digit groups, Persian digits in fa. */
export function Digits({ value, className, testId }: { value: string; className?: string; testId?: string }) {
  const { locale } = useI18n();
  return (
    <bdi dir="ltr" className={`font-mono ${className ?? ""}`} data-testid={testId}>
      {localDigits(locale, value)}
    </bdi>
  );
}

export type ThreadMessageView = {
  id: string;
  from: "reporter" | "inspector";
  body: string;
  createdAt: string | Date;
  inspectorName?: string | null;
};

/**
 * The message thread, oldest first. `perspective` says who reads it: the reporter sees "You" and
 * "Inspector" (never an inspector's name); inspectors see "Reporter" and the inspector's name.
 */
export function MessageThread({
  messages,
  perspective,
  headingId,
}: {
  messages: ThreadMessageView[];
  perspective: "reporter" | "inspector";
  headingId: string;
}) {
  const { t, date } = useI18n();
  if (!messages.length) return <p>{t("reports.follow.noMessages")}</p>;
  const who = (m: ThreadMessageView) =>
    m.from === "reporter"
      ? perspective === "reporter"
        ? t("reports.follow.you")
        : t("reports.report.reporter")
      : perspective === "inspector" && m.inspectorName
        ? `${t("reports.follow.inspector")} — ${m.inspectorName}`
        : t("reports.follow.inspector");
  return (
    <ol className="grid gap-3" aria-labelledby={headingId}>
      {messages.map((m) => (
        <li
          key={m.id}
          className={`rounded-md border p-3 ${m.from === "reporter" ? "border-gray-300 bg-white" : "border-brand bg-brand-light"}`}
          data-from={m.from}
        >
          <p className="mb-1 text-sm">
            <strong>{who(m)}</strong> · <time dateTime={new Date(m.createdAt).toISOString()}>{date(m.createdAt, true)}</time>
          </p>
          <p className="whitespace-pre-wrap" dir="auto" data-testid="message-body">
            {m.body}
          </p>
        </li>
      ))}
    </ol>
  );
}

/** Error page for the inspectors' pages: the refusal, and a way to sign in for visitors. */
export function InspectorPageError() {
  const error = useRouteError();
  const { t, tm } = useI18n();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const location = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && typeof error.data?.message === "string"
      ? tm(error.data.message)
      : status === 404
        ? t("error.notFound")
        : t("error.unexpected");
  return (
    <div className="grid max-w-2xl gap-4">
      <h1 className="text-2xl font-bold">{t("error.title")}</h1>
      <p role="alert">{message}</p>
      {status === 403 && !root?.viewer ? (
        <p>
          <Link className="link" to={`/signin?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}>
            {t("reports.error.signInAsInspector")}
          </Link>
        </p>
      ) : null}
      <p>
        <Link className="link" to="/">
          {t("nav.home")}
        </Link>
      </p>
    </div>
  );
}

/** The access log as a table (the report page: without the code column; admins: with it). */
export function AccessLogTable({
  entries,
  showCode,
}: {
  entries: {
    id: string;
    code: string;
    inspectorName: string | null;
    action: "read" | "view_photo" | "reply" | "change_status";
    createdAt: string | Date;
  }[];
  showCode: boolean;
}) {
  const { t, date } = useI18n();
  if (!entries.length) return <p>{t("reports.access.empty")}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-start" data-testid="access-log">
        <caption className="sr-only">{t("reports.access.title")}</caption>
        <thead>
          <tr className="border-b border-gray-300">
            <th scope="col" className="p-2 text-start">
              {t("reports.access.col.when")}
            </th>
            {showCode ? (
              <th scope="col" className="p-2 text-start">
                {t("reports.access.col.report")}
              </th>
            ) : null}
            <th scope="col" className="p-2 text-start">
              {t("reports.access.col.inspector")}
            </th>
            <th scope="col" className="p-2 text-start">
              {t("reports.access.col.action")}
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className="border-b border-gray-200" data-action={e.action}>
              <td className="p-2">
                <time dateTime={new Date(e.createdAt).toISOString()}>{date(e.createdAt, true)}</time>
              </td>
              {showCode ? (
                <td className="p-2">
                  <Digits value={e.code} />
                </td>
              ) : null}
              <td className="p-2">{e.inspectorName ?? "—"}</td>
              <td className="p-2">{t(`reports.access.${e.action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
