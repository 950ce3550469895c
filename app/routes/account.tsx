import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { InputField } from "~/components/fields";
import { AppForm, fieldErrors, FormMessage, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import * as identity from "~/modules/identity";
import { ValidationError } from "~/platform/errors";
import { formAction, formValues } from "~/platform/http.server";
import { requireSignedIn } from "~/components/auth.server";
import { clearSessionCookie, localeCookie } from "~/platform/request.server";

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requireSignedIn(args);
  const [sessions, tokens] = await Promise.all([identity.listSessions(ctx), identity.listApiTokens(ctx)]);
  const me = await identity.myAccount(ctx);
  return { me, sessions, tokens };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requireSignedIn(args);
  const { intent, ...values } = await formValues(args.request);
  return formAction(async () => {
    switch (intent) {
      case "profile": {
        const user = await identity.updateProfile(ctx, values);
        return redirect("/account?saved=1", { headers: { "Set-Cookie": localeCookie(user.locale) } });
      }
      case "password":
        await identity.changePassword(ctx, values);
        return { intent, message: "account.passwordChanged" };
      case "revokeSession":
        await identity.revokeSession(ctx, values.sessionId);
        return { intent };
      case "createToken": {
        // The form's password field has its own name (the page has other password fields).
        const created = await identity
          .createApiToken(ctx, { name: values.name, password: values.tokenPassword })
          .catch((error: unknown) => {
            if (error instanceof ValidationError && error.fieldErrors.password) {
              const { password, ...rest } = error.fieldErrors;
              throw new ValidationError({ ...rest, tokenPassword: password });
            }
            throw error;
          });
        return { intent, token: created.token };
      }
      case "revokeToken":
        await identity.revokeApiToken(ctx, values.tokenId);
        return { intent };
      case "delete":
        await identity.deleteAccount(ctx, values);
        return redirect("/", { headers: { "Set-Cookie": clearSessionCookie() } });
      default:
        throw new Response("Unknown intent", { status: 400 });
    }
  });
}

type Result = ActionResult & { intent?: string; token?: string };

