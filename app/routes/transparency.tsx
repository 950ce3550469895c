// The public transparency page: the region league table of "performance evaluation from the
// perspective of citizens' messages" for everyone — per region and period, counts and averages
// only (cases' publicRegionPerformance; no sign-in, no personal data). The same table and chart
// as the staff page (app/components/cases/performance.tsx), without the staff-only overdue column;
// the period is named in the page's calendar (Solar Hijri in Persian).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orErrorPage } from "~/components/action.server";
import { solarHijriPeriods, tehranToday } from "~/components/cases/periods";
import { PERFORMANCE_COLUMNS, PerformanceChart, PerformanceTable, PeriodForm } from "~/components/cases/performance";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import * as cases from "~/modules/cases";
import { listRegions } from "~/modules/city";
import { contextOf } from "~/platform/http.server";

export const meta = pageTitle("transparency.title");

const day = (d: Date) => d.toISOString().slice(0, 10);
const PUBLIC_COLUMNS = PERFORMANCE_COLUMNS.map(([c]) => c).filter((c) => c !== "neglects");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  const params = new URL(args.request.url).searchParams;
  const [report, regions] = await Promise.all([
    orErrorPage(() => cases.publicRegionPerformance(ctx, { from: params.get("from") ?? "", to: params.get("to") ?? "" })),
    listRegions(),
  ]);
  const names = new Map(regions.map((r) => [r.id, { id: r.id, nameFa: r.nameFa, nameEn: r.nameEn }]));
  // Only what the table shows: no staff-only column leaves the server.
  const rows = report.regions.map(({ previous: _previous, neglects: _neglects, ...figures }) => ({
    region: names.get(figures.regionId)!,
    figures: { ...figures, neglects: 0 },
  }));
  // `to` is exclusive: the period's last day is the day before.
  return {
    from: day(report.from),
    to: day(report.to),
    lastDay: new Date(report.to.getTime() - 1).toISOString(),
    rows,
    periods: solarHijriPeriods(tehranToday(), ctx.locale),
  };
}

export default function Transparency() {
  const { from, to, lastDay, rows, periods } = useLoaderData<typeof loader>();
  const { t, date } = useI18n();
  return (
    <div className="grid gap-6">
      <h1 className="text-3xl font-bold">{t("transparency.title")}</h1>
      <p className="max-w-3xl">{t("transparency.intro")}</p>
      <nav aria-label={t("transparency.periods")} data-periods="">
        <ul className="flex flex-wrap gap-x-4 gap-y-2">
          {periods.map((p) => {
            const current = p.from === from && p.to === to;
            return (
              <li key={p.id}>
                <Link className="link" to={`?from=${p.from}&to=${p.to}`} aria-current={current ? "page" : undefined}>
                  {t(`transparency.period.${p.id}`, { period: p.label })}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <PeriodForm from={from} to={to} />
      <p className="font-bold" data-period="">
        {t("transparency.period", { from: date(from), to: date(lastDay) })}
      </p>
      <PerformanceTable rows={rows} caption={t("transparency.title")} columns={PUBLIC_COLUMNS} />
      <PerformanceChart rows={rows} />
      <p className="text-sm text-gray-700">{t("transparency.privacy")}</p>
      <p className="text-sm text-gray-700">
        {t("transparency.api", { field: "publicRegionPerformance" })}{" "}
        <a className="link" href="/api">
          {t("nav.api")}
        </a>
      </p>
    </div>
  );
}
