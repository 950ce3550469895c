import type { ActionFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { InputField } from "~/components/fields";
import { AppForm, fieldErrors, FormMessage, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { requestPasswordReset } from "~/modules/identity";
import { contextOf, formAction, formValues } from "~/platform/http.server";

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  const values = await formValues(args.request);
  return formAction(async () => (await requestPasswordReset(ctx, values), { message: "auth.forgot.sent" }));
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useI18n();
  return (
    <div className="card mx-auto max-w-md">
      <h1 className="mb-2 text-2xl font-bold">{t("auth.forgot.title")}</h1>
      <p className="mb-4">{t("auth.forgot.intro")}</p>
      <FormMessage result={result} />
      <AppForm>
        <InputField
          id="f-email"
          name="email"
          type="email"
          dir="ltr"
          label={t("auth.email")}
          autoComplete="email"
          required
          errors={fieldErrors(result, "email")}
        />
        <SubmitButton>{t("auth.forgot.submit")}</SubmitButton>
      </AppForm>
    </div>
  );
}
