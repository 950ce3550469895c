// The 137 front door: report a problem, follow a case, see one's own cases.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { isSignedIn } from "~/modules/identity";
import { contextOf } from "~/platform/http.server";

export const meta = pageTitle("cases.title");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  return { signedIn: isSignedIn(ctx.viewer) };
}

export default function CasesHome() {
  const { signedIn } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="grid max-w-3xl gap-6">
      <h1 className="text-3xl font-bold">{t("cases.title")}</h1>
      <p>{t("cases.intro")}</p>
      <ul className="flex flex-wrap gap-3">
        <li>
          <Link className="btn" to="/cases/new">
            {t("cases.new")}
          </Link>
        </li>
        <li>
          <Link className="btn-secondary" to="/cases/track">
            {t("cases.track")}
          </Link>
        </li>
        {signedIn ? (
          <li>
            <Link className="btn-secondary" to="/cases/mine">
              {t("cases.mine")}
            </Link>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
