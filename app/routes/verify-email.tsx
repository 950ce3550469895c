import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, FormMessage, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { resendVerification, verifyEmail } from "~/modules/identity";
import { AppError } from "~/platform/errors";
import { contextOf, formAction } from "~/platform/http.server";

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  const token = new URL(args.request.url).searchParams.get("token");
  const signedIn = ctx.viewer.kind === "user";
  if (!token) return { status: "idle" as const, signedIn };
  try {
    await verifyEmail(ctx, token);
    return { status: "verified" as const, signedIn };
  } catch (error) {
    if (error instanceof AppError) return { status: "invalid" as const, signedIn };
    throw error;
  }
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  return formAction(async () => (await resendVerification(ctx), { message: "auth.verify.resent" }));
}

export default function VerifyEmail() {
  const { status, signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useI18n();
  return (
    <div className="card mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-bold">{t("auth.verify.title")}</h1>
      {status === "verified" ? <p role="status">{t("auth.verify.done")}</p> : null}
      {status === "invalid" ? <p role="alert">{t("error.tokenInvalid")}</p> : null}
      <FormMessage result={result} />
      {signedIn && status !== "verified" ? (
        <AppForm>
          <SubmitButton>{t("auth.verify.resend")}</SubmitButton>
        </AppForm>
      ) : null}
    </div>
  );
}
