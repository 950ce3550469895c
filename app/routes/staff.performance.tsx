// Region performance "from the perspective of citizens' messages", for staff: the league table
// and its chart (app/components/cases/performance.tsx), with the overdue column.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orErrorPage } from "~/components/action.server";
import { PerformanceChart, PerformanceTable, PeriodForm } from "~/components/cases/performance";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { listRegions } from "~/modules/city";
import * as cases from "~/modules/cases";
import { requirePageRole } from "~/components/auth.server";

export const meta = pageTitle("cases.performance");

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const params = new URL(args.request.url).searchParams;
  const [report, regions] = await Promise.all([
    orErrorPage(() => cases.regionPerformance(ctx, { from: params.get("from") ?? "", to: params.get("to") ?? "" })),
    listRegions(),
  ]);
  const names = new Map(regions.map((r) => [r.id, r]));
  const rows = report.regions.map((figures) => ({ region: names.get(figures.regionId)!, figures }));
  return { from: day(report.from), to: day(report.to), rows };
}

export default function Performance() {
  const { from, to, rows } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="grid gap-6">
      <h1 className="text-3xl font-bold">{t("cases.performance")}</h1>
      <p>{t("cases.perf.intro")}</p>
      <PeriodForm from={from} to={to} />
      <PerformanceTable rows={rows} caption={t("cases.performance")} />
      <PerformanceChart rows={rows} />
    </div>
  );
}
