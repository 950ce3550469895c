// Results of one budget: votes per project and what the official rule selected, explained in plain
// words, compared with the other rules, and the selected projects' implementation.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orErrorPage } from "~/components/action.server";
import { pageTitle } from "~/components/meta";
import { BudgetFacts, Money } from "~/components/budgeting/ui";
import { budgetView, projectView } from "~/components/budgeting/views";
import { useI18n } from "~/components/i18n";
import * as budgeting from "~/modules/budgeting";

export const meta = pageTitle("budgeting.results");

type Outcome = { id: string; votes?: number; score?: number; selected?: boolean; order?: number };

export async function loader(args: LoaderFunctionArgs) {
  const budget = await orErrorPage(() => budgeting.getBudget(String(args.params.slug), String(args.params.budgetId)));
  const base = {
    slug: budget.cycle.slug,
    cycleTitle: { fa: budget.cycle.titleFa, en: budget.cycle.titleEn },
    budget: budgetView(budget),
    phase: budget.phase,
  };
  const [results, implementation] = await Promise.all([budgeting.getResults(budget.id), budgeting.implementationOf(budget.id)]);
  const official = results?.results.find((r) => r.rule === results.officialRule);
  if (!results || !official) return { ...base, results: null };
  const outcome = new Map((official.projects as unknown as Outcome[]).map((p) => [p.id, p]));
  const projects = results.projects
    .map((p) => ({
      ...projectView(p),
      votes: outcome.get(p.id)?.votes ?? 0,
      score: outcome.get(p.id)?.score ?? 0,
      selected: official.selected.includes(p.id),
    }))
    .sort((a, b) => b.score - a.score || b.votes - a.votes || a.code.localeCompare(b.code, "en", { numeric: true }));
  const byRule = new Map(results.results.map((r) => [r.rule, r.selected]));
  return {
    ...base,
    results: {
      officialRule: results.officialRule,
      voters: official.voters,
      computedAt: official.computedAt.toISOString(),
      spentRials: String(
        results.projects
          .filter((p) => official.selected.includes(p.id))
          .reduce((sum, p) => sum + (p.officialCostRials ?? p.estimatedCostRials), 0n),
      ),
      projects,
      rules: budgeting.RULES.filter((r) => byRule.has(r)).map((rule) => {
        const selected = byRule.get(rule) ?? [];
        const cost = results.projects
          .filter((p) => selected.includes(p.id))
          .reduce((sum, p) => sum + (p.officialCostRials ?? p.estimatedCostRials), 0n);
        return { rule, selected, costRials: String(cost) };
      }),
      implementation: implementation.map((p) => ({
        id: p.id,
        title: p.title,
        status: p.implementationStatus ?? "not_started",
        milestones: p.milestones.map((m) => ({ id: m.id, title: m.title, note: m.note, reachedAt: m.reachedAt.toISOString() })),
      })),
    },
  };
}

function Check({ on }: { on: boolean }) {
  const { t } = useI18n();
  return on ? (
    <>
      <span aria-hidden="true">✓ </span>
      {t("budgeting.results.selected")}
    </>
  ) : (
    <>
      <span aria-hidden="true">— </span>
      <span className="sr-only">{t("budgeting.results.notSelected")}</span>
    </>
  );
}