export default function Account() {
  const { me, sessions, tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const { t, date, locale } = useI18n();
  return (
    <div className="grid gap-6">
      <h1 className="text-3xl font-bold">{t("account.title")}</h1>

      <section className="card" aria-labelledby="profile">
        <h2 id="profile" className="mb-3 text-xl font-bold">
          {t("account.profile")}
        </h2>
        <p className="mb-3" dir="auto">
          {t("auth.email")}: <span dir="ltr">{me.email}</span> (
          {me.emailVerifiedAt ? t("account.emailVerified") : t("account.emailUnverified")})
        </p>
        <AppForm>
          <input type="hidden" name="intent" value="profile" />
          <InputField
            id="f-displayName"
            name="displayName"
            label={t("auth.displayName")}
            defaultValue={me.displayName}
            errors={fieldErrors(result, "displayName")}
          />
          <InputField
            id="f-phone"
            name="phone"
            type="tel"
            dir="ltr"
            label={t("auth.phone")}
            defaultValue={me.phone ?? ""}
            errors={fieldErrors(result, "phone")}
          />
          <fieldset className="mb-4">
            <legend className="mb-1 font-bold">{t("account.language")}</legend>
            <label className="me-4">
              <input type="radio" name="locale" value="fa" defaultChecked={me.locale === "fa"} /> فارسی
            </label>
            <label>
              <input type="radio" name="locale" value="en" defaultChecked={me.locale === "en"} /> English
            </label>
          </fieldset>
          <SubmitButton>{t("account.saveProfile")}</SubmitButton>
        </AppForm>
      </section>

      <section className="card" aria-labelledby="password">
        <h2 id="password" className="mb-3 text-xl font-bold">
          {t("account.changePassword")}
        </h2>
        {result?.intent === "password" ||
        (result && !result.ok && (fieldErrors(result, "currentPassword") || fieldErrors(result, "newPassword"))) ? (
          <FormMessage result={result} />
        ) : null}
        <AppForm>
          <input type="hidden" name="intent" value="password" />
          <InputField
            id="f-currentPassword"
            name="currentPassword"
            type="password"
            dir="ltr"
            label={t("account.currentPassword")}
            autoComplete="current-password"
            errors={fieldErrors(result, "currentPassword")}
          />
          <InputField
            id="f-newPassword"
            name="newPassword"
            type="password"
            dir="ltr"
            label={t("account.newPassword")}
            hint={t("auth.passwordHint")}
            autoComplete="new-password"
            errors={fieldErrors(result, "newPassword")}
          />
          <SubmitButton>{t("account.changePassword")}</SubmitButton>
        </AppForm>
      </section>

      <section className="card" aria-labelledby="sessions">
        <h2 id="sessions" className="mb-3 text-xl font-bold">
          {t("account.sessions")}
        </h2>
        <table className="w-full text-start">
          <thead>
            <tr>
              <th className="text-start">{t("account.sessions.device")}</th>
              <th className="text-start">{t("account.sessions.created")}</th>
              <th className="text-start">{t("account.sessions.lastUsed")}</th>
              <th className="text-start">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} className="border-t border-gray-200">
                <td className="py-2" dir="ltr">
                  {(s.userAgent ?? "—").slice(0, 60)} {s.current ? <strong lang={locale}>({t("account.sessions.current")})</strong> : null}
                </td>
                <td>{date(s.createdAt, true)}</td>
                <td>{date(s.lastUsedAt, true)}</td>
                <td>
                  {!s.current ? (
                    <AppForm>
                      <input type="hidden" name="intent" value="revokeSession" />
                      <input type="hidden" name="sessionId" value={s.id} />
                      <SubmitButton className="btn-secondary">{t("account.sessions.revoke")}</SubmitButton>
                    </AppForm>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="tokens">
        <h2 id="tokens" className="mb-3 text-xl font-bold">
          {t("account.tokens")}
        </h2>
        <p className="mb-3">{t("account.tokens.intro")}</p>
        {result?.ok && result.token ? (
          <div role="status" className="mb-3 rounded border border-emerald-700 bg-emerald-50 p-3">
            {t("account.tokens.created")}{" "}
            <code dir="ltr" data-testid="new-token" className="break-all">
              {result.token}
            </code>
          </div>
        ) : null}
        {tokens.length === 0 ? <p className="mb-3">{t("account.tokens.none")}</p> : null}
        <ul className="mb-3">
          {tokens.map((tok) => (
            <li key={tok.id} className="flex items-center justify-between gap-3 border-t border-gray-200 py-2">
              <span>
                {tok.name} — {t("account.tokens.lastUsed")}: {tok.lastUsedAt ? date(tok.lastUsedAt, true) : t("account.tokens.never")}
              </span>
              <AppForm>
                <input type="hidden" name="intent" value="revokeToken" />
                <input type="hidden" name="tokenId" value={tok.id} />
                <SubmitButton className="btn-secondary">{t("account.tokens.revoke")}</SubmitButton>
              </AppForm>
            </li>
          ))}
        </ul>
        <AppForm>
          <input type="hidden" name="intent" value="createToken" />
          <InputField id="f-name" name="name" label={t("account.tokens.name")} errors={fieldErrors(result, "name")} />
          <InputField
            id="f-tokenPassword"
            name="tokenPassword"
            type="password"
            dir="ltr"
            label={t("account.tokens.password")}
            autoComplete="current-password"
            required
            errors={fieldErrors(result, "tokenPassword")}
          />
          <SubmitButton>{t("account.tokens.create")}</SubmitButton>
        </AppForm>
      </section>

      <section className="card border-red-300" aria-labelledby="delete">
        <h2 id="delete" className="mb-3 text-xl font-bold">
          {t("account.delete")}
        </h2>
        <p className="mb-3">{t("account.delete.intro")}</p>
        <AppForm>
          <input type="hidden" name="intent" value="delete" />
          <InputField
            id="f-password"
            name="password"
            type="password"
            dir="ltr"
            label={t("account.delete.confirm")}
            autoComplete="current-password"
            errors={fieldErrors(result, "password")}
          />
          <SubmitButton className="btn-danger">{t("account.delete.submit")}</SubmitButton>
        </AppForm>
      </section>
    </div>
  );
}
