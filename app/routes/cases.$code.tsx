// A signed-in citizen's case by its public reference (or tracking code): whole, with rating and
// reopening, when they reported it; the public view when they follow it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orErrorPage } from "~/components/action.server";
import { citizenCaseAction } from "~/components/cases/action.server";
import { CitizenCase } from "~/components/cases/ui";
import type { ActionResult } from "~/components/forms";
import { pageTitle } from "~/components/meta";
import * as cases from "~/modules/cases";
import { formValues } from "~/platform/http.server";
import { requireSignedIn } from "~/components/auth.server";

export const meta = pageTitle("cases.mine");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requireSignedIn(args);
  return { view: await orErrorPage(() => cases.citizenView(ctx, { code: String(args.params.code) })) };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requireSignedIn(args);
  return citizenCaseAction(ctx, await formValues(args.request), { code: String(args.params.code) });
}

export default function MyCase() {
  const { view } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { intent?: string }) | undefined;
  return <CitizenCase c={view} access={{}} result={result} />;
}
