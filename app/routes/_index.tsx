import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { listRegions } from "~/modules/city";
import { contextOf } from "~/platform/http.server";
import type { MessageKey } from "~/platform/i18n";

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  const regions = await listRegions();
  return { regions, name: ctx.viewer.kind === "user" ? ctx.viewer.user.displayName : null };
}

const MODULES: { key: MessageKey; body: MessageKey; to?: string }[] = [
  { key: "home.modules.cases", body: "home.modules.cases.body", to: "/cases" },
  { key: "home.modules.club", body: "home.modules.club.body", to: "/club" },
  { key: "home.modules.budgeting", body: "home.modules.budgeting.body", to: "/budgeting" },
  { key: "home.modules.transparency", body: "home.modules.transparency.body", to: "/transparency" },
  { key: "home.modules.sessions", body: "home.modules.sessions.body" },
];

export default function Home() {
  const { regions, name } = useLoaderData<typeof loader>();
  const { t, locale, number } = useI18n();
  return (
    <>
      <section className="mb-10">
        {name ? <p className="mb-2 text-lg text-brand">{t("home.welcome", { name })}</p> : null}
        <h1 className="mb-3 text-3xl font-bold">{t("home.title")}</h1>
        <p className="max-w-3xl text-lg">{t("home.intro")}</p>
      </section>
      <section aria-labelledby="modules" className="mb-10">
        <h2 id="modules" className="sr-only">
          {t("app.tagline")}
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          {MODULES.map((m) => (
            <li key={m.key} className="card">
              <h3 className="mb-2 text-lg font-bold">
                {m.to ? (
                  <Link className="link" to={m.to}>
                    {t(m.key)}
                  </Link>
                ) : (
                  t(m.key)
                )}
              </h3>
              <p>{t(m.body)}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="regions">
        <h2 id="regions" className="mb-3 text-xl font-bold">
          {t("home.regions", { count: regions.length })}
        </h2>
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {regions.map((r) => (
            <li key={r.id} className="rounded border border-gray-200 bg-white px-3 py-2">
              {locale === "fa" ? r.nameFa : `${r.nameEn} (${number(r.id)})`}
            </li>
          ))}
        </ul>
        <p className="mt-2 text-sm text-gray-700">{t("home.attribution")}</p>
      </section>
    </>
  );
}
