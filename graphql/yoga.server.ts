// The GraphQL server: graphql-yoga (GraphQL-over-HTTP: GET for queries, POST, proper status codes,
// application/graphql-response+json), protected by graphql-armor (depth, cost, aliases, tokens),
// with a self-contained GraphiQL (no CDN; GRAPHIQL=false turns it off), errors masked in
// production, introspection on. Its own CORS (trusted origins with credentials, others `*` without —
// app/platform/csrf.server.ts), cross-site writes refused, and the security headers on every answer,
// so both doors (server.ts's handleGraphQLNode, the Remix route) behave the same.
import type { IncomingMessage, ServerResponse } from "node:http";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { createYoga, type Plugin } from "graphql-yoga";
import { schema } from "./schema";
import type { GraphQLContext } from "./builder";
import { requestContext, readCookie, LOCALE_COOKIE, type LoadContext } from "../app/platform/request.server";
import { log } from "../app/platform/log.server";
import "../app/modules/register.server"; // modules hand the platform what it needs (the viewer resolver)
import { config } from "../app/platform/config.server";
import { corsHeaders, isCrossSiteWrite } from "../app/platform/csrf.server";
import { DEFAULT_LOCALE, isLocale, translate } from "../app/platform/i18n";
import { API_POLICY, baseSecurityHeaders, graphiqlPolicy } from "../app/platform/security-headers.server";

export const ARMOR = {
  maxDepth: { n: 10 },
  costLimit: { maxCost: 5000 },
  maxAliases: { n: 15 },
  maxDirectives: { n: 20 },
  maxTokens: { n: 2000 },
};

const setCookiesPlugin: Plugin<GraphQLContext> = {
  onExecute: () => undefined,
  onResponse: ({ response, serverContext }) => {
    const ctx = serverContext as Partial<GraphQLContext> | undefined;
    for (const cookie of ctx?.setCookies ?? []) response.headers.append("Set-Cookie", cookie);
  },
};

/** The GraphiQL page's CSP, computed from the page itself (its options never change). */
let graphiqlCsp: string | undefined;
const renderGraphiQLPage: typeof renderGraphiQL = (options) => {
  const html = renderGraphiQL(options);
  graphiqlCsp ??= graphiqlPolicy(html);
  return html;
};

function siteOf(request: Request) {
  const cfg = config();
  return { host: new URL(request.url).host, publicUrl: cfg.publicUrl, corsOrigins: cfg.corsOrigins };
}

const securityPlugin: Plugin<GraphQLContext> = {
  onRequest: ({ request, endResponse, fetchAPI }) => {
    if (request.method.toUpperCase() === "OPTIONS") {
      endResponse(new fetchAPI.Response(null, { status: 204, headers: { "Content-Length": "0" } }));
      return;
    }
    const site = siteOf(request);
    if (isCrossSiteWrite({ method: request.method, origin: request.headers.get("Origin"), secFetchSite: request.headers.get("Sec-Fetch-Site"), ...site })) {
      const lang = readCookie(request, LOCALE_COOKIE);
      endResponse(new fetchAPI.Response(translate(isLocale(lang) ? lang : DEFAULT_LOCALE, "error.csrf"), { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } }));
    }
  },
  onResponse: ({ request, response }) => {
    for (const [name, value] of Object.entries({ ...baseSecurityHeaders(), ...corsHeaders(request.headers.get("Origin"), siteOf(request)) })) response.headers.set(name, value);
    const html = response.headers.get("Content-Type")?.startsWith("text/html");
    response.headers.set("Content-Security-Policy", html && graphiqlCsp ? graphiqlCsp : API_POLICY);
  },
};

type ServerContext = { load?: LoadContext; setCookies: string[] };

export const yoga = createYoga<ServerContext, GraphQLContext>({
  schema,
  graphqlEndpoint: "/graphql",
  graphiql: () => (config().graphiql ? { title: "Tehran 137 Plus — GraphQL" } : false),
  renderGraphiQL: renderGraphiQLPage,
  cors: false,
  maskedErrors: process.env.NODE_ENV === "production",
  landingPage: false,
  logging: {
    debug: (...a: unknown[]) => log.debug({ a }, "yoga"),
    info: (...a: unknown[]) => log.info({ a }, "yoga"),
    warn: (...a: unknown[]) => log.warn({ a }, "yoga"),
    error: (...a: unknown[]) => log.error({ a }, "yoga"),
  },
  plugins: [securityPlugin, EnvelopArmorPlugin(ARMOR), setCookiesPlugin],
  context: async ({ request, load, setCookies }) => ({ ...(await requestContext(request, load)), request, setCookies }),
});

export function handleGraphQL(request: Request, load?: LoadContext) {
  return yoga.handleRequest(request, { load, setCookies: [] });
}

/**
 * /graphql for server.ts, from Node's request and response straight to the same yoga (exported
 * through the build's entry module, so it is this very instance): skipping Remix's request
 * conversion and route matching saves about a third of the server's CPU per API call
 * (bench/cases.ts). The Remix route app/routes/graphql.ts stays for any other adapter.
 */
export function handleGraphQLNode(req: IncomingMessage, res: ServerResponse, ip: string | null) {
  const setCookies: string[] = [];
  const load: LoadContext = {
    ip,
    // Yoga writes its own headers last: cookies go through the response plugin, not res.
    appendHeader: (name, value) => (name.toLowerCase() === "set-cookie" ? setCookies.push(value) : res.appendHeader(name, value)),
  };
  return yoga.handle(req, res, { load, setCookies });
}
