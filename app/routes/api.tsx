// /api: the public API in a page — what the endpoint is, GraphQL over HTTP, tokens, limits,
// examples — beside GraphiQL (/graphql in a browser).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { config } from "~/platform/config.server";
import { contextOf } from "~/platform/http.server";
import { ARMOR } from "../../graphql/yoga.server";
import { EXAMPLE_QUERY } from "../../graphql/graphiql.server";

export const meta = pageTitle("api.title");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  return {
    endpoint: `${ctx.origin}/graphql`,
    limits: {
      depth: ARMOR.maxDepth.n,
      cost: ARMOR.costLimit.maxCost,
      aliases: ARMOR.maxAliases.n,
      tokens: ARMOR.maxTokens.n,
      cases: config().caseSubmitLimitPerHour,
    },
    example: EXAMPLE_QUERY,
  };
}

export default function ApiPage() {
  const { endpoint, limits, example } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const publicCurl = `curl -s ${endpoint} \\\n  -H 'Content-Type: application/json' \\\n  -H 'Accept: application/graphql-response+json' \\\n  -H 'Accept-Language: en' \\\n  -d '{"query":"{ regions { id name } }"}'`;
  const authCurl = `curl -s ${endpoint} \\\n  -H 'Content-Type: application/json' \\\n  -H 'Authorization: Bearer <token>' \\\n  -d '{"query":"{ viewer { displayName } }"}'`;
  return (
    <div className="grid max-w-3xl gap-6">
      <div>
        <h1 className="mb-2 text-3xl font-bold">{t("api.title")}</h1>
        <p>{t("api.intro")}</p>
        <p className="mt-2">
          <a className="link font-bold" href="/graphql">
            {t("api.graphiql")}
          </a>
        </p>
      </div>
      <section aria-labelledby="api-endpoint">
        <h2 id="api-endpoint" className="mb-2 text-xl font-bold">
          {t("api.endpoint.title")}
        </h2>
        <p>{t("api.endpoint.body", { url: endpoint })}</p>
      </section>
      <section aria-labelledby="api-http">
        <h2 id="api-http" className="mb-2 text-xl font-bold">
          {t("api.http.title")}
        </h2>
        <p>{t("api.http.body")}</p>
      </section>
      <section aria-labelledby="api-auth">
        <h2 id="api-auth" className="mb-2 text-xl font-bold">
          {t("api.auth.title")}
        </h2>
        <p>{t("api.auth.body")}</p>
        <p className="mt-2">
          <Link className="link" to="/account">
            {t("api.auth.link")}
          </Link>
        </p>
      </section>
      <section aria-labelledby="api-limits">
        <h2 id="api-limits" className="mb-2 text-xl font-bold">
          {t("api.limits.title")}
        </h2>
        <ul className="list-disc ps-6">
          <li>{t("api.limits.depth", { n: limits.depth })}</li>
          <li>{t("api.limits.cost", { n: limits.cost })}</li>
          <li>{t("api.limits.aliases", { n: limits.aliases })}</li>
          <li>{t("api.limits.tokens", { n: limits.tokens })}</li>
          {limits.cases > 0 ? <li>{t("api.limits.cases", { n: limits.cases })}</li> : null}
        </ul>
      </section>
      <section aria-labelledby="api-examples">
        <h2 id="api-examples" className="mb-2 text-xl font-bold">
          {t("api.examples.title")}
        </h2>
        <p className="mb-1">{t("api.example.public")}</p>
        <pre className="mb-4 overflow-x-auto rounded border border-gray-300 bg-white p-3 text-sm" dir="ltr" lang="en" tabIndex={0}>
          <code>{publicCurl}</code>
        </pre>
        <pre className="mb-4 overflow-x-auto rounded border border-gray-300 bg-white p-3 text-sm" dir="ltr" lang="en" tabIndex={0}>
          <code>{example}</code>
        </pre>
        <p className="mb-1">{t("api.example.auth")}</p>
        <pre className="overflow-x-auto rounded border border-gray-300 bg-white p-3 text-sm" dir="ltr" lang="en" tabIndex={0}>
          <code>{authCurl}</code>
        </pre>
      </section>
    </div>
  );
}
