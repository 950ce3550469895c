// One budget cycle: its phase timeline and, per budget, what can be done in the current phase
// (propose, follow proposals, vote, see results).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orErrorPage } from "~/components/action.server";
import { pageTitle } from "~/components/meta";
import { BudgetFacts, Money, PhaseBadge } from "~/components/budgeting/ui";
import { BOUNDARY_KEYS, budgetView, cycleView, projectView } from "~/components/budgeting/views";
import { useI18n } from "~/components/i18n";
import { ProjectsMap } from "~/components/map/ProjectsMap";
import * as budgeting from "~/modules/budgeting";
import { contextOf } from "~/platform/http.server";

export const meta = pageTitle("budgeting.title");

// Which boundary opens each phase: the timeline marks the phase the cycle is in.
const OPENS: Record<(typeof BOUNDARY_KEYS)[number], string> = {
  proposalsOpenAt: "proposals",
  reviewAt: "review",
  votingOpenAt: "voting",
  votingCloseAt: "results",
  implementationAt: "implementation",
};

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  const cycle = await orErrorPage(() => budgeting.getCycle(String(args.params.slug)));
  const proposalPhase = cycle.phase === "proposals" || cycle.phase === "review";
  const budgets = await Promise.all(
    cycle.budgets.map(async (b) => {
      if (proposalPhase) {
        const proposals = await budgeting.listProposals(ctx.viewer, b.id);
        return {
          ...budgetView(b),
          proposals: proposals.map((p) => ({ ...projectView(p), status: p.status, reviewReason: p.reviewReason })),
          projects: [],
        };
      }
      const projects = cycle.phase === "upcoming" ? [] : await budgeting.ballotProjects(b.id);
      return { ...budgetView(b), proposals: [], projects: projects.map((p) => ({ ...projectView(p), selected: p.selected })) };
    }),
  );
  const ids = budgets.flatMap((b) => [...b.proposals, ...b.projects].map((p) => p.id));
  const photos = ids.length ? await budgeting.proposalPhotos(ctx.viewer, ids) : {};
  return { cycle: cycleView(cycle), budgets, photos };
}

