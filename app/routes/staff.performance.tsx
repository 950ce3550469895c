// Region performance "from the perspective of citizens' messages": a sortable table (sorting is a
// link per column, so it works without JavaScript) and a bar chart whose twin is the table.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { orErrorPage } from "~/components/action.server";
import { useNames } from "~/components/cases/ui";
import { InputField } from "~/components/fields";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { listRegions } from "~/modules/city";
import * as cases from "~/modules/cases";
import { requirePageRole } from "~/components/auth.server";

export const meta = pageTitle("cases.performance");

const COLUMNS = [
  ["region", "cases.perf.region"],
  ["received", "cases.perf.received"],
  ["answered", "cases.perf.answered"],
  ["answeredWithinSlaPct", "cases.perf.withinSla"],
  ["avgHandlingHours", "cases.perf.avgHours"],
  ["feedbackDeliveredPct", "cases.perf.feedback"],
  ["avgSatisfaction", "cases.perf.satisfaction"],
  ["neglects", "cases.perf.neglects"],
  ["receivedChangePct", "cases.perf.change"],
] as const;
type Column = (typeof COLUMNS)[number][0];

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
  const [params] = useSearchParams();
  const { t, number, locale } = useI18n();
  const percent = locale === "fa" ? "٪" : "%";
  const { name } = useNames();
  const sort = (COLUMNS.find(([c]) => c === params.get("sort"))?.[0] ?? "region") as Column;
  const descending = params.get("dir") === "desc";
  const value = (r: (typeof rows)[number], c: Column) => (c === "region" ? r.region.id : r.figures[c]);
  const sorted = [...rows].sort((a, b) => {
    const x = value(a, sort) ?? -Infinity;
    const y = value(b, sort) ?? -Infinity;
    return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
  });
  const linkFor = (c: Column) => {
    const next = new URLSearchParams(params);
    next.set("sort", c);
    next.set("dir", sort === c && !descending ? "desc" : "asc");
    return `?${next}`;
  };
  const fmt = (v: number | null, suffix = "") => (v === null ? "—" : `${number(v)}${suffix}`);
  const max = Math.max(1, ...rows.map((r) => r.figures.received));
  const barHeight = 18;

  return (
    <div className="grid gap-6">
      <h1 className="text-3xl font-bold">{t("cases.performance")}</h1>
      <p>{t("cases.perf.intro")}</p>
      <Form method="get" className="card flex flex-wrap items-end gap-4">
        <InputField id="p-from" name="from" type="date" label={t("cases.perf.from")} defaultValue={from} className="mb-0" />
        <InputField id="p-to" name="to" type="date" label={t("cases.perf.to")} defaultValue={to} className="mb-0" />
        <button type="submit" className="btn">
          {t("cases.perf.show")}
        </button>
      </Form>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">{t("cases.performance")}</caption>
          <thead>
            <tr className="border-b border-gray-400">
              {COLUMNS.map(([c, key]) => (
                <th
                  key={c}
                  scope="col"
                  className="p-2 text-start align-bottom"
                  aria-sort={sort === c ? (descending ? "descending" : "ascending") : undefined}
                >
                  <Link className="link" to={linkFor(c)} aria-label={t("cases.perf.sortBy", { column: t(key) })}>
                    {t(key)}
                    {sort === c ? (descending ? " ↓" : " ↑") : ""}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map(({ region, figures: f }) => (
              <tr key={region.id} className="border-b border-gray-200">
                <th scope="row" className="p-2 text-start font-normal">
                  {number(region.id)} — {name(region)}
                </th>
                <td className="p-2">{fmt(f.received)}</td>
                <td className="p-2">{fmt(f.answered)}</td>
                <td className="p-2">{fmt(f.answeredWithinSlaPct, percent)}</td>
                <td className="p-2">{fmt(f.avgHandlingHours)}</td>
                <td className="p-2">{fmt(f.feedbackDeliveredPct, percent)}</td>
                <td className="p-2">{fmt(f.avgSatisfaction)}</td>
                <td className="p-2">{fmt(f.neglects)}</td>
                <td className="p-2" dir="ltr">
                  {f.receivedChangePct === null ? "—" : `${f.receivedChangePct > 0 ? "+" : ""}${number(f.receivedChangePct)}%`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figure className="card">
        <figcaption className="mb-3 font-bold">{t("cases.perf.chart")}</figcaption>
        {/* The table above is this chart's accessible twin: the image only summarises it. */}
        <svg
          role="img"
          aria-label={t("cases.perf.chart")}
          viewBox={`0 0 640 ${rows.length * (barHeight + 6)}`}
          className="w-full"
          style={{ direction: "ltr" }}
        >
          {rows.map(({ region, figures: f }, i) => {
            const y = i * (barHeight + 6);
            const received = (f.received / max) * 520;
            const withinSla = (f.answeredWithinSla / max) * 520;
            return (
              <g key={region.id}>
                <text x={0} y={y + barHeight - 4} fontSize={12} fill="#1f2937">
                  {region.id}
                </text>
                <rect x={30} y={y} width={Math.max(received, 1)} height={barHeight} fill="#a7c4b5" />
                <rect x={30} y={y + 4} width={withinSla} height={barHeight - 8} fill="#0f5132" />
                <text x={36 + received} y={y + barHeight - 4} fontSize={12} fill="#1f2937">
                  {f.received}
                </text>
              </g>
            );
          })}
        </svg>
        <p className="mt-2 flex flex-wrap gap-4 text-sm">
          <span>
            <span aria-hidden className="me-1 inline-block h-3 w-3 bg-[#a7c4b5]" /> {t("cases.perf.received")}
          </span>
          <span>
            <span aria-hidden className="me-1 inline-block h-3 w-3 bg-[#0f5132]" /> {t("cases.perf.withinSla")}
          </span>
        </p>
      </figure>
    </div>
  );
}
