import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n } from "./i18n";

import type { Can } from "./can.server";

/** `can`: what the modules' predicates allow this viewer (from the root loader). */
type LayoutViewer = { displayName: string; emailVerified: boolean; can: Can } | null;

export function Layout({ viewer, devOutbox, children }: { viewer: LayoutViewer; devOutbox: boolean; children: ReactNode }) {
  const { t, locale } = useI18n();
  const location = useLocation();
  const here = location.pathname + location.search;
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded px-2 py-1 hover:bg-emerald-900 ${isActive ? "underline underline-offset-4" : ""}`;
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2 focus:text-brand"
      >
        {t("nav.skip")}
      </a>
      <header className="bg-brand text-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link to="/" className="text-xl font-bold">
            {t("app.name")}
          </Link>
          <nav aria-label={t("nav.main")} className="flex flex-wrap items-center gap-2">
            <NavLink to="/" end className={navClass}>
              {t("nav.home")}
            </NavLink>
            <NavLink to="/cases" className={navClass}>
              {t("nav.cases")}
            </NavLink>
            <NavLink to="/map" className={navClass}>
              {t("cases.map.nav")}
            </NavLink>
            <NavLink to="/budgeting" className={navClass}>
              {t("nav.budgeting")}
            </NavLink>
            <NavLink to="/club" className={navClass}>
              {t("nav.club")}
            </NavLink>
            {viewer ? (
              <>
                <NavLink to="/account" className={navClass}>
                  {t("nav.account")}
                </NavLink>
                {viewer.can.staffCases ? (
                  <NavLink to="/staff/cases" className={navClass}>
                    {t("nav.staffCases")}
                  </NavLink>
                ) : null}
                {viewer.can.manageRoles ? (
                  <NavLink to="/admin/roles" className={navClass}>
                    {t("nav.admin")}
                  </NavLink>
                ) : null}
                {viewer.can.inspectReports ? (
                  <NavLink to="/inspector/reports" className={navClass}>
                    {t("reports.nav.inspector")}
                  </NavLink>
                ) : viewer.can.readReportAccessLog ? (
                  <NavLink to="/admin/report-access" className={navClass}>
                    {t("reports.nav.accessLog")}
                  </NavLink>
                ) : null}
                <Form method="post" action="/signout">
                  <button type="submit" className="rounded px-2 py-1 hover:bg-emerald-900">
                    {t("nav.signOut")}
                  </button>
                </Form>
              </>
            ) : (
              <>
                <NavLink to="/signin" className={navClass}>
                  {t("nav.signIn")}
                </NavLink>
                <NavLink to="/signup" className={navClass}>
                  {t("nav.signUp")}
                </NavLink>
              </>
            )}
            <Form method="post" action="/set-locale">
              <input type="hidden" name="redirectTo" value={here} />
              <input type="hidden" name="locale" value={locale === "fa" ? "en" : "fa"} />
              <button type="submit" className="rounded border border-white px-2 py-1" lang={locale === "fa" ? "en" : "fa"}>
                {t("lang.switchTo")}
              </button>
            </Form>
          </nav>
        </div>
      </header>
      {viewer && !viewer.emailVerified ? (
        <div role="status" className="bg-amber-100 px-4 py-2 text-center text-amber-950">
          {t("home.verifyBanner")}{" "}
          <Link to="/verify-email" className="link">
            {t("auth.verify.resend")}
          </Link>
        </div>
      ) : null}
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8">
        {children}
      </main>
      <footer className="border-t border-gray-200 px-4 py-6 text-center text-sm text-gray-700">
        <p>
          {t("app.name")} — {t("app.tagline")}
        </p>
        <p className="mt-1">
          <Link className="link" to="/report">
            {t("reports.nav.report")}
          </Link>
          {" · "}
          <Link className="link" to="/transparency">
            {t("nav.transparency")}
          </Link>
        </p>
        <p className="mt-1">
          <a className="link" href="/api">
            {t("nav.api")}
          </a>
          {devOutbox ? (
            <>
              {" · "}
              <Link className="link" to="/dev/outbox">
                {t("nav.outbox")}
              </Link>
            </>
          ) : null}
        </p>
        <p className="mt-1">
          <a className="link" href="https://www.openstreetmap.org/copyright">
            {t("home.attribution")}
          </a>
        </p>
      </footer>
    </>
  );
}