export default function Cycle() {
  const { cycle, budgets, photos } = useLoaderData<typeof loader>();
  const { t, date, locale, name } = useI18n();
  const title = locale === "fa" ? cycle.titleFa : cycle.titleEn;
  const description = locale === "fa" ? cycle.descriptionFa : cycle.descriptionEn;
  const afterVoting = cycle.phase === "results" || cycle.phase === "implementation";
  return (
    <div className="grid gap-6">
      <p>
        <Link className="link" to="/budgeting">
          {t("budgeting.allCycles")}
        </Link>
      </p>
      <section>
        <h1 className="mb-3 text-3xl font-bold">{title}</h1>
        <p className="mb-3 flex flex-wrap items-center gap-2">
          <PhaseBadge phase={cycle.phase} />
          {cycle.isStudy ? <span className="rounded-full border border-gray-500 px-3 py-0.5 text-sm">{t("budgeting.study")}</span> : null}
        </p>
        {description ? <p className="max-w-3xl whitespace-pre-line">{description}</p> : null}
      </section>

      <section aria-labelledby="timeline" className="card">
        <h2 id="timeline" className="mb-3 text-xl font-bold">
          {t("budgeting.timeline")}
        </h2>
        <ol className="grid gap-2 sm:grid-cols-5">
          {BOUNDARY_KEYS.map((key) => {
            const current = OPENS[key] === cycle.phase;
            return (
              <li
                key={key}
                aria-current={current ? "step" : undefined}
                className={`rounded-md border p-2 ${current ? "border-brand border-2 bg-brand-light" : "border-gray-300"}`}
              >
                <span className="block text-sm font-bold">{t(`budgeting.timeline.${key}`)}</span>
                <span className="block">{date(cycle.dates[key], true)}</span>
                {current ? <span className="block text-sm font-bold">{t("budgeting.timeline.now")}</span> : null}
              </li>
            );
          })}
        </ol>
        <p className="mt-2 text-sm text-gray-700">{t("budgeting.timeline.tehranTime")}</p>
      </section>

      {budgets.length === 0 ? <p>{t("budgeting.noBudgets")}</p> : null}
      {budgets.map((b) => (
        <section key={b.id} aria-labelledby={`budget-${b.id}`} className="card">
          <h2 id={`budget-${b.id}`} className="mb-3 text-2xl font-bold">
            {name(b)}
          </h2>
          <BudgetFacts budget={b} />

          {cycle.phase === "upcoming" ? (
            <p className="mt-4">{t("budgeting.upcomingNote", { date: date(cycle.dates.proposalsOpenAt) })}</p>
          ) : null}

          {cycle.phase === "proposals" ? (
            <p className="mt-4">
              <Link className="btn" to={`/budgeting/${cycle.slug}/propose/${b.id}`}>
                {t("budgeting.link.propose", { budget: name(b) })}
              </Link>
            </p>
          ) : null}

          {cycle.phase === "voting" ? (
            <p className="mt-4">
              <Link className="btn" to={`/budgeting/${cycle.slug}/vote/${b.id}`}>
                {t("budgeting.link.vote", { budget: name(b) })}
              </Link>
            </p>
          ) : null}

          {afterVoting ? (
            <p className="mt-4">
              <Link className="btn" to={`/budgeting/${cycle.slug}/results/${b.id}`}>
                {t("budgeting.link.results", { budget: name(b) })}
              </Link>
            </p>
          ) : null}

          {cycle.phase === "proposals" || cycle.phase === "review" ? (
            <>
              {b.proposals.some((p) => p.latitude !== null) ? (
                <div className="mt-5">
                  <ProjectsMap
                    label={t("budgeting.proposalsMap", { budget: name(b) })}
                    headingLevel={3}
                    points={b.proposals.map((p) => ({ id: p.id, title: p.title, lat: p.latitude, lng: p.longitude }))}
                  />
                </div>
              ) : null}
              <h3 className="mt-5 mb-2 text-lg font-bold">{t("budgeting.proposals")}</h3>
              {b.proposals.length === 0 ? <p>{t("budgeting.noProposals")}</p> : null}
              <ul className="grid gap-2">
                {b.proposals.map((p) => (
                  <li key={p.id} className="rounded-md border border-gray-300 p-3">
                    <p className="font-bold" dir="auto">
                      {p.title}
                    </p>
                    <p className="text-sm">
                      {t("budgeting.status")}: {t(`budgeting.status.${p.status}`)} · {t("budgeting.results.cost")}:{" "}
                      <Money rials={p.costRials} />
                    </p>
                    {p.reviewReason ? (
                      <p className="text-sm text-gray-700" dir="auto">
                        {p.reviewReason}
                      </p>
                    ) : null}
                    <Photos photos={photos[p.id]} title={p.title} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {cycle.phase === "voting" || afterVoting ? (
            <>
              {b.projects.some((p) => p.latitude !== null) ? (
                <div className="mt-5">
                  <ProjectsMap
                    label={t("budgeting.projectsMap", { budget: name(b) })}
                    headingLevel={3}
                    points={b.projects.map((p) => ({ id: p.id, title: p.title, lat: p.latitude, lng: p.longitude }))}
                  />
                </div>
              ) : null}
              <h3 className="mt-5 mb-2 text-lg font-bold">{t("budgeting.projects")}</h3>
              {b.projects.length === 0 ? <p>{t("budgeting.noProjects")}</p> : null}
              <ul className="grid gap-2">
                {b.projects.map((p) => (
                  <li key={p.id} className="rounded-md border border-gray-300 p-3">
                    <p className="font-bold" dir="auto">
                      {p.title}
                    </p>
                    {p.description ? (
                      <p className="text-sm text-gray-700" dir="auto">
                        {p.description.length > 240 ? `${p.description.slice(0, 240)}…` : p.description}
                      </p>
                    ) : null}
                    <Photos photos={photos[p.id]} title={p.title} />
                    <p className="text-sm">
                      {t("budgeting.results.cost")}: <Money rials={p.costRials} />
                      {afterVoting && p.selected ? (
                        <strong>
                          {" · "}
                          <span aria-hidden="true">✓ </span>
                          {t("budgeting.results.selected")}
                        </strong>
                      ) : null}
                    </p>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ))}

      <p>
        <Link className="link" to="/budgeting/receipt">
          {t("budgeting.receipt.check")}
        </Link>
      </p>
    </div>
  );
}

function Photos({ photos, title }: { photos?: { id: string; width: number; height: number }[]; title: string }) {
  const { t } = useI18n();
  if (!photos?.length) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-2">
      {photos.map((ph, i) => (
        <li key={ph.id}>
          <a href={`/media/${ph.id}`}>
            <img
              src={`/media/${ph.id}`}
              alt={t("media.photoOf", { title, n: i + 1 })}
              width={Math.round((ph.width / ph.height) * 96)}
              height={96}
              loading="lazy"
              className="h-24 w-auto rounded border border-gray-300"
            />
          </a>
        </li>
      ))}
    </ul>
  );
}
