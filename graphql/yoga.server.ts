// The GraphQL server: graphql-yoga (GraphQL-over-HTTP: GET for queries, POST, proper status codes,
// application/graphql-response+json), protected by graphql-armor (depth, cost, aliases, tokens),
// with a self-contained, framed GraphiQL (graphiql.server.ts; no CDN, no inline script), errors masked in production, introspection on.
import type { IncomingMessage, ServerResponse } from "node:http";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { createYoga, type Plugin } from "graphql-yoga";
import { EXAMPLE_QUERY, graphiqlLocale, renderFramedGraphiQL, type FramedGraphiQLOptions } from "./graphiql.server";
import { schema } from "./schema";
import type { GraphQLContext } from "./builder";
import { requestContext, type LoadContext } from "../app/platform/request.server";
import { log } from "../app/platform/log.server";

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

type ServerContext = { load?: LoadContext; setCookies: string[] };

export const yoga = createYoga<ServerContext, GraphQLContext>({
  schema,
  graphqlEndpoint: "/graphql",
  // GraphiQL in our accessible, CSP-friendly frame (graphiql.server.ts), in the reader's language.
  graphiql: (request) => ({ title: "Tehran 137 Plus — GraphQL", defaultQuery: EXAMPLE_QUERY, locale: graphiqlLocale(request) }) satisfies FramedGraphiQLOptions,
  renderGraphiQL: renderFramedGraphiQL,
  maskedErrors: process.env.NODE_ENV === "production",
  landingPage: false,
  logging: {
    debug: (...a: unknown[]) => log.debug({ a }, "yoga"),
    info: (...a: unknown[]) => log.info({ a }, "yoga"),
    warn: (...a: unknown[]) => log.warn({ a }, "yoga"),
    error: (...a: unknown[]) => log.error({ a }, "yoga"),
  },
  plugins: [EnvelopArmorPlugin(ARMOR), setCookiesPlugin],
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
