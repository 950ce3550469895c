// Following a case without an account: tracking code + the email or phone given. Posted (not in
// the URL) so the contact does not end up in logs and browser history. Rating and reopening post
// the same pair back.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { citizenCaseAction } from "~/components/cases/action.server";
import { CitizenCase, type CitizenCaseView } from "~/components/cases/ui";
import { InputField } from "~/components/fields";
import { AppForm, FormMessage, SubmitButton, fieldErrors, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import * as cases from "~/modules/cases";
import { contextOf, formAction, formValues } from "~/platform/http.server";

export const meta = pageTitle("cases.track");

export function loader({ request }: LoaderFunctionArgs) {
  return { code: new URL(request.url).searchParams.get("code")?.slice(0, 20) ?? "" };
}

type Result = ActionResult & { view?: CitizenCaseView; access?: { code: string; contact: string }; intent?: string };

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  const values = await formValues(args.request);
  const access = { code: values.code ?? "", contact: values.contact ?? "" };
  if (values.intent === "rate" || values.intent === "reopen") {
    const outcome = await citizenCaseAction(ctx, values, access);
    if (outcome instanceof Response) return outcome;
    // Show the case again under the outcome (updated when it succeeded).
    const view = await cases.citizenView(ctx, access).catch(() => null);
    return data({ ...outcome.data, view, access }, outcome.init ?? undefined);
  }
  return formAction(async () => ({ view: await cases.citizenView(ctx, access), access }));
}

export default function Track() {
  const { code } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const { t } = useI18n();
  if (result?.view && result.access) {
    return <CitizenCase c={result.view} access={result.access} result={result} />;
  }
  return (
    <div className="grid max-w-xl gap-6">
      <h1 className="text-3xl font-bold">{t("cases.track")}</h1>
      <p>{t("cases.track.intro")}</p>
      <div className="card">
        <FormMessage result={result} />
        <AppForm>
          <InputField
            id="t-code"
            name="code"
            label={t("cases.track.code")}
            hint={t("cases.track.codeHint")}
            dir="ltr"
            autoComplete="off"
            required
            defaultValue={code}
            errors={fieldErrors(result, "code")}
          />
          <InputField
            id="t-contact"
            name="contact"
            label={t("cases.track.contact")}
            dir="ltr"
            autoComplete="email"
            required
            errors={fieldErrors(result, "contact")}
          />
          <SubmitButton>{t("cases.track.submit")}</SubmitButton>
        </AppForm>
      </div>
    </div>
  );
}
