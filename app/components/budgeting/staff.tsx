// The staff desk's shared pieces: a cycle card with its budgets (each page fills in what it does on
// a budget), the serialisable shape of the module's staffOverview, and the tagged action results.
import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { budgetView, cycleView, type BudgetView } from "~/components/budgeting/views";
import { Money, PhaseBadge } from "~/components/budgeting/ui";
import type { ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import type { MessageKey } from "~/platform/i18n";
import type { staffOverview } from "~/modules/budgeting";

type Overview = Awaited<ReturnType<typeof staffOverview>>;
export type DeskBudget = BudgetView & {
  can: {
    review: boolean;
    implementation: boolean;
    paper: boolean;
    voidPaper: boolean;
  };
  ballots: number;
  hasResults: boolean;
};
export type DeskCycle<B = object> = ReturnType<typeof cycleView> & {
  budgets: (DeskBudget & B)[];
};

/** The cycles and budgets as plain data; `extra` adds what one page needs per budget. */
export function deskView<T extends object>(
  cycles: Overview,
  extra: (b: Overview[number]["budgets"][number], c: Overview[number]) => T,
): DeskCycle<T>[] {
  return cycles.map((c) => ({
    ...cycleView(c),
    budgets: c.budgets.map((b) => ({
      ...budgetView(b),
      can: b.can,
      ballots: b._count.ballots,
      hasResults: b._count.results > 0,
      ...extra(b, c),
    })),
  }));
}

export type DeskResult = ActionResult & {
  intent?: string;
  target?: string;
  scope?: string;
  slug?: string;
};

/** The result of the form `intent` (on row `target`), if it is the one just posted. */
export function resultFor(result: DeskResult | undefined, intent: string, target?: string) {
  return result?.intent === intent && (target === undefined || result.target === target) ? result : undefined;
}

export const fieldErrorsOf = (r: DeskResult | undefined, field: string) => (r && !r.ok ? r.fieldErrors?.[field] : undefined);

type CycleCardProps<B> = {
  cycle: DeskCycle<B>;
  /** Shown under the cycle's heading (e.g. the admin's phase buttons). */
  controls?: ReactNode;
  children: (budget: DeskBudget & B) => ReactNode;
};

/** One cycle: its title (linked to the public page), phase and voting dates, then each budget. */
export function CycleCard<B>({ cycle: c, controls, children }: CycleCardProps<B>) {
  const { t, date, locale } = useI18n();
  const name = (o: { nameFa: string; nameEn: string }) => (locale === "fa" ? o.nameFa : o.nameEn);
  return (
    <article aria-labelledby={`cycle-${c.id}`} className="card grid gap-4">
      <header>
        <h3 id={`cycle-${c.id}`} className="text-xl font-bold">
          <Link className="link" to={`/budgeting/${c.slug}`}>
            {locale === "fa" ? c.titleFa : c.titleEn}
          </Link>
        </h3>
        <p className="mt-1 flex flex-wrap items-center gap-2">
          <PhaseBadge phase={c.phase} />
          <bdi dir="ltr" className="font-mono text-sm">
            {c.slug}
          </bdi>
          {c.isStudy ? <span className="rounded-full border border-gray-500 px-3 py-0.5 text-sm">{t("budgeting.study")}</span> : null}
        </p>
        <p className="mt-1 text-sm">
          {t("budgeting.votingDates", {
            from: date(c.dates.votingOpenAt, true),
            to: date(c.dates.votingCloseAt, true),
          })}
        </p>
      </header>
      {controls}
      {c.budgets.length === 0 ? <p>{t("budgeting.noBudgets")}</p> : null}
      {c.budgets.map((b) => (
        <section key={b.id} aria-labelledby={`budget-${b.id}`} className="rounded-md border border-gray-300 p-4">
          <h4 id={`budget-${b.id}`} className="text-lg font-bold">
            {name(b)}
          </h4>
          <p className="mb-3 text-sm">
            {b.region ? name(b.region) : t("budgeting.cityWide")} · <Money rials={b.amountRials} /> ·{" "}
            {t(`budgeting.ballotType.short.${b.ballotType}` as MessageKey)} · {t("budgeting.staff.ballots", { count: b.ballots })}
          </p>
          {children(b)}
        </section>
      ))}
    </article>
  );
}

/** A desk page's cycles, or a line saying there is nothing to do here now. */
export function DeskCycles<C>({ cycles, empty, children }: { cycles: C[]; empty: MessageKey; children: (cycle: C) => ReactNode }) {
  const { t } = useI18n();
  return <div className="grid gap-6">{cycles.length === 0 ? <p>{t(empty)}</p> : cycles.map((c) => children(c))}</div>;
}