export default function Results() {
  const data = useLoaderData<typeof loader>();
  const { t, date, number, locale, name } = useI18n();
  const budgetName = name(data.budget);
  const cumulative = data.budget.ballotType === "cumulative";
  const r = data.results;
  return (
    <div className="grid gap-6">
      <p>
        <Link className="link" to={`/budgeting/${data.slug}`}>
          {locale === "fa" ? data.cycleTitle.fa : data.cycleTitle.en}
        </Link>
      </p>
      <h1 className="text-3xl font-bold">{t("budgeting.results.title", { budget: budgetName })}</h1>
      <div className="card">
        <BudgetFacts budget={data.budget} />
      </div>
      {!r ? (
        <p role="status" className="card">
          {t("budgeting.results.notYet")}
        </p>
      ) : (
        <>
          <section className="card" aria-labelledby="outcome">
            <h2 id="outcome" className="mb-2 text-xl font-bold">
              {t("budgeting.results")}
            </h2>
            <p className="mb-1 font-bold">{t("budgeting.results.official", { rule: t(`budgeting.rule.${r.officialRule}`) })}</p>
            <p className="mb-1">
              {t("budgeting.results.voters", { count: r.voters })} · {t("budgeting.results.spent")}: <Money rials={r.spentRials} />
            </p>
            <p className="mb-4 max-w-3xl text-gray-800" data-testid="explanation">
              {t(r.officialRule === "greedy" ? "budgeting.explain.greedy" : "budgeting.explain.mes")}
            </p>
            <div className="overflow-x-auto">
              <table className="w-full text-start" data-testid="results-table">
                <caption className="mb-2 text-start font-bold">{t("budgeting.results.caption", { budget: budgetName })}</caption>
                <thead>
                  <tr className="border-b border-gray-400">
                    <th scope="col" className="py-2 text-start">
                      {t("budgeting.proposal.title")}
                    </th>
                    <th scope="col" className="text-start">
                      {t("budgeting.results.votes")}
                    </th>
                    {cumulative ? (
                      <th scope="col" className="text-start">
                        {t("budgeting.vote.points")}
                      </th>
                    ) : null}
                    <th scope="col" className="text-start">
                      {t("budgeting.results.cost")}
                    </th>
                    <th scope="col" className="text-start">
                      {t("budgeting.results.selected")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.projects.map((p) => (
                    <tr
                      key={p.id}
                      className={`border-b border-gray-200 ${p.selected ? "bg-brand-light font-bold" : ""}`}
                      data-selected={p.selected ? "true" : "false"}
                    >
                      <th scope="row" className="py-2 text-start font-normal">
                        <bdi>{p.title}</bdi>
                      </th>
                      <td>{number(p.votes)}</td>
                      {cumulative ? <td>{number(p.score)}</td> : null}
                      <td>
                        <Money rials={p.costRials} />
                      </td>
                      <td>
                        <Check on={p.selected} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="mt-2 text-sm text-gray-700">{t("budgeting.results.computedAt", { date: date(r.computedAt, true) })}</p>
          </section>

          <details className="card">
            <summary className="cursor-pointer text-lg font-bold">{t("budgeting.results.compare")}</summary>
            <p className="my-3 max-w-3xl">{t("budgeting.results.compareIntro")}</p>
            <div className="overflow-x-auto">
              <table className="w-full text-start">
                <caption className="sr-only">{t("budgeting.results.compare")}</caption>
                <thead>
                  <tr className="border-b border-gray-400">
                    <th scope="col" className="py-2 text-start">
                      {t("budgeting.proposal.title")}
                    </th>
                    {r.rules.map((rule) => (
                      <th key={rule.rule} scope="col" className="px-2 text-start">
                        {t(`budgeting.rule.${rule.rule}`)}
                        {rule.rule === r.officialRule ? ` (${t("budgeting.results.officialShort")})` : ""}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {r.projects.map((p) => (
                    <tr key={p.id} className="border-b border-gray-200">
                      <th scope="row" className="py-2 text-start font-normal">
                        <bdi>{p.title}</bdi>
                      </th>
                      {r.rules.map((rule) => (
                        <td key={rule.rule} className="px-2">
                          <Check on={rule.selected.includes(p.id)} />
                        </td>
                      ))}
                    </tr>
                  ))}
                  <tr>
                    <th scope="row" className="py-2 text-start">
                      {t("budgeting.results.totalCost")}
                    </th>
                    {r.rules.map((rule) => (
                      <td key={rule.rule} className="px-2">
                        <Money rials={rule.costRials} />
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
          </details>

          <section className="card" aria-labelledby="implementation">
            <h2 id="implementation" className="mb-3 text-xl font-bold">
              {t("budgeting.implementation")}
            </h2>
            {r.implementation.length === 0 ? <p>{t("budgeting.results.noneSelected")}</p> : null}
            <ul className="grid gap-3">
              {r.implementation.map((p) => (
                <li key={p.id} className="rounded-md border border-gray-300 p-3">
                  <h3 className="font-bold" dir="auto">
                    {p.title}
                  </h3>
                  <p>
                    {t("budgeting.status")}: {t(`budgeting.implementation.${p.status}`)}
                  </p>
                  {p.milestones.length ? (
                    <>
                      <h4 className="mt-2 font-bold">{t("budgeting.milestones")}</h4>
                      <ol className="list-decimal ps-5">
                        {p.milestones.map((m) => (
                          <li key={m.id}>
                            {date(m.reachedAt)} — <bdi>{m.title}</bdi>
                            {m.note ? (
                              <p className="text-sm text-gray-700" dir="auto">
                                {m.note}
                              </p>
                            ) : null}
                          </li>
                        ))}
                      </ol>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
