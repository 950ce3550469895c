// The cases inbox: officers and managers see their regions/departments, operators, inspectors and
// admins every case. Filters are a GET form (bookmarkable, no JavaScript needed); pages follow a
// keyset cursor so page 200 costs what page 1 does.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { orErrorPage } from "~/components/action.server";
import { CategorySelect, RegionSelect, StatusBadge, useNames } from "~/components/cases/ui";
import { InputField, SelectField } from "~/components/fields";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { listDepartments, listRegions } from "~/modules/city";
import * as cases from "~/modules/cases";
import { CASE_STATUSES } from "~/modules/cases/public";
import { requirePage } from "~/components/auth.server";

export const meta = pageTitle("cases.staffInbox");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requirePage(args, cases.isCaseStaff);
  const params = Object.fromEntries(new URL(args.request.url).searchParams);
  const [page, regions, departments, categories] = await Promise.all([
    orErrorPage(() => cases.inbox(ctx, params)),
    listRegions(),
    listDepartments(),
    cases.categoryTree({ includeInactive: true }),
  ]);
  return {
    page,
    regions,
    departments,
    categories,
    categoryNames: Object.fromEntries(
      (await cases.listCategories({ includeInactive: true })).map((c) => [c.id, { nameFa: c.nameFa, nameEn: c.nameEn }]),
    ),
    canRegisterCalls: cases.canRegisterCalls(ctx.viewer),
  };
}

export default function Inbox() {
  const { page, regions, departments, categories, categoryNames, canRegisterCalls } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, date, number } = useI18n();
  const { name } = useNames();
  const regionName = (id: number | null) => (id ? `${number(id)} — ${name(regions.find((r) => r.id === id))}` : "—");
  const next = new URLSearchParams(params);
  if (page.nextCursor) next.set("after", page.nextCursor);
  const first = new URLSearchParams(params);
  first.delete("after");
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-bold">{t("cases.staffInbox")}</h1>
        <p className="flex flex-wrap gap-2">
          {canRegisterCalls ? (
            <Link className="btn" to="/staff/cases/new">
              {t("cases.operatorConsole")}
            </Link>
          ) : null}
          <Link className="btn-secondary" to="/staff/performance">
            {t("cases.performance")}
          </Link>
        </p>
      </div>
      <p>{t("cases.inbox.scope")}</p>
      <Form method="get" className="card grid gap-x-4 sm:grid-cols-3" aria-label={t("cases.inbox.filters")}>
        <SelectField id="f-status" name="status" label={t("cases.list.status")} defaultValue={params.get("status") ?? "open"}>
          {(["open", "all", ...CASE_STATUSES] as const).map((s) => (
            <option key={s} value={s}>
              {t(`cases.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <RegionSelect
          id="f-region"
          regions={regions}
          label={t("cases.form.region")}
          defaultValue={params.get("regionId")}
          anyLabel={t("cases.inbox.any")}
        />
        <SelectField
          id="f-department"
          name="departmentId"
          label={t("cases.inbox.department")}
          defaultValue={params.get("departmentId") ?? ""}
        >
          <option value="">{t("cases.inbox.any")}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {name(d)}
            </option>
          ))}
        </SelectField>
        <CategorySelect id="f-category" categories={categories} defaultValue={params.get("categoryId") ?? ""} required={false} />
        <InputField id="f-q" name="q" label={t("cases.inbox.search")} dir="ltr" defaultValue={params.get("q") ?? ""} />
        <div className="mb-4 flex items-end gap-4">
          <label className="inline-flex items-center gap-2">
            <input type="checkbox" name="overdue" value="1" defaultChecked={params.get("overdue") === "1"} /> {t("cases.inbox.overdueOnly")}
          </label>
          <button type="submit" className="btn">
            {t("cases.inbox.apply")}
          </button>
        </div>
      </Form>
      {page.cases.length === 0 ? (
        <p className="card" role="status">
          {t("cases.inbox.empty")}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse">
            <caption className="sr-only">{t("cases.staffInbox")}</caption>
            <thead>
              <tr className="border-b border-gray-400">
                <th scope="col" className="p-2 text-start">
                  {t("cases.list.code")}
                </th>
                <th scope="col" className="p-2 text-start">
                  {t("cases.list.category")}
                </th>
                <th scope="col" className="p-2 text-start">
                  {t("cases.list.region")}
                </th>
                <th scope="col" className="p-2 text-start">
                  {t("cases.list.status")}
                </th>
                <th scope="col" className="p-2 text-start">
                  {t("cases.list.date")}
                </th>
                <th scope="col" className="p-2 text-start">
                  {t("cases.list.due")}
                </th>
              </tr>
            </thead>
            <tbody>
              {page.cases.map((c) => (
                <tr key={c.id} className="border-b border-gray-200 align-top">
                  <td className="p-2">
                    <Link className="link font-mono" dir="ltr" to={`/staff/cases/${c.code}`}>
                      {c.code}
                    </Link>
                    <span className="block font-mono text-sm text-gray-700" dir="ltr">
                      {c.reference}
                    </span>
                    <p className="text-sm text-gray-700">{c.description}</p>
                  </td>
                  <td className="p-2">{name(categoryNames[c.categoryId])}</td>
                  <td className="p-2">{regionName(c.regionId)}</td>
                  <td className="p-2">
                    <StatusBadge status={c.status} overdue={!!c.overdueAt} />
                  </td>
                  <td className="p-2">{date(c.createdAt, true)}</td>
                  <td className="p-2">{date(c.dueAt, true)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t("cases.staffInbox")} className="flex gap-3">
        {params.get("after") ? (
          <Link className="btn-secondary" to={`?${first}`}>
            {t("cases.inbox.first")}
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link className="btn-secondary" to={`?${next}`}>
            {t("cases.inbox.next")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
