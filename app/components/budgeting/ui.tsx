// Pieces shared by the club and budgeting pages: labelled fields with explicit ids (pages with one
// form per proposal or budget must not repeat ids), phase badges, ballot fields, error lists.
import type { ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import type { Phase } from "~/modules/budgeting/public";
import { formatMoney } from "./money";
import type { BudgetView } from "./views";

/** The phase as words in a bordered badge (never colour alone). */
export function PhaseBadge({ phase }: { phase: Phase | string }) {
  const { t, has } = useI18n();
  const key = `budgeting.phase.${phase}`;
  return (
    <span
      className="inline-block rounded-full border border-brand bg-brand-light px-3 py-0.5 text-sm font-bold text-brand"
      data-phase={phase}
    >
      {t("budgeting.phase")}: {has(key) ? t(key) : phase}
    </span>
  );
}

/** An amount in rials (decimal string), as tomans in fa and IRR in en. */
export function Money({ rials }: { rials: string }) {
  const { locale } = useI18n();
  return <span className="whitespace-nowrap">{formatMoney(locale, rials)}</span>;
}

/** Every translated error of a result whose field name starts with one of `prefixes`. */
export function errorsFor(result: ActionResult | undefined | null, ...prefixes: string[]) {
  if (!result || result.ok || !result.fieldErrors) return [];
  return Object.entries(result.fieldErrors)
    .filter(([field]) => prefixes.some((p) => field === p || field.startsWith(`${p}.`)))
    .flatMap(([, messages]) => messages);
}

export type BallotProjectView = { id: string; code: string; title: string; description: string; costRials: string };

/**
 * The choices of a ballot: a checkbox per project (approval, knapsack) or a points field per
 * project (cumulative, `points:<id>`, 0 = not chosen). Used by the vote page and by staff entering
 * paper ballots. `idPrefix` keeps ids unique when several ballots are on one page.
 */
export function BallotFields({
  idPrefix,
  ballotType,
  maxPoints,
  projects,
  chosen,
  legend,
  errorId,
  invalid,
}: {
  idPrefix: string;
  ballotType: "approval" | "knapsack" | "cumulative";
  maxPoints: number | null;
  projects: BallotProjectView[];
  chosen: Record<string, number>;
  legend: string;
  errorId?: string;
  invalid?: boolean;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="mb-4" aria-describedby={invalid && errorId ? errorId : undefined}>
      <legend className="mb-2 text-lg font-bold">{legend}</legend>
      <ul className="grid gap-3">
        {projects.map((p) => {
          const id = `${idPrefix}-${p.id}`;
          const excerpt = p.description.length > 240 ? `${p.description.slice(0, 240)}…` : p.description;
          return (
            <li key={p.id} className="rounded-md border border-gray-300 bg-white p-3">
              {ballotType === "cumulative" ? (
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="grow">
                    <ProjectSummary id={id} titleId={`${id}-title`} title={p.title} excerpt={excerpt} costRials={p.costRials} />
                  </div>
                  <div className="w-28">
                    <span id={`${id}-pts`} className="mb-1 block text-sm">
                      {t("budgeting.vote.points")}
                    </span>
                    <input
                      id={id}
                      name={`points:${p.id}`}
                      // Text, not type=number: Persian keyboards type ۰–۹, which number inputs refuse.
                      type="text"
                      inputMode="numeric"
                      autoComplete="off"
                      dir="ltr"
                      className="input"
                      defaultValue={chosen[p.id] ? String(chosen[p.id]) : "0"}
                      aria-labelledby={`${id}-title ${id}-pts`}
                      aria-describedby={excerpt ? `${id}-desc` : undefined}
                      aria-invalid={invalid ? true : undefined}
                    />
                  </div>
                </div>
              ) : (
                <div className="flex items-start gap-3">
                  <input
                    id={id}
                    type="checkbox"
                    name="choice"
                    value={p.id}
                    className="mt-1.5 size-5 shrink-0"
                    defaultChecked={!!chosen[p.id]}
                    aria-describedby={excerpt ? `${id}-desc` : undefined}
                    aria-invalid={invalid ? true : undefined}
                  />
                  <div>
                    <ProjectSummary id={id} title={p.title} excerpt={excerpt} costRials={p.costRials} />
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {ballotType === "cumulative" && maxPoints ? (
        <p className="mt-2 text-sm">{t("budgeting.ballotType.cumulative", { max: maxPoints })}</p>
      ) : null}
    </fieldset>
  );
}

/** The facts of a budget: where, how much, how to vote, who may vote. */
export function BudgetFacts({ budget }: { budget: BudgetView }) {
  const { t, locale, name } = useI18n();
  const regionName = budget.region ? name(budget.region) : null;
  const ballotText =
    budget.ballotType === "approval"
      ? budget.maxChoices
        ? t("budgeting.ballotType.approval", { max: budget.maxChoices })
        : t("budgeting.ballotType.approvalAny")
      : budget.ballotType === "cumulative"
        ? budget.points
          ? t("budgeting.ballotType.cumulative", { max: budget.points })
          : t("budgeting.ballotType.cumulativeAny")
        : t("budgeting.ballotType.knapsack");
  const who = [
    t(`budgeting.who.${budget.minVerification}`),
    regionName && budget.residentsOnly ? t("budgeting.residentsOf", { region: regionName }) : null,
  ]
    .filter(Boolean)
    .join(locale === "fa" ? "، " : ", ");
  return (
    <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
      <dt className="font-bold">{t("budgeting.area")}</dt>
      <dd>{regionName ?? t("budgeting.cityWide")}</dd>
      <dt className="font-bold">{t("budgeting.amount")}</dt>
      <dd>
        <Money rials={budget.amountRials} />
      </dd>
      <dt className="font-bold">{t("budgeting.ballot")}</dt>
      <dd>{ballotText}</dd>
      <dt className="font-bold">{t("budgeting.whoMayVote")}</dt>
      <dd>{who}</dd>
    </dl>
  );
}

/** A ballot line's label, description excerpt (`${id}-desc`) and cost. */
function ProjectSummary({
  id,
  titleId,
  title,
  excerpt,
  costRials,
}: {
  id: string;
  titleId?: string;
  title: string;
  excerpt: string;
  costRials: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <label htmlFor={id} id={titleId} className="block font-bold">
        <bdi>{title}</bdi>
      </label>
      {excerpt ? (
        <p id={`${id}-desc`} className="text-sm text-gray-700" dir="auto">
          {excerpt}
        </p>
      ) : null}
      <p className="text-sm">
        {t("budgeting.results.cost")}: <Money rials={costRials} />
      </p>
    </>
  );
}
