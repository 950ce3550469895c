// Region performance "from the perspective of citizens' messages": for each region, the cases
// received in a period and what became of them, beside the same period a year earlier.
import { pool } from "~/platform/db/client.server";
import type { RequestContext } from "~/platform/context";
import { forbidden, parseInput } from "~/platform/errors";
import { isStaff, requireUser } from "~/modules/identity";
import { unitNames } from "~/modules/city";
import { PerformanceInput } from "./schemas";

export type RegionFigures = {
  regionId: number;
  received: number;
  answered: number;
  answeredWithinSla: number;
  /** Percentages 0–100, null when there is nothing to divide by. */
  answeredWithinSlaPct: number | null;
  avgHandlingHours: number | null;
  feedbackDeliveredPct: number | null;
  avgSatisfaction: number | null;
  rated: number;
  neglects: number;
};
export type RegionPerformance = RegionFigures & { previous: RegionFigures | null; receivedChangePct: number | null };

// Cohort by the day the case came in. A case counts as answered if it got an answer (later
// closure, rejection etc. included); "within SLA" compares the first answer with the due date.
// Every column read here is in cases_created_at_figures_idx (an index-only scan), and the hours
// are averaged in double precision (date_part), not numeric: a third less time over a year.
const FIGURES_SQL = `
  SELECT c.region_id,
         count(*)::int AS received,
         count(c.answered_at)::int AS answered,
         count(*) FILTER (WHERE c.answered_at <= c.due_at)::int AS within_sla,
         avg(date_part('epoch', c.answered_at - c.created_at)) / 3600 AS avg_hours,
         count(*) FILTER (WHERE c.answered_at IS NOT NULL AND c.feedback_delivered_at IS NOT NULL)::int AS feedback,
         avg(c.rating)::float AS satisfaction,
         count(c.rating)::int AS rated,
         count(*) FILTER (WHERE c.overdue_at IS NOT NULL)::int AS neglects
    FROM cases c
   WHERE c.created_at >= $1 AND c.created_at < $2 AND c.region_id IS NOT NULL
   GROUP BY c.region_id`;

type Row = {
  region_id: number;
  received: number;
  answered: number;
  within_sla: number;
  avg_hours: number | string | null;
  feedback: number;
  satisfaction: number | null;
  rated: number;
  neglects: number;
};

const EMPTY = (regionId: number): RegionFigures => ({
  regionId,
  received: 0,
  answered: 0,
  answeredWithinSla: 0,
  answeredWithinSlaPct: null,
  avgHandlingHours: null,
  feedbackDeliveredPct: null,
  avgSatisfaction: null,
  rated: 0,
  neglects: 0,
});

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

function figures(r: Row): RegionFigures {
  return {
    regionId: r.region_id,
    received: r.received,
    answered: r.answered,
    answeredWithinSla: r.within_sla,
    answeredWithinSlaPct: pct(r.within_sla, r.answered),
    avgHandlingHours: r.avg_hours === null ? null : Math.round(Number(r.avg_hours) * 10) / 10,
    feedbackDeliveredPct: pct(r.feedback, r.answered),
    avgSatisfaction: r.satisfaction === null ? null : Math.round(r.satisfaction * 100) / 100,
    rated: r.rated,
    neglects: r.neglects,
  };
}

const yearEarlier = (d: Date) => {
  const x = new Date(d);
  x.setUTCFullYear(x.getUTCFullYear() - 1);
  return x;
};

/** Figures per region for [from, to) — by default the last 30 days — and the same period a year before. Staff only. */
export async function regionPerformance(ctx: RequestContext, raw: unknown = {}) {
  requireUser(ctx.viewer);
  if (!isStaff(ctx.viewer)) throw forbidden();
  return figuresFor(raw);
}

/**
 * The same figures for everyone (the public transparency page, GraphQL `publicRegionPerformance`):
 * counts, shares and averages per region only — no case, person or staff member is named.
 */
export async function publicRegionPerformance(_ctx: RequestContext, raw: unknown = {}) {
  return figuresFor(raw);
}

async function figuresFor(raw: unknown) {
  const input = parseInput(PerformanceInput, raw);
  const to = input.to ?? new Date();
  const from = input.from ?? new Date(to.getTime() - 30 * 86_400_000);
  const [current, previous, all] = await Promise.all([
    pool().query<Row>(FIGURES_SQL, [from, to]),
    pool().query<Row>(FIGURES_SQL, [yearEarlier(from), yearEarlier(to)]),
    unitNames(), // cached per process
  ]);
  const now = new Map(current.rows.map((r) => [r.region_id, figures(r)]));
  const before = new Map(previous.rows.map((r) => [r.region_id, figures(r)]));
  // Every region is listed, with zeros where nothing came in.
  const regions: RegionPerformance[] = [...all.regions.keys()].map((id) => {
    const f = now.get(id) ?? EMPTY(id);
    const prev = before.get(id) ?? null;
    return {
      ...f,
      previous: prev,
      receivedChangePct: prev && prev.received > 0 ? Math.round((1000 * (f.received - prev.received)) / prev.received) / 10 : null,
    };
  });
  return { from, to, regions };
}
