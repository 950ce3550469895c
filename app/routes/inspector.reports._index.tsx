// Inspectors' list of corruption and violation reports: filter by status, page by page. Shows
// what each report is about (kind, region, status, dates), never what it says. Anyone who is not an
// inspector gets a 403 page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/meta";
import { useI18n } from "~/components/i18n";
import { reportPage, requireInspectorPage } from "~/components/integrity/page.server";
import { Digits, InspectorPageError, StatusBadge } from "~/components/integrity/ui";
import { REPORT_LIMITS, REPORT_STATUSES } from "~/modules/integrity/public";
import { listCorruptionReports } from "~/modules/integrity";

export const meta = pageTitle("reports.inspector.title");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requireInspectorPage(args);
  const params = new URL(args.request.url).searchParams;
  const status = params.get("status") ?? "";
  const page = Math.max(1, Math.min(100_000, Number.parseInt(params.get("page") ?? "1", 10) || 1));
  const perPage = REPORT_LIMITS.perPage;
  const list = await reportPage(() => listCorruptionReports(ctx, { status, offset: (page - 1) * perPage, limit: perPage }));
  return { status, page, pages: Math.max(1, Math.ceil(list.total / perPage)), total: list.total, items: list.items };
}

export const ErrorBoundary = InspectorPageError;

export default function InspectorReports() {
  const { status, page, pages, total, items } = useLoaderData<typeof loader>();
  const { t, date, number, name } = useI18n();
  const pageLink = (p: number) => `?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`;
  return (
    <div className="grid gap-6">
      <h1 className="text-3xl font-bold">{t("reports.inspector.title")}</h1>
      <p className="max-w-3xl">{t("reports.inspector.intro")}</p>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="status" className="mb-1 block font-bold">
            {t("reports.follow.status")}
          </label>
          <select id="status" name="status" defaultValue={status} className="input">
            <option value="">{t("reports.inspector.allStatuses")}</option>
            {REPORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`reports.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn">
          {t("reports.inspector.apply")}
        </button>
      </Form>
      <p role="status">{t("reports.inspector.count", { count: total })}</p>
      {items.length === 0 ? (
        <p className="card">{t("reports.inspector.empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-start">
            <caption className="sr-only">{t("reports.inspector.caption")}</caption>
            <thead>
              <tr className="border-b border-gray-300">
                {(["code", "category", "region", "status", "received", "lastActivity", "messages"] as const).map((c) => (
                  <th key={c} scope="col" className="p-2 text-start">
                    {t(`reports.inspector.col.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.code} className="border-b border-gray-200">
                  <th scope="row" className="p-2 text-start font-normal">
                    <Link className="link" to={`/inspector/reports/${r.code}`}>
                      <Digits value={r.code} />
                    </Link>
                  </th>
                  <td className="p-2">{t(`reports.category.${r.category}`)}</td>
                  <td className="p-2">{r.region ? name(r.region) : t("reports.region.none")}</td>
                  <td className="p-2">
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="p-2">{date(r.createdAt)}</td>
                  <td className="p-2">{date(r.updatedAt, true)}</td>
                  <td className="p-2">{number(r.messageCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav aria-label={t("reports.inspector.pages")} className="flex flex-wrap items-center gap-4">
          {page > 1 ? (
            <Link className="link" to={pageLink(page - 1)} rel="prev">
              {t("reports.inspector.prev")}
            </Link>
          ) : null}
          <span>{t("reports.inspector.page", { page, pages })}</span>
          {page < pages ? (
            <Link className="link" to={pageLink(page + 1)} rel="next">
              {t("reports.inspector.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
