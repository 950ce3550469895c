// The call-centre console (operators): find the caller by mobile number or create a contact, record
// the call as a case (channel: phone), and read the tracking code back. Keyboard-first: the number
// field has focus on arrival, Enter searches, the first contact is preselected, the description has
// focus once a caller is found, Enter in a field submits, and "Next call" has focus at the end.
import { randomUUID } from "node:crypto";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CategorySelect, RegionSelect } from "~/components/cases/ui";
import { InputField, TextAreaField } from "~/components/fields";
import { AppForm, FormMessage, SubmitButton, fieldErrors, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { listRegions } from "~/modules/city";
import * as cases from "~/modules/cases";
import { LIMITS } from "~/modules/cases/public";
import { ValidationError } from "~/platform/errors";
import { encodeMessage } from "~/platform/i18n";
import { contextOf, formAction, formValues } from "~/platform/http.server";
import { requirePage } from "~/components/auth.server";

export const meta = pageTitle("cases.operatorConsole");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requirePage(args, cases.isCaseStaff);
  if (!cases.canRegisterCalls(ctx.viewer)) throw data({ message: encodeMessage("error.forbidden") }, { status: 403 });
  const phone = new URL(args.request.url).searchParams.get("phone") ?? "";
  let contacts: Awaited<ReturnType<typeof cases.findContacts>> = [];
  let phoneErrors: string[] | undefined;
  if (phone) {
    try {
      contacts = await cases.findContacts(ctx, { phone });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      phoneErrors = error.fieldErrors.phone;
    }
  }
  const [categories, regions] = await Promise.all([cases.categoryTree(), listRegions()]);
  return { phone, searched: !!phone && !phoneErrors, phoneErrors, contacts, categories, regions, idempotencyKey: randomUUID() };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  const values = await formValues(args.request);
  return formAction(async () => {
    const { contact, ...fields } = values;
    const input = contact && contact !== "new" ? { ...fields, contactId: contact } : fields;
    const result = await cases.submitCase(ctx, { ...input, confirmNew: "1" }, { channel: "phone" });
    if (result.kind !== "created") throw new Error("unreachable: operators confirm new cases");
    return { code: result.code, reference: result.reference };
  });
}

export default function OperatorConsole() {
  const { phone, searched, phoneErrors, contacts, categories, regions, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { code?: string; reference?: string }) | undefined;
  const { t, date } = useI18n();

  if (result?.ok && result.code) {
    return (
      <div className="grid max-w-2xl gap-4">
        <h1 className="text-3xl font-bold">{t("cases.operatorConsole")}</h1>
        <p role="status" className="card text-xl">
          {t("cases.operator.registered", { code: "" })}
          <strong dir="ltr" className="font-mono text-3xl tracking-widest" data-testid="tracking-code">
            {result.code}
          </strong>
          <span className="mt-2 block text-base">
            {t("cases.registered.reference")}:{" "}
            <span dir="ltr" className="font-mono" data-testid="case-reference">
              {result.reference}
            </span>
          </span>
        </p>
        <p className="flex gap-3">
          <Link className="btn" to="/staff/cases/new" autoFocus>
            {t("cases.operator.nextCall")}
          </Link>
          <Link className="btn-secondary" to={`/staff/cases/${result.code}`}>
            {t("cases.view.title", { code: result.code })}
          </Link>
        </p>
      </div>
    );
  }

  return (
    <div className="grid max-w-3xl gap-6">
      <h1 className="text-3xl font-bold">{t("cases.operatorConsole")}</h1>
      <p>{t("cases.operator.intro")}</p>
      <Form method="get" className="card flex flex-wrap items-end gap-3">
        <InputField
          id="o-phone"
          name="phone"
          type="tel"
          dir="ltr"
          label={t("cases.operator.phone")}
          defaultValue={phone}
          required
          autoFocus={!searched}
          className="mb-0 grow"
          errors={phoneErrors}
        />
        <button type="submit" className="btn">
          {t("cases.operator.find")}
        </button>
      </Form>
      {searched ? (
        <div className="card">
          <FormMessage result={result} />
          <AppForm>
            <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
            <input type="hidden" name="contactPhone" value={phone} />
            <fieldset className="mb-4">
              <legend className="mb-2 text-lg font-bold">{t("cases.operator.results")}</legend>
              {contacts.length === 0 ? <p className="mb-2">{t("cases.operator.noResults")}</p> : null}
              <ul className="grid gap-2">
                {contacts.map((c, i) => (
                  <li key={c.id}>
                    <label className="inline-flex items-start gap-2">
                      <input type="radio" name="contact" value={c.id} defaultChecked={i === 0} />
                      <span>
                        <strong>{c.name ?? t("cases.operator.useContact")}</strong>{" "}
                        <span dir="ltr">{[c.phone, c.email].filter(Boolean).join(" · ")}</span> · {date(c.createdAt)}
                        {c.cases.length ? (
                          <span className="block text-sm text-gray-700">
                            {t("cases.operator.recentCases", { codes: c.cases.map((x) => x.code).join("، ") })}
                          </span>
                        ) : null}
                      </span>
                    </label>
                  </li>
                ))}
                <li>
                  <label className="inline-flex items-center gap-2">
                    <input type="radio" name="contact" value="new" defaultChecked={contacts.length === 0} />{" "}
                    {t("cases.operator.newContact")}
                  </label>
                </li>
              </ul>
              <InputField
                id="o-name"
                name="contactName"
                label={t("cases.form.name")}
                maxLength={80}
                className="mt-3 mb-0"
                errors={fieldErrors(result, "contactName")}
              />
              <InputField
                id="o-email"
                name="contactEmail"
                type="email"
                dir="ltr"
                label={t("cases.form.email")}
                className="mt-3 mb-0"
                errors={fieldErrors(result, "contactEmail")}
              />
            </fieldset>
            <CategorySelect id="o-category" categories={categories} errors={fieldErrors(result, "categoryId")} />
            <TextAreaField
              id="o-description"
              name="description"
              label={t("cases.form.description")}
              rows={4}
              required
              maxLength={LIMITS.description}
              autoFocus
              errors={fieldErrors(result, "description")}
            />
            <RegionSelect
              id="o-region"
              regions={regions}
              label={t("cases.form.region")}
              errors={fieldErrors(result, "location") ?? fieldErrors(result, "regionId")}
            />
            <InputField
              id="o-address"
              name="address"
              label={t("cases.form.address")}
              maxLength={LIMITS.address}
              required
              errors={fieldErrors(result, "address")}
            />
            <SubmitButton>{t("cases.form.submit")}</SubmitButton>
          </AppForm>
        </div>
      ) : null}
    </div>
  );
}
