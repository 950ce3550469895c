import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { InputField } from "~/components/fields";
import { AppForm, fieldErrors, FormMessage, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { signUp } from "~/modules/identity";
import { contextOf, formAction, formValues } from "~/platform/http.server";

export const meta: MetaFunction = () => [{ title: "137" }];

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  const values = await formValues(args.request);
  return formAction(async () => signUp(ctx, { ...values, locale: ctx.locale }));
}

export default function SignUp() {
  const result = useActionData<typeof action>() as (ActionResult & { email?: string }) | undefined;
  const { t } = useI18n();
  if (result?.ok) {
    return (
      <div className="card mx-auto max-w-md" role="status">
        <h1 className="mb-3 text-2xl font-bold">{t("auth.signUp.title")}</h1>
        <p>{t("auth.signUp.done", { email: String(result.email) })}</p>
      </div>
    );
  }
  return (
    <div className="card mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-bold">{t("auth.signUp.title")}</h1>
      <FormMessage result={result} />
      <AppForm>
        <InputField
          id="f-displayName"
          name="displayName"
          label={t("auth.displayName")}
          autoComplete="name"
          required
          errors={fieldErrors(result, "displayName")}
        />
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
        <InputField
          id="f-password"
          name="password"
          type="password"
          dir="ltr"
          label={t("auth.password")}
          hint={t("auth.passwordHint")}
          autoComplete="new-password"
          required
          errors={fieldErrors(result, "password")}
        />
        <InputField
          id="f-phone"
          name="phone"
          type="tel"
          dir="ltr"
          label={t("auth.phone")}
          hint={t("auth.phoneHint")}
          autoComplete="tel"
          errors={fieldErrors(result, "phone")}
        />
        <SubmitButton>{t("auth.signUp.submit")}</SubmitButton>
      </AppForm>
      <p className="mt-4">
        <Link className="link" to="/signin">
          {t("auth.signUp.haveAccount")}
        </Link>
      </p>
    </div>
  );
}
