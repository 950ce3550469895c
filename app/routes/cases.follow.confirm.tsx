// The link sent to an address that asked to follow a case: one button to say yes. A POST, not the
// GET of the link itself, so mail scanners that open links cannot confirm on the person's behalf.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, FormMessage, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import * as cases from "~/modules/cases";
import { contextOf, formAction, formValues } from "~/platform/http.server";

export const meta = pageTitle("cases.follow.confirm.button");

export function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get("token")?.slice(0, 100) ?? "" };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  const values = await formValues(args.request);
  return formAction(async () => {
    const { reference } = await cases.confirmFollow(ctx, { token: values.token ?? "" });
    return { reference };
  });
}

export default function ConfirmFollow() {
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { reference?: string }) | undefined;
  const { t } = useI18n();
  if (result?.ok && result.reference) {
    return (
      <div className="card grid max-w-xl gap-3" role="status">
        <h1 className="text-2xl font-bold">{t("cases.follow.confirmed", { reference: result.reference })}</h1>
        <p>
          <Link className="link" to={`/cases/track?code=${encodeURIComponent(result.reference)}`}>
            {t("cases.track")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="card grid max-w-xl gap-3">
      <h1 className="text-2xl font-bold">{t("cases.follow.confirm.button")}</h1>
      <p>{t("cases.follow.confirm.intro")}</p>
      <FormMessage result={result} />
      <AppForm>
        <input type="hidden" name="token" value={token} />
        <SubmitButton>{t("cases.follow.confirm.button")}</SubmitButton>
      </AppForm>
    </div>
  );
}
