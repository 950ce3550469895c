// Admins manage the case category tree: names in both languages, the department a category routes
// to, its SLA, and whether citizens can choose it (categories are deactivated, never deleted, so
// old cases keep theirs).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { taggedAction } from "~/components/action.server";
import { useNames } from "~/components/cases/ui";
import { InputField, SelectField } from "~/components/fields";
import { FormMessage, AppForm, SubmitButton, fieldErrors, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { listDepartments } from "~/modules/city";
import * as cases from "~/modules/cases";
import { formValues } from "~/platform/http.server";
import { requirePage } from "~/components/auth.server";

export const meta = pageTitle("cases.categories");

export async function loader(args: LoaderFunctionArgs) {
  await requirePage(args, cases.canManageCategories);
  const [categories, departments] = await Promise.all([cases.listCategories({ includeInactive: true }), listDepartments()]);
  return { categories, departments };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requirePage(args, cases.canManageCategories);
  const values = await formValues(args.request);
  const target = values.id ?? "new";
  return taggedAction({ intent: "save", target }, async () => {
    if (values.id) await cases.updateCategory(ctx, values);
    else await cases.createCategory(ctx, values);
    return { message: "cases.cat.saved" };
  });
}

type Category = Awaited<ReturnType<typeof cases.listCategories>>[number];

export default function Categories() {
  const { categories, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { target?: string }) | undefined;
  const { t, number } = useI18n();
  const { name } = useNames();
  const tops = categories.filter((c) => c.parentId === null);
  const childrenOf = (id: number) => categories.filter((c) => c.parentId === id);

  function CategoryForm({ c }: { c?: Category }) {
    const key = c ? String(c.id) : "new";
    const r = result?.target === key ? result : undefined;
    const id = (f: string) => `cat-${key}-${f}`;
    return (
      <AppForm className="grid gap-x-4 sm:grid-cols-3">
        {c ? <input type="hidden" name="id" value={c.id} /> : null}
        <div className="sm:col-span-3">
          <FormMessage result={r} />
        </div>
        <InputField
          id={id("slug")}
          name="slug"
          label={t("cases.cat.slug")}
          dir="ltr"
          required
          defaultValue={c?.slug}
          errors={fieldErrors(r, "slug")}
        />
        <InputField
          id={id("nameFa")}
          name="nameFa"
          label={t("cases.cat.nameFa")}
          lang="fa"
          dir="rtl"
          required
          defaultValue={c?.nameFa}
          errors={fieldErrors(r, "nameFa")}
        />
        <InputField
          id={id("nameEn")}
          name="nameEn"
          label={t("cases.cat.nameEn")}
          lang="en"
          dir="ltr"
          required
          defaultValue={c?.nameEn}
          errors={fieldErrors(r, "nameEn")}
        />
        <SelectField
          id={id("parent")}
          name="parentId"
          label={t("cases.cat.parent")}
          defaultValue={c?.parentId ?? ""}
          errors={fieldErrors(r, "parentId")}
        >
          <option value="">{t("cases.cat.top")}</option>
          {tops
            .filter((p) => p.id !== c?.id)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {name(p)}
              </option>
            ))}
        </SelectField>
        <SelectField
          id={id("department")}
          name="departmentId"
          label={t("cases.cat.department")}
          defaultValue={c?.departmentId ?? ""}
          errors={fieldErrors(r, "departmentId")}
        >
          <option value="">{t("cases.cat.none")}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {name(d)}
            </option>
          ))}
        </SelectField>
        <InputField
          id={id("sla")}
          name="slaHours"
          type="number"
          min={1}
          max={2160}
          label={t("cases.cat.sla")}
          required
          defaultValue={c?.slaHours ?? 72}
          errors={fieldErrors(r, "slaHours")}
        />
        <div className="mb-4 flex items-end gap-4 sm:col-span-3">
          <input type="hidden" name="active" value="false" />
          <label className="inline-flex items-center gap-2">
            <input type="checkbox" name="active" value="true" defaultChecked={c?.active ?? true} /> {t("cases.cat.active")}
          </label>
          <label className="inline-flex items-center gap-2">
            <input type="checkbox" name="sensitive" value="true" defaultChecked={c?.sensitive ?? false} /> {t("cases.cat.sensitive")}
          </label>
          <SubmitButton>{c ? t("cases.cat.save") : t("cases.cat.create")}</SubmitButton>
        </div>
      </AppForm>
    );
  }

  const row = (c: Category, depth: number) => (
    <li key={c.id} className={depth ? "ms-6" : ""}>
      <details className="card" open={result?.target === String(c.id)}>
        <summary className="cursor-pointer">
          <strong>{name(c)}</strong>{" "}
          <span dir="ltr" className="font-mono text-sm">
            {c.slug}
          </span>{" "}
          · {t("cases.cat.sla")}: {number(c.slaHours)}
          {c.active ? null : <> · {t("cases.cat.inactive")}</>}
        </summary>
        <div className="mt-3">
          <CategoryForm c={c} />
        </div>
      </details>
      {childrenOf(c.id).length ? <ul className="mt-2 grid gap-2">{childrenOf(c.id).map((x) => row(x, depth + 1))}</ul> : null}
    </li>
  );

  return (
    <div className="grid gap-6">
      <h1 className="text-3xl font-bold">{t("cases.categories")}</h1>
      <p>{t("cases.cat.intro")}</p>
      <section className="card" aria-labelledby="new-cat">
        <h2 id="new-cat" className="mb-3 text-xl font-bold">
          {t("cases.cat.create")}
        </h2>
        <CategoryForm />
      </section>
      <ul className="grid gap-2">{tops.map((c) => row(c, 0))}</ul>
    </div>
  );
}
