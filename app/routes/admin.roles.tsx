import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, FormMessage, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import * as identity from "~/modules/identity";
import { STAFF_ROLES } from "~/modules/identity/public";
import { formAction, formValues } from "~/platform/http.server";
import { requirePage } from "~/components/auth.server";

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requirePage(args, identity.canManageRoles);
  const q = new URL(args.request.url).searchParams.get("q") ?? "";
  const [accounts, options, changes] = await Promise.all([
    identity.findAccounts(ctx, q),
    identity.roleOptions(),
    identity.recentRoleChanges(ctx),
  ]);
  return {
    q,
    accounts,
    options,
    changes: changes.map((c) => ({ id: String(c.id), action: c.action, createdAt: c.createdAt, data: c.data as Record<string, unknown> })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requirePage(args, identity.canManageRoles);
  const { intent, ...values } = await formValues(args.request);
  return formAction(async () => {
    if (intent === "grant") {
      await identity.grantRole(ctx, values);
      return { message: "admin.roles.granted" };
    }
    await identity.revokeRole(ctx, values);
    return { message: "admin.roles.revoked" };
  });
}

export default function AdminRoles() {
  const { q, accounts, options, changes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t, has, locale, date, name } = useI18n();
  const roleName = (role: string) => {
    const key = `role.${role}`;
    return has(key) ? t(key) : role;
  };
  const regionName = (id: number | null) =>
    id === null
      ? t("admin.roles.anyRegion")
      : (options.regions.find((r) => r.id === id)?.[locale === "fa" ? "nameFa" : "nameEn"] ?? String(id));
  const deptName = (id: number | null) =>
    id === null
      ? t("admin.roles.anyDepartment")
      : (options.departments.find((d) => d.id === id)?.[locale === "fa" ? "nameFa" : "nameEn"] ?? String(id));
  return (
    <div className="grid gap-6">
      <h1 className="text-3xl font-bold">{t("admin.roles.title")}</h1>
      <p>
        <Link className="link" to="/admin/categories">
          {t("cases.categories")}
        </Link>
      </p>
      <p>{t("admin.roles.intro")}</p>
      <FormMessage result={result} />
      <Form method="get" className="flex items-end gap-2" role="search">
        <div className="grow">
          <label htmlFor="q" className="mb-1 block font-bold">
            {t("admin.roles.search")}
          </label>
          <input id="q" name="q" defaultValue={q} className="input" dir="ltr" />
        </div>
        <button type="submit" className="btn">
          {t("admin.roles.searchSubmit")}
        </button>
      </Form>
      <ul className="grid gap-4">
        {accounts.map((a) => (
          <li key={a.id} className="card">
            <h2 className="text-lg font-bold">
              {a.displayName} <span dir="ltr">&lt;{a.email}&gt;</span>
            </h2>
            <ul className="my-2">
              {a.roleAssignments.length === 0 ? <li>{t("admin.roles.none")}</li> : null}
              {a.roleAssignments.map((g) => (
                <li key={g.id} className="flex flex-wrap items-center gap-3 py-1">
                  <span>
                    {t(`role.${g.role}`)}
                    {g.role === "officer" || g.role === "manager" ? ` — ${regionName(g.regionId)}, ${deptName(g.departmentId)}` : ""}
                  </span>
                  <AppForm>
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="assignmentId" value={g.id} />
                    <SubmitButton className="btn-secondary">{t("admin.roles.revoke")}</SubmitButton>
                  </AppForm>
                </li>
              ))}
            </ul>
            <AppForm className="flex flex-wrap items-end gap-3">
              <input type="hidden" name="intent" value="grant" />
              <input type="hidden" name="userId" value={a.id} />
              <label className="grid gap-1">
                <span className="font-bold">{t("admin.roles.role")}</span>
                <select name="role" className="input">
                  {STAFF_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="grid gap-1">
                <span className="font-bold">{t("admin.roles.region")}</span>
                <select name="regionId" className="input">
                  <option value="">{t("admin.roles.anyRegion")}</option>
                  {options.regions.map((r) => (
                    <option key={r.id} value={r.id}>
                      {name(r)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="grid gap-1">
                <span className="font-bold">{t("admin.roles.department")}</span>
                <select name="departmentId" className="input">
                  <option value="">{t("admin.roles.anyDepartment")}</option>
                  {options.departments.map((d) => (
                    <option key={d.id} value={d.id}>
                      {name(d)}
                    </option>
                  ))}
                </select>
              </label>
              <SubmitButton>{t("admin.roles.grant")}</SubmitButton>
            </AppForm>
          </li>
        ))}
      </ul>
      <section aria-labelledby="audit">
        <h2 id="audit" className="mb-2 text-xl font-bold">
          {t("admin.roles.audit")}
        </h2>
        <ul className="text-sm">
          {changes.map((c) => (
            <li key={c.id}>
              {date(c.createdAt, true)} — {c.action === "identity.grantRole" ? t("admin.roles.grant") : t("admin.roles.revoke")}:{" "}
              {roleName(String(c.data.role))}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
