// /map — the public map of reported problems and its list twin. The filters live in the URL
// (categoryId, status, regionId, from, to; a GET form, so everything works without JavaScript);
// the list is server-rendered, paginated by keyset links and announces its result count; the map
// (CasesMap, client only) draws the same filter's vector tiles. Public fields only: cases'
// publicCases (see app/modules/cases/public-view.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CasesMap } from "~/components/map/CasesMap";
import { InputField, SelectField } from "~/components/fields";
import { FormMessage } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { listRegions } from "~/modules/city";
import * as cases from "~/modules/cases";
import { PUBLIC_STATUS_BUCKETS } from "~/modules/cases/public";
import { ValidationError } from "~/platform/errors";

export const meta = pageTitle("cases.map.title");

const FILTER_PARAMS = ["categoryId", "status", "regionId", "from", "to"] as const;
type Filter = Partial<Record<(typeof FILTER_PARAMS)[number], string>>;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filter: Filter = Object.fromEntries(FILTER_PARAMS.flatMap((k) => (url.searchParams.get(k) ? [[k, url.searchParams.get(k)!]] : [])));
  const after = url.searchParams.get("after") || undefined;
  const [categories, regions] = await Promise.all([cases.categoryTree(), listRegions()]);
  try {
    const page = await cases.publicCases(filter, { after });
    return { filter, after: after ?? null, categories, regions, page, fieldErrors: null };
  } catch (error) {
    // A bad filter in the URL: the form shows why, the list is empty (never a 500).
    if (!(error instanceof ValidationError)) throw error;
    const empty: cases.PublicCasesPage = {
      nodes: [],
      edges: [],
      totalCount: 0,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    };
    return { filter, after: null, categories, regions, page: empty, fieldErrors: error.fieldErrors as Record<string, string[]> };
  }
}

const queryOf = (filter: Filter, extra: Record<string, string> = {}) =>
  new URLSearchParams(Object.entries({ ...filter, ...extra }).filter(([, v]) => v) as [string, string][]).toString();

export default function PublicMap() {
  const { filter, after, categories, regions, page, fieldErrors } = useLoaderData<typeof loader>();
  const { t, date, name } = useI18n();
  const errs = (f: string) => fieldErrors?.[f];
  const status = filter.status ?? "open";
  const query = queryOf(filter);

  return (
    <div className="grid gap-6">
      <h1 className="text-3xl font-bold">{t("cases.map.title")}</h1>
      <p className="max-w-3xl">{t("cases.map.intro")}</p>

      <section aria-labelledby="map-filters" className="card">
        <h2 id="map-filters" className="mb-3 text-xl font-bold">
          {t("cases.map.filters")}
        </h2>
        {fieldErrors ? <FormMessage errors={["error.invalidInput"]} /> : null}
        <Form method="get" className="grid gap-x-4 sm:grid-cols-3" noValidate>
          <SelectField
            id="f-category"
            name="categoryId"
            label={t("cases.map.category")}
            defaultValue={filter.categoryId ?? ""}
            errors={errs("categoryId")}
          >
            <option value="">{t("cases.map.anyCategory")}</option>
            {categories.map((top) => (
              <optgroup key={top.id} label={name(top)}>
                <option value={top.id}>{name(top)}</option>
                {top.children.map((c) => (
                  <option key={c.id} value={c.id}>
                    {name(c)}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
          <SelectField id="f-status" name="status" label={t("cases.map.status")} defaultValue={status} errors={errs("status")}>
            {[...PUBLIC_STATUS_BUCKETS, "all" as const].map((b) => (
              <option key={b} value={b}>
                {t(`cases.map.bucket.${b}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            id="f-region"
            name="regionId"
            label={t("cases.map.region")}
            defaultValue={filter.regionId ?? ""}
            errors={errs("regionId")}
          >
            <option value="">{t("cases.map.anyRegion")}</option>
            {regions.map((r) => (
              <option key={r.id} value={r.id}>
                {name(r)}
              </option>
            ))}
          </SelectField>
          <InputField
            id="f-from"
            name="from"
            type="date"
            label={t("cases.map.from")}
            hint={t("cases.map.periodHint")}
            defaultValue={filter.from}
            errors={errs("from")}
          />
          <InputField id="f-to" name="to" type="date" label={t("cases.map.to")} defaultValue={filter.to} errors={errs("to")} />
          <div className="mb-4 flex flex-wrap items-end gap-3">
            <button type="submit" className="btn">
              {t("cases.map.apply")}
            </button>
            <Link className="link" to="/map">
              {t("cases.map.reset")}
            </Link>
          </div>
        </Form>
        <p>
          {status === "closed_fixed" ? (
            <Link className="link" to={`/map?${queryOf({ ...filter, status: "open" })}`}>
              {t("cases.map.showOpen")}
            </Link>
          ) : (
            <Link className="link" to={`/map?${queryOf({ ...filter, status: "closed_fixed" })}`}>
              {t("cases.map.showFixed")}
            </Link>
          )}
        </p>
      </section>

      <p role="status" aria-live="polite" aria-atomic="true" className="font-bold" data-result-count={page.totalCount}>
        {t("cases.map.count", { count: page.totalCount })}
      </p>

      <CasesMap query={query} label={t("cases.map.mapLabel")} />

      <section aria-labelledby="map-list" className="grid gap-3">
        <h2 id="map-list" className="text-2xl font-bold">
          {t("cases.map.list")}
        </h2>
        {page.nodes.length ? (
          <ol className="grid gap-2" data-cases-list="">
            {page.nodes.map((c) => (
              <li key={c.reference} className="card flex flex-wrap items-baseline gap-x-4 gap-y-1 py-2">
                <Link className="link font-mono font-bold" to={`/map/cases/${c.reference}`} dir="ltr">
                  {c.reference}
                </Link>
                <span>{name(c.category)}</span>
                <span className="rounded border border-gray-700 px-2 py-0.5 text-sm">{t(`cases.map.bucket.${c.status}`)}</span>
                {c.region ? <span className="text-sm text-gray-700">{name(c.region)}</span> : null}
                <span className="text-sm text-gray-700">
                  {t("cases.map.registered")}: {date(c.registeredAt)}
                </span>
                <span className="text-sm text-gray-700">{t("cases.map.followers", { count: c.followers })}</span>
              </li>
            ))}
          </ol>
        ) : null}
        {page.pageInfo.hasNextPage || after ? (
          <nav aria-label={t("cases.map.pages")} className="flex gap-4">
            {after ? (
              <Link className="link" to={`/map?${query}`}>
                {t("cases.map.first")}
              </Link>
            ) : null}
            {page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
              <Link className="link" to={`/map?${queryOf(filter, { after: page.pageInfo.endCursor })}`} rel="next">
                {t("cases.map.next")}
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
