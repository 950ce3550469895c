// The staff desk for participatory budgeting: a layout with the desk's pages — cycles (phases,
// new cycles and budgets), review, paper ballots, results and implementation, imports. Which pages
// a viewer has, and what they may do on each budget, is the budgeting module's rule
// (permissions.ts); each page is a thin door into the module.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import * as budgeting from "~/modules/budgeting";
import { requirePageRole } from "~/components/auth.server";
import { data } from "@remix-run/node";
import { encodeMessage } from "~/platform/i18n";

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requirePageRole(args, "staff");
  const sections = budgeting.deskSections(ctx.viewer);
  if (!sections.cycles) throw data({ message: encodeMessage("error.forbidden") }, { status: 403 });
  return { sections };
}

const PAGES = [
  { key: "cycles", to: "/staff/budgeting", end: true },
  { key: "review", to: "/staff/budgeting/review", end: false },
  { key: "paper", to: "/staff/budgeting/paper", end: false },
  { key: "results", to: "/staff/budgeting/results", end: false },
  { key: "imports", to: "/staff/budgeting/import", end: false },
] as const;

export default function StaffBudgeting() {
  const { sections } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="mb-2 text-3xl font-bold">{t("budgeting.staff.title")}</h1>
        <p className="max-w-3xl">{t("budgeting.staff.intro")}</p>
      </div>
      <nav aria-label={t("budgeting.staff.nav")}>
        <ul className="flex flex-wrap gap-2">
          {PAGES.filter((p) => sections[p.key]).map((p) => (
            <li key={p.key}>
              <NavLink to={p.to} end={p.end} className={({ isActive }) => (isActive ? "btn" : "btn-secondary")}>
                {t(`budgeting.staff.nav.${p.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
