// The ballot of one budget: a checkbox per project (approval, knapsack) or points per project
// (cumulative). Casting again changes the ballot; each cast gives a new receipt code. A paper ballot
// entered in the member's name is shown (where, when) with "this wasn't me": once contested, the
// member's own online ballot replaces it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { orErrorPage } from "~/components/action.server";
import { choicesFromForm } from "~/components/budgeting/choices";
import { pageTitle } from "~/components/meta";
import { BallotFields, BudgetFacts, errorsFor } from "~/components/budgeting/ui";
import { TextAreaField } from "~/components/fields";
import { budgetView, projectView } from "~/components/budgeting/views";
import { FormMessage, AppForm, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import * as budgeting from "~/modules/budgeting";
import { formAction, readForm } from "~/platform/http.server";
import { requireSignedIn } from "~/components/auth.server";

export const meta = pageTitle("budgeting.vote");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requireSignedIn(args);
  const budget = await orErrorPage(() => budgeting.getBudget(String(args.params.slug), String(args.params.budgetId)));
  const [projects, status] = await Promise.all([budgeting.ballotProjects(budget.id), budgeting.voteStatus(ctx.viewer, budget.id)]);
  return {
    slug: budget.cycle.slug,
    cycleTitle: { fa: budget.cycle.titleFa, en: budget.cycle.titleEn },
    phase: budget.phase,
    budget: budgetView(budget),
    projects: projects.map(projectView),
    eligible: status.eligible,
    reason: status.reason,
    ballot: status.ballot
      ? {
          updatedAt: status.ballot.updatedAt.toISOString(),
          channel: status.ballot.channel,
          pollingPoint: status.ballot.pollingPoint,
          castAt: status.ballot.castAt.toISOString(),
          contested: !!status.ballot.contestedAt,
          // Someone else's choices on a paper ballot the member contests are not put in their form.
          chosen:
            status.ballot.channel === "paper"
              ? {}
              : (Object.fromEntries(status.ballot.choices.map((c) => [c.proposalId, c.points])) as Record<string, number>),
        }
      : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requireSignedIn(args);
  const budget = await orErrorPage(() => budgeting.getBudget(String(args.params.slug), String(args.params.budgetId)));
  // Read the form ourselves: the choices are repeated `choice` keys or `points:<id>` fields.
  const form = await readForm(args.request);
  if (form.get("intent") === "contest") {
    return formAction(async () => {
      await budgeting.contestPaperBallot(ctx, { budgetId: budget.id, note: String(form.get("note") ?? "") });
      return { message: "budgeting.paper.contested" };
    });
  }
  return formAction(async () => {
    const cast = await budgeting.castBallot(ctx, { budgetId: budget.id, choices: choicesFromForm(form) });
    return { receiptCode: cast.receiptCode, fingerprint: cast.fingerprint, changed: cast.changed };
  });
}

type Result = ActionResult & { receiptCode?: string; fingerprint?: string; changed?: boolean };

function CopyButton({ text }: { text: string }) {
  const { t } = useI18n();
  const [hydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setHydrated(true), []);
  // Without JavaScript the code is still selectable text; the button only appears when it can work.
  if (!hydrated || typeof navigator === "undefined" || !navigator.clipboard) return null;
  return (
    <button
      type="button"
      className="btn-secondary"
      onClick={() => {
        void navigator.clipboard.writeText(text).then(() => setCopied(true));
      }}
    >
      {copied ? t("budgeting.receipt.copied") : t("budgeting.receipt.copy")}
    </button>
  );
}

export default function Vote() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const { t, tm, date, locale, name } = useI18n();
  const budgetName = name(data.budget);
  const choiceErrors = errorsFor(result, "choices", "budgetId");
  // Field errors on the choices are the ones to read; a domain error (not eligible, voting closed)
  // comes alone as the form error.
  const alerts = result && !result.ok ? (choiceErrors.length ? choiceErrors : result.formError ? [result.formError] : []) : [];
  const receipt = result?.ok && result.receiptCode ? result : undefined;
  return (
    <div className="grid max-w-3xl gap-6">
      <p>
        <Link className="link" to={`/budgeting/${data.slug}`}>
          {locale === "fa" ? data.cycleTitle.fa : data.cycleTitle.en}
        </Link>
      </p>
      <h1 className="text-3xl font-bold">{t("budgeting.vote.title", { budget: budgetName })}</h1>
      <div className="card">
        <BudgetFacts budget={data.budget} />
      </div>

      {receipt ? (
        <section role="status" aria-labelledby="receipt" className="card border-2 border-emerald-700">
          <h2 id="receipt" className="mb-2 text-xl font-bold">
            {receipt.changed ? t("budgeting.vote.changed") : t("budgeting.vote.cast")}
          </h2>
          <p className="mb-1 font-bold">{t("budgeting.receipt.code")}</p>
          <p className="mb-3 flex flex-wrap items-center gap-3">
            <code
              dir="ltr"
              data-testid="receipt-code"
              className="rounded-md border border-gray-500 bg-gray-50 px-3 py-2 font-mono text-3xl tracking-widest select-all"
            >
              {receipt.receiptCode}
            </code>
            <CopyButton text={receipt.receiptCode!} />
          </p>
          <p data-testid="receipt-fingerprint">{t("budgeting.receipt.keep", { fingerprint: receipt.fingerprint! })}</p>
          <p className="mt-3">
            <Link className="link" to="/budgeting/receipt">
              {t("budgeting.receipt.check")}
            </Link>
          </p>
        </section>
      ) : null}

      {data.phase !== "voting" ? (
        <p role="status" className="card">
          {t("budgeting.error.votingClosed")}
        </p>
      ) : !data.eligible ? (
        <div role="status" className="card" data-testid="ineligible">
          <p className="mb-2">{tm(data.reason ?? "error.forbidden")}</p>
          <p>
            <Link className="link" to="/club">
              {t("budgeting.toClub")}
            </Link>
          </p>
        </div>
      ) : data.ballot?.channel === "paper" && !data.ballot.contested ? (
        <section className="card" aria-labelledby="paper" data-testid="paper-ballot">
          <h2 id="paper" className="mb-2 text-xl font-bold">
            {t("budgeting.error.votedOnPaper")}
          </h2>
          <p className="mb-2">
            {t("budgeting.paper.yours", { point: data.ballot.pollingPoint ?? "", date: date(data.ballot.castAt, true) })}
          </p>
          <p className="mb-3">{t("budgeting.paper.contestIntro")}</p>
          <FormMessage result={result && !result.ok ? result : undefined} />
          <AppForm>
            <input type="hidden" name="intent" value="contest" />
            <TextAreaField
              id="contest-note"
              name="note"
              label={t("budgeting.paper.contestNote")}
              rows={2}
              errors={result && !result.ok ? result.fieldErrors?.note : undefined}
            />
            <SubmitButton className="btn-danger">{t("budgeting.paper.contest")}</SubmitButton>
          </AppForm>
        </section>
      ) : data.projects.length === 0 ? (
        <p className="card">{t("budgeting.noProjects")}</p>
      ) : (
        <section className="card" aria-labelledby="ballot">
          <h2 id="ballot" className="mb-2 text-xl font-bold">
            {t("budgeting.vote.ballot")}
          </h2>
          {data.ballot?.channel === "paper" ? (
            <p role="status" className="mb-3" data-testid="paper-contested">
              {t("budgeting.paper.contested")}
            </p>
          ) : data.ballot && !receipt ? (
            <p className="mb-3">{t("budgeting.vote.current", { date: date(data.ballot.updatedAt, true) })}</p>
          ) : null}
          <FormMessage id="ballot-errors" errors={alerts} />
          <AppForm>
            <BallotFields
              idPrefix="choice"
              ballotType={data.budget.ballotType}
              maxPoints={data.budget.points}
              projects={data.projects}
              chosen={data.ballot?.chosen ?? {}}
              legend={t(`budgeting.vote.legend.${data.budget.ballotType}`)}
              errorId="ballot-errors"
              invalid={alerts.length > 0}
            />
            <SubmitButton>
              {data.ballot && data.ballot.channel !== "paper" ? t("budgeting.vote.change") : t("budgeting.vote.submit")}
            </SubmitButton>
          </AppForm>
        </section>
      )}
    </div>
  );
}
