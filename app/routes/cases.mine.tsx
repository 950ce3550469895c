// "My cases": the signed-in citizen's cases, reported or followed (each marked; a followed case by
// its public reference, opening the public view).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusBadge, useNames } from "~/components/cases/ui";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import * as cases from "~/modules/cases";
import { requireSignedIn } from "~/components/auth.server";

export const meta = pageTitle("cases.mine");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requireSignedIn(args);
  return { cases: await cases.myCases(ctx) };
}

export default function MyCases() {
  const { cases: list } = useLoaderData<typeof loader>();
  const { t, date } = useI18n();
  const { name } = useNames();
  return (
    <div className="grid gap-6">
      <h1 className="text-3xl font-bold">{t("cases.mine")}</h1>
      <p>
        <Link className="btn" to="/cases/new">
          {t("cases.new")}
        </Link>
      </p>
      {list.length === 0 ? (
        <p className="card">{t("cases.mine.empty")}</p>
      ) : (
        <table className="w-full border-collapse text-start">
          <thead>
            <tr className="border-b border-gray-400">
              <th scope="col" className="p-2 text-start">
                {t("cases.list.reference")}
              </th>
              <th scope="col" className="p-2 text-start">
                {t("cases.list.relation")}
              </th>
              <th scope="col" className="p-2 text-start">
                {t("cases.list.category")}
              </th>
              <th scope="col" className="p-2 text-start">
                {t("cases.list.status")}
              </th>
              <th scope="col" className="p-2 text-start">
                {t("cases.list.date")}
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id} className="border-b border-gray-200">
                <td className="p-2">
                  <Link className="link font-mono" dir="ltr" to={`/cases/${c.reference}`}>
                    {c.reference}
                  </Link>
                </td>
                <td className="p-2" data-testid="relation">
                  {t(`cases.relation.${c.relation}`)}
                </td>
                <td className="p-2">{name(c.category)}</td>
                <td className="p-2">
                  <StatusBadge status={c.status} />
                </td>
                <td className="p-2">{date(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
