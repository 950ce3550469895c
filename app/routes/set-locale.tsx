import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { setPreferredLocale } from "~/modules/identity";
import { contextOf, formValues, safeRedirect } from "~/platform/http.server";
import { isLocale } from "~/platform/i18n";
import { localeCookie } from "~/platform/request.server";

export async function action(args: ActionFunctionArgs) {
  const values = await formValues(args.request);
  const locale = isLocale(values.locale) ? values.locale : "fa";
  const ctx = await contextOf(args);
  await setPreferredLocale(ctx.viewer, locale);
  return redirect(safeRedirect(values.redirectTo), { headers: { "Set-Cookie": localeCookie(locale) } });
}

export const loader = () => redirect("/");
