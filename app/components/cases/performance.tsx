// The region league table of "performance evaluation from the perspective of citizens' messages":
// a sortable table (sorting is a link per column, so it works without JavaScript) and a bar chart
// whose accessible twin is the table. Used by the staff page (/staff/performance) and the public
// transparency page (/transparency); the figures come from cases' regionPerformance /
// publicRegionPerformance.
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useNames } from "~/components/cases/ui";
import { InputField } from "~/components/fields";
import { useI18n } from "~/components/i18n";
import type { RegionPerformance } from "~/modules/cases";
import type { MessageKey } from "~/platform/i18n";

export const PERFORMANCE_COLUMNS = [
  ["region", "cases.perf.region"],
  ["received", "cases.perf.received"],
  ["answered", "cases.perf.answered"],
  ["answeredWithinSlaPct", "cases.perf.withinSla"],
  ["avgHandlingHours", "cases.perf.avgHours"],
  ["feedbackDeliveredPct", "cases.perf.feedback"],
  ["avgSatisfaction", "cases.perf.satisfaction"],
  ["neglects", "cases.perf.neglects"],
  ["receivedChangePct", "cases.perf.change"],
] as const satisfies readonly (readonly [string, MessageKey])[];
export type PerformanceColumn = (typeof PERFORMANCE_COLUMNS)[number][0];

type Named = { id: number; nameFa: string; nameEn: string };
type Figures = Omit<RegionPerformance, "previous">;
export type PerformanceRow = { region: Named; figures: Figures };

/** The period form (two dates, GET): `from` and `to` as YYYY-MM-DD. */
export function PeriodForm({ from, to }: { from: string; to: string }) {
  const { t } = useI18n();
  return (
    <Form method="get" className="card flex flex-wrap items-end gap-4">
      <InputField id="p-from" name="from" type="date" label={t("cases.perf.from")} defaultValue={from} className="mb-0" />
      <InputField id="p-to" name="to" type="date" label={t("cases.perf.to")} defaultValue={to} className="mb-0" />
      <button type="submit" className="btn">
        {t("cases.perf.show")}
      </button>
    </Form>
  );
}

/** The table, sortable by links (`?sort=<column>&dir=asc|desc`, the other parameters kept). */
export function PerformanceTable({
  rows,
  caption,
  columns = PERFORMANCE_COLUMNS.map(([c]) => c),
}: {
  rows: PerformanceRow[];
  caption: string;
  columns?: readonly PerformanceColumn[];
}) {
  const [params] = useSearchParams();
  const { t, number, locale } = useI18n();
  const percent = locale === "fa" ? "٪" : "%";
  const { name } = useNames();
  const shown = PERFORMANCE_COLUMNS.filter(([c]) => columns.includes(c));
  const sort = (shown.find(([c]) => c === params.get("sort"))?.[0] ?? "region") as PerformanceColumn;
  const descending = params.get("dir") === "desc";
  const value = (r: PerformanceRow, c: PerformanceColumn) => (c === "region" ? r.region.id : r.figures[c]);
  const sorted = [...rows].sort((a, b) => {
    const x = value(a, sort) ?? -Infinity;
    const y = value(b, sort) ?? -Infinity;
    return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
  });
  const linkFor = (c: PerformanceColumn) => {
    const next = new URLSearchParams(params);
    next.set("sort", c);
    next.set("dir", sort === c && !descending ? "desc" : "asc");
    return `?${next}`;
  };
  const fmt = (v: number | null, suffix = "") => (v === null ? "—" : `${number(v)}${suffix}`);
  const cell = (f: Figures, c: Exclude<PerformanceColumn, "region">) => {
    switch (c) {
      case "answeredWithinSlaPct":
      case "feedbackDeliveredPct":
        return fmt(f[c], percent);
      case "receivedChangePct":
        return f.receivedChangePct === null ? "—" : `${f.receivedChangePct > 0 ? "+" : ""}${number(f.receivedChangePct)}%`;
      default:
        return fmt(f[c]);
    }
  };

  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-performance-table="">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-gray-400">
            {shown.map(([c, key]) => (
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
            <tr key={region.id} className="border-b border-gray-200" data-region={region.id}>
              <th scope="row" className="p-2 text-start font-normal">
                {number(region.id)} — {name(region)}
              </th>
              {shown
                .filter(([c]) => c !== "region")
                .map(([c]) => (
                  <td key={c} className="p-2" data-column={c} dir={c === "receivedChangePct" ? "ltr" : undefined}>
                    {cell(f, c as Exclude<PerformanceColumn, "region">)}
                  </td>
                ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Bars per region: received, and answered within SLA inside them. The table is its twin. */
export function PerformanceChart({ rows }: { rows: PerformanceRow[] }) {
  const { t, number } = useI18n();
  const max = Math.max(1, ...rows.map((r) => r.figures.received));
  const barHeight = 18;
  return (
    <figure className="card">
      <figcaption className="mb-3 font-bold">{t("cases.perf.chart")}</figcaption>
      {/* The table above is this chart's accessible twin: the image only summarises it. */}
      <svg
        role="img"
        aria-label={t("cases.perf.chart")}
        viewBox={`0 0 640 ${Math.max(1, rows.length) * (barHeight + 6)}`}
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
                {number(region.id)}
              </text>
              <rect x={30} y={y} width={Math.max(received, 1)} height={barHeight} fill="#a7c4b5" />
              <rect x={30} y={y + 4} width={withinSla} height={barHeight - 8} fill="#0f5132" />
              <text x={36 + received} y={y + barHeight - 4} fontSize={12} fill="#1f2937">
                {number(f.received)}
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
  );
}
