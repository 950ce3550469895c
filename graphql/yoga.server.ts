// The GraphQL server: graphql-yoga (GraphQL-over-HTTP: GET for queries, POST, proper status codes,
// application/graphql-response+json), protected by graphql-armor (depth, cost, aliases, tokens),
// with a self-contained, framed GraphiQL (graphiql.server.ts: no CDN, no inline script;
// GRAPHIQL=false turns it off), errors masked in production, introspection on. Its own CORS
// (trusted origins with credentials, others `*` without — app/platform/csrf.server.ts), cross-site
// writes refused, and the security headers on every answer, so both doors (server.ts's
// handleGraphQLNode, the Remix route) behave the same.
import type { IncomingMessage, ServerResponse } from "node:http";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { GraphQLError } from "graphql";
import { createYoga, type Plugin } from "graphql-yoga";
import { EXAMPLE_QUERY, graphiqlLocale, renderFramedGraphiQL, type FramedGraphiQLOptions } from "./graphiql.server";
import { schema } from "./schema";
import type { GraphQLContext } from "./builder";
import { requestContext, readCookie, LOCALE_COOKIE, type LoadContext } from "../app/platform/request.server";
import { log } from "../app/platform/log.server";
import "../app/modules/register.server"; // modules hand the platform what it needs (the viewer resolver)
import { config } from "../app/platform/config.server";
import { corsHeaders, isCrossSiteWrite } from "../app/platform/csrf.server";
import { DEFAULT_LOCALE, isLocale, translate, type Locale, type MessageKey, type Params } from "../app/platform/i18n";
import { API_POLICY, baseSecurityHeaders, graphiqlPolicy } from "../app/platform/security-headers.server";
import { bodyTooLarge, bodyTooLargeIn, limitedBody, localeOfHeaders, maxBodyBytes } from "../app/platform/body-limit.server";

export const ARMOR = {
  maxDepth: { n: 10 },
  // Cost counts `first: N` as N items: the inbox's largest page (100) with its error fragments
  // must pass (tests/graphql/api.test.ts), a page of pages of pages must not.
  costLimit: { maxCost: 20_000 },
  maxAliases: { n: 15 },
  maxDirectives: { n: 20 },
  maxTokens: { n: 2000 },
};

/** What the query limits (graphql-armor) and the request parser say, as message keys. */
const REFUSALS: { pattern: RegExp; key: MessageKey; params: (m: RegExpExecArray) => Params; status: number; code: string }[] = [
  {
    pattern: /Query depth limit of (\d+) exceeded/,
    key: "error.query.depth",
    params: (m) => ({ max: Number(m[1]) }),
    status: 400,
    code: "QUERY_TOO_DEEP",
  },
  {
    pattern: /Query Cost limit of (\d+) exceeded, found (\d+)/,
    key: "error.query.cost",
    params: (m) => ({ max: Number(m[1]), cost: Number(m[2]) }),
    status: 400,
    code: "QUERY_TOO_COSTLY",
  },
  {
    pattern: /Aliases limit of (\d+) exceeded/,
    key: "error.query.aliases",
    params: (m) => ({ max: Number(m[1]) }),
    status: 400,
    code: "TOO_MANY_ALIASES",
  },
  {
    pattern: /Directives limit of (\d+) exceeded/,
    key: "error.query.directives",
    params: (m) => ({ max: Number(m[1]) }),
    status: 400,
    code: "TOO_MANY_DIRECTIVES",
  },
  {
    pattern: /Token limit of (\d+) exceeded/,
    key: "error.query.tokens",
    params: (m) => ({ max: Number(m[1]) }),
    status: 400,
    code: "TOO_MANY_TOKENS",
  },
  {
    pattern: /^Syntax Error: (.*)$/s,
    key: "error.query.syntax",
    params: (m) => ({ detail: m[1] }),
    status: 400,
    code: "GRAPHQL_PARSE_FAILED",
  },
  {
    pattern: /^Request body too large/,
    key: "error.bodyTooLarge",
    params: () => ({ max: Math.round(maxBodyBytes() / 1024 / 1024) }),
    status: 413,
    code: "REQUEST_ENTITY_TOO_LARGE",
  },
  {
    pattern: /^POST body sent invalid JSON|^POST body is expected to be object/,
    key: "error.badRequest",
    params: () => ({}),
    status: 400,
    code: "BAD_REQUEST",
  },
];

