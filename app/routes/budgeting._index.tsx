// Participatory budgeting (بودجه‌ریزی مشارکتی): every cycle with its phase and dates.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/meta";
import { PhaseBadge } from "~/components/budgeting/ui";
import { cycleView } from "~/components/budgeting/views";
import { useI18n } from "~/components/i18n";
import { canOpenStaffDesk, listCycles } from "~/modules/budgeting";
import { contextOf } from "~/platform/http.server";

export const meta = pageTitle("budgeting.title");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  const cycles = await listCycles();
  return {
    cycles: cycles.map((c) => ({ ...cycleView(c), budgets: c.budgets.length })),
    staff: canOpenStaffDesk(ctx.viewer),
  };
}

export default function BudgetingIndex() {
  const { cycles, staff } = useLoaderData<typeof loader>();
  const { t, date, locale } = useI18n();
  return (
    <div className="grid gap-6">
      <section>
        <h1 className="mb-3 text-3xl font-bold">{t("budgeting.title")}</h1>
        <p className="max-w-3xl text-lg">{t("budgeting.intro")}</p>
        <ul className="mt-3 flex flex-wrap gap-4">
          <li>
            <Link className="link" to="/club">
              {t("budgeting.joinClub")}
            </Link>
          </li>
          <li>
            <Link className="link" to="/budgeting/receipt">
              {t("budgeting.receipt.check")}
            </Link>
          </li>
          {staff ? (
            <li>
              <Link className="link" to="/staff/budgeting">
                {t("budgeting.staff.title")}
              </Link>
            </li>
          ) : null}
        </ul>
      </section>
      <section aria-labelledby="cycles">
        <h2 id="cycles" className="mb-3 text-2xl font-bold">
          {t("budgeting.cycles")}
        </h2>
        {cycles.length === 0 ? <p>{t("budgeting.none")}</p> : null}
        <ul className="grid gap-4">
          {cycles.map((c) => (
            <li key={c.id} className="card">
              <h3 className="mb-2 text-xl font-bold">
                <Link className="link" to={`/budgeting/${c.slug}`}>
                  {locale === "fa" ? c.titleFa : c.titleEn}
                </Link>
              </h3>
              <p className="mb-2 flex flex-wrap items-center gap-2">
                <PhaseBadge phase={c.phase} />
                {c.isStudy ? <span className="rounded-full border border-gray-500 px-3 py-0.5 text-sm">{t("budgeting.study")}</span> : null}
              </p>
              <p>
                {t("budgeting.votingDates", { from: date(c.dates.votingOpenAt), to: date(c.dates.votingCloseAt) })}
                {" · "}
                {t("budgeting.budgetCount", { count: c.budgets })}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
