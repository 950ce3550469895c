import type { ActionFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { InputField } from "~/components/fields";
import { AppForm, fieldErrors, FormMessage, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { resetPassword } from "~/modules/identity";
import { contextOf, formAction, formValues } from "~/platform/http.server";

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  const values = await formValues(args.request);
  return formAction(async () => (await resetPassword(ctx, values), { message: "auth.reset.done" }));
}

export default function ResetPassword() {
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const { t } = useI18n();
  return (
    <div className="card mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-bold">{t("auth.reset.title")}</h1>
      <FormMessage result={result} />
      {result?.ok ? (
        <Link className="btn" to="/signin">
          {t("nav.signIn")}
        </Link>
      ) : (
        <AppForm>
          <input type="hidden" name="token" value={params.get("token") ?? ""} />
          <InputField
            id="f-password"
            name="password"
            type="password"
            dir="ltr"
            label={t("auth.reset.newPassword")}
            hint={t("auth.passwordHint")}
            autoComplete="new-password"
            required
            errors={fieldErrors(result, "password")}
          />
          <SubmitButton>{t("auth.reset.submit")}</SubmitButton>
        </AppForm>
      )}
    </div>
  );
}