function translatedRefusal(error: GraphQLError, locale: Locale): GraphQLError {
  for (const r of REFUSALS) {
    const m = r.pattern.exec(error.message);
    if (!m) continue;
    return new GraphQLError(translate(locale, r.key, r.params(m)), {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions: { ...error.extensions, code: r.code, messageKey: r.key, http: { status: r.status } },
    });
  }
  return error;
}

/**
 * Refusals before execution (query limits, syntax, body size, unreadable JSON) in the reader's
 * language (`lang` cookie, then Accept-Language) and with a 4xx status, instead of English at 200.
 */
const translatedRefusalsPlugin: Plugin<GraphQLContext> = {
  onRequestParse: ({ request, requestParser, setRequestParser }) => {
    // The one body limit (MAX_BODY_MB), counted while the body streams; yoga's own is off.
    const refuse = () => {
      const locale = localeOfHeaders(request.headers.get("cookie"), request.headers.get("accept-language"));
      return new GraphQLError(translate(locale, "error.bodyTooLarge", bodyTooLarge().params), {
        extensions: { code: "REQUEST_ENTITY_TOO_LARGE", messageKey: "error.bodyTooLarge", http: { status: 413 } },
      });
    };
    let exceeded = false;
    let limited: Request;
    try {
      limited = limitedBody(request, maxBodyBytes(), () => (exceeded = true));
    } catch (error) {
      if (bodyTooLargeIn(error)) throw refuse();
      throw error;
    }
    if (!requestParser) return;
    const parse = requestParser;
    setRequestParser(async () => {
      try {
        return await parse(limited);
      } catch (error) {
        // The JSON parser reports a failed stream as "invalid JSON": the flag tells the truth.
        if (exceeded) throw refuse();
        throw error;
      }
    });
  },
  onResultProcess: ({ request, result, setResult }) => {
    if (!result || typeof result !== "object" || Symbol.asyncIterator in result) return;
    const results = Array.isArray(result) ? result : [result];
    if (!results.some((r) => r.errors?.length)) return;
    const locale = localeOfHeaders(request.headers.get("cookie"), request.headers.get("accept-language"));
    const translated = results.map((r) =>
      r.errors?.length ? { ...r, errors: r.errors.map((e) => translatedRefusal(e as GraphQLError, locale)) } : r,
    );
    setResult(Array.isArray(result) ? translated : translated[0]!);
  },
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
const renderGraphiQLPage: typeof renderFramedGraphiQL = (options) => {
  const html = renderFramedGraphiQL(options);
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
    if (
      isCrossSiteWrite({
        method: request.method,
        origin: request.headers.get("Origin"),
        secFetchSite: request.headers.get("Sec-Fetch-Site"),
        ...site,
      })
    ) {
      const lang = readCookie(request, LOCALE_COOKIE);
      endResponse(
        new fetchAPI.Response(translate(isLocale(lang) ? lang : DEFAULT_LOCALE, "error.csrf"), {
          status: 403,
          headers: { "Content-Type": "text/plain; charset=utf-8" },
        }),
      );
    }
  },
  onResponse: ({ request, response }) => {
    for (const [name, value] of Object.entries({
      ...baseSecurityHeaders(),
      ...corsHeaders(request.headers.get("Origin"), siteOf(request)),
    }))
      response.headers.set(name, value);
    const html = response.headers.get("Content-Type")?.startsWith("text/html");
    response.headers.set("Content-Security-Policy", html && graphiqlCsp ? graphiqlCsp : API_POLICY);
  },
};

type ServerContext = { load?: LoadContext; setCookies: string[] };

export const yoga = createYoga<ServerContext, GraphQLContext>({
  schema,
  graphqlEndpoint: "/graphql",
  // GraphiQL in our accessible, CSP-friendly frame (graphiql.server.ts), in the reader's language.
  graphiql: (request) =>
    config().graphiql
      ? ({
          title: "Tehran 137 Plus — GraphQL",
          defaultQuery: EXAMPLE_QUERY,
          locale: graphiqlLocale(request),
        } satisfies FramedGraphiQLOptions)
      : false,
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
  plugins: [securityPlugin, EnvelopArmorPlugin(ARMOR), translatedRefusalsPlugin, setCookiesPlugin],
  // No file uploads through the API; the body limit is the app's one (translatedRefusalsPlugin).
  multipart: false,
  maxRequestBodySize: false,
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
