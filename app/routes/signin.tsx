import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { InputField } from "~/components/fields";
import { AppForm, fieldErrors, FormMessage, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { signIn } from "~/modules/identity";
import { contextOf, formAction, formValues, safeRedirect } from "~/platform/http.server";
import { DEVICE_COOKIE, deviceCookie, localeCookie, readCookie, sessionCookie } from "~/platform/request.server";

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  const values = await formValues(args.request);
  return formAction(async () => {
    const session = await signIn(ctx, values, { deviceProof: readCookie(args.request, DEVICE_COOKIE) });
    const headers = new Headers();
    headers.append("Set-Cookie", sessionCookie(session.token, session.expiresAt));
    headers.append("Set-Cookie", deviceCookie(session.deviceProof));
    headers.append("Set-Cookie", localeCookie(session.locale));
    return redirect(safeRedirect(values.redirectTo), { headers });
  });
}

export default function SignIn() {
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const { t } = useI18n();
  return (
    <div className="card mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-bold">{t("auth.signIn.title")}</h1>
      <FormMessage result={result} />
      <AppForm>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
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
          autoComplete="current-password"
          required
          errors={fieldErrors(result, "password")}
        />
        <SubmitButton>{t("auth.signIn.submit")}</SubmitButton>
      </AppForm>
      <p className="mt-4 flex flex-wrap gap-4">
        <Link className="link" to="/signup">
          {t("auth.signIn.noAccount")}
        </Link>
        <Link className="link" to="/forgot-password">
          {t("auth.signIn.forgot")}
        </Link>
      </p>
    </div>
  );
}
