import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "~/modules/identity";
import { contextOf } from "~/platform/http.server";
import { clearSessionCookie, readCookie, SESSION_COOKIE } from "~/platform/request.server";

export async function action(args: ActionFunctionArgs) {
  await signOut(await contextOf(args), readCookie(args.request, SESSION_COOKIE));
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookie() } });
}

export const loader = () => redirect("/");
