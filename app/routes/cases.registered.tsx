// After a report: the tracking code, large, and how to follow the case; the public reference others may follow it by.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { publicReference, trackingCode } from "~/modules/cases/public";

export const meta = pageTitle("cases.registered.title");

export function loader({ request }: LoaderFunctionArgs) {
  const parsed = trackingCode.safeParse(new URL(request.url).searchParams.get("code") ?? "");
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const reference = publicReference.safeParse(new URL(request.url).searchParams.get("ref") ?? "");
  return { code: parsed.data, reference: reference.success ? reference.data : null };
}

export default function Registered() {
  const { code, reference } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="grid max-w-2xl gap-6">
      <div role="status" className="card grid gap-3">
        <h1 className="text-3xl font-bold">{t("cases.registered.title")}</h1>
        <p>
          {t("cases.registered.code")}:{" "}
          <strong dir="ltr" className="font-mono text-3xl tracking-widest" data-testid="tracking-code">
            {code}
          </strong>
        </p>
        <p>{t("cases.registered.body")}</p>
        {reference ? (
          <p>
            {t("cases.registered.reference")}:{" "}
            <strong dir="ltr" className="font-mono" data-testid="case-reference">
              {reference}
            </strong>
            <span className="block text-sm text-gray-700">{t("cases.registered.referenceBody")}</span>
          </p>
        ) : null}
      </div>
      <p className="flex flex-wrap gap-3">
        <Link className="btn" to={`/cases/track?code=${code}`}>
          {t("cases.registered.track")}
        </Link>
        <Link className="btn-secondary" to="/cases/new">
          {t("cases.registered.another")}
        </Link>
      </p>
    </div>
  );
}
