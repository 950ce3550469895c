// Security findings of the probe, each through the real door: open redirects through the sign-in
// and language routes, CORS and security headers on /graphql over real HTTP (both doors).
import { vi } from "vitest";
vi.hoisted(() => {
  process.env.CORS_ORIGINS = "https://partner.example, https://other-partner.example:8443/";
});
import "../support/db";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as signInAction } from "../../app/routes/signin";
import { action as setLocaleAction } from "../../app/routes/set-locale";
import { safeRedirect } from "../../app/platform/http.server";
import { config, loadConfig } from "../../app/platform/config.server";
import { baseSecurityHeaders, securityHeadersMiddleware } from "../../app/platform/security-headers.server";
import { handleGraphQL, handleGraphQLNode } from "../../graphql/yoga.server";
import { person, PASSWORD } from "../support/people";

let ipN = 0;
function load() {
  return { ip: `198.51.100.${++ipN % 250}`, appendHeader: () => undefined };
}

async function post(route: (args: { request: Request; context: unknown; params: object }) => Promise<unknown>, path: string, body: string) {
  const request = new Request(`http://site.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  try {
    return (await route({ request, context: load(), params: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

// Raw form-encoded values of redirectTo, as an attacker would put them in a link.
const HOSTILE = [
  "/%09/evil.example",
  "/%0A/evil.example",
  "%0A/evil.example",
  "/%0D/evil.example",
  "/%0D%0ASet-Cookie:%20x=1",
  "//evil.example",
  "%2F%2Fevil.example",
  "/%5C/evil.example",
  "/%5Cevil.example",
  "%5C/evil.example",
  "%5C%5Cevil.example",
  "/evil.example%5C..",
  "https://evil.example",
  "https%3A%2F%2Fevil.example",
  "http:evil.example",
  "javascript:alert(1)",
  "javascript%3Aalert(1)",
  "%20//evil.example",
  "/%20/evil.example",
  "/%E2%80%8B/evil.example", // zero-width space
  "/%00/evil.example",
  "/%7F/evil.example",
  "evil.example",
  "",
];

describe("redirects after sign-in and the language switch (open redirect)", () => {
  it("the helper keeps same-origin paths and refuses everything else", () => {
    expect(safeRedirect("/cases/mine?x=1#top")).toBe("/cases/mine?x=1#top");
    expect(safeRedirect("/budgeting/سلام")).toBe("/budgeting/%D8%B3%D9%84%D8%A7%D9%85");
    for (const raw of HOSTILE) expect(safeRedirect(decodeURIComponent(raw)), raw).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
  });

  it("sign-in redirects only to same-origin paths, never 500s", async () => {
    const { email } = await person("Redirected");
    const ok = await post(
      signInAction as never,
      "/signin",
      `email=${encodeURIComponent(email)}&password=${encodeURIComponent(PASSWORD)}&redirectTo=%2Fcases%2Fmine`,
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/cases/mine");
    for (const raw of HOSTILE) {
      const r = await post(
        signInAction as never,
        "/signin",
        `email=${encodeURIComponent(email)}&password=${encodeURIComponent(PASSWORD)}&redirectTo=${raw}`,
      );
      expect(r.status, raw).toBe(302);
      expect(r.headers.get("location"), raw).toBe("/");
    }
  });

  it("the language switch too", async () => {
    for (const raw of HOSTILE) {
      const r = await post(setLocaleAction as never, "/set-locale", `locale=en&redirectTo=${raw}`);
      expect(r.status, raw).toBe(302);
      expect(r.headers.get("location"), raw).toBe("/");
    }
    const r = await post(setLocaleAction as never, "/set-locale", `locale=en&redirectTo=%2Fbudgeting`);
    expect(r.headers.get("location")).toBe("/budgeting");
  });
});

describe("the sign-in route and the device cookie", () => {
  it("sets a long-lived device cookie; with it the owner gets past an attacker's delay, without it not", async () => {
    const { email } = await person("Device");
    const form = (password: string) => `email=${encodeURIComponent(email)}&password=${encodeURIComponent(password)}&redirectTo=%2F`;
    const first = await post(signInAction as never, "/signin", form(PASSWORD));
    const device = first.headers.getSetCookie().find((c) => c.startsWith("device="))!;
    expect(device).toMatch(/^device=d1\.[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=31536000/);
    // A form error is Remix's data() (status in init), a success a redirect Response.
    const status = (r: unknown) => (r instanceof Response ? r.status : (r as { init?: { status?: number } }).init?.status);
    for (let i = 0; i < 5; i++) expect(status(await post(signInAction as never, "/signin", form("attacker guess")))).toBe(401);
    expect(status(await post(signInAction as never, "/signin", form(PASSWORD)))).toBe(429);
    const request = new Request("http://site.test/signin", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: device.split(";")[0] },
      body: form(PASSWORD),
    });
    const owner = (await signInAction({ request, context: load(), params: {} } as never)) as Response;
    expect(owner.status).toBe(302);
  });
});

// ── /graphql over real HTTP, through both doors ────────────────────────────────────────────────

/** server.ts's door: express, the security middleware, /graphql straight to yoga. */
function serverTsDoor() {
  const app = express();
  app.use(securityHeadersMiddleware());
  app.all("/graphql", (req, res) => void handleGraphQLNode(req, res, req.socket.remoteAddress ?? null));
  return http.createServer(app);
}

/** The Remix route's door (app/routes/graphql.ts): a Fetch Request to handleGraphQL, as any adapter does. */
function remixRouteDoor() {
  return http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
    });
    const setCookies: string[] = [];
    const response = await handleGraphQL(request, {
      ip: req.socket.remoteAddress ?? null,
      appendHeader: (n, v) => (n.toLowerCase() === "set-cookie" ? setCookies.push(v) : undefined),
    });
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.writeHead(response.status);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

const servers: Record<string, { server: http.Server; url: string }> = {};
beforeAll(async () => {
  for (const [name, make] of Object.entries({ "server.ts": serverTsDoor, "Remix route": remixRouteDoor })) {
    const server = make();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers[name] = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }
});
afterAll(async () => {
  for (const { server } of Object.values(servers)) await new Promise((resolve) => server.close(resolve));
});

const VIEWER = `{ viewer { email } }`;
const EVIL = "https://evil.example";
const PARTNER = "https://partner.example";

async function query(base: string, headers: Record<string, string>, method = "GET", body?: string) {
  const url = method === "GET" ? `${base}/graphql?query=${encodeURIComponent(VIEWER)}` : `${base}/graphql`;
  const r = await fetch(url, {
    method,
    headers: { accept: "application/graphql-response+json", ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body,
  });
  const text = await r.text();
  let json: { data?: { viewer: { email: string } | null } } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, json, text };
}

describe.each(["server.ts", "Remix route"])("/graphql through the %s door (real HTTP)", (door) => {
  const base = () => servers[door].url;
  let cookie = "";
  let email = "";
  beforeAll(async () => {
    const p = await person("Cors");
    cookie = `session=${p.token}`;
    email = p.email;
  });

  it("a page of another origin gets `*` without credentials and is served as anonymous, even with the cookie", async () => {
    const r = await query(base(), { origin: EVIL, cookie });
    expect(r.status).toBe(200);
    expect(r.json?.data?.viewer).toBeNull();
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.headers.get("access-control-allow-credentials")).toBeNull();
    expect(r.headers.get("vary")).toMatch(/Origin/);
    // "null" (sandboxed iframes) and malformed origins are others too.
    for (const origin of ["null", "not a url"]) expect((await query(base(), { origin, cookie })).json?.data?.viewer, origin).toBeNull();
  });

  it("refuses another origin's writes (POST) with the cookie, translated", async () => {
    const r = await query(base(), { origin: EVIL, cookie, "accept-language": "en" }, "POST", JSON.stringify({ query: VIEWER }));
    expect(r.status).toBe(403);
    expect(r.json).toBeUndefined();
    expect(r.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("a listed origin (CORS_ORIGINS) gets credentialed CORS and the session", async () => {
    for (const method of ["GET", "POST"]) {
      const r = await query(base(), { origin: PARTNER, cookie }, method, method === "POST" ? JSON.stringify({ query: VIEWER }) : undefined);
      expect(r.status, method).toBe(200);
      expect(r.json?.data?.viewer?.email).toBe(email);
      expect(r.headers.get("access-control-allow-origin")).toBe(PARTNER);
      expect(r.headers.get("access-control-allow-credentials")).toBe("true");
    }
    expect((await query(base(), { origin: "https://other-partner.example:8443", cookie })).json?.data?.viewer?.email).toBe(email);
    // Not a prefix or a suffix match.
    expect((await query(base(), { origin: "https://partner.example.evil.example", cookie })).json?.data?.viewer).toBeNull();
    expect((await query(base(), { origin: "http://partner.example", cookie })).json?.data?.viewer).toBeNull();
  });

  it("the site itself and clients without Origin (scripts) keep the session", async () => {
    expect((await query(base(), { origin: base(), cookie })).json?.data?.viewer?.email).toBe(email);
    expect((await query(base(), { cookie })).json?.data?.viewer?.email).toBe(email);
  });

  it("answers preflights: credentials for listed origins only", async () => {
    const preflight = (origin: string) =>
      fetch(`${base()}/graphql`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    const evil = await preflight(EVIL);
    expect(evil.status).toBe(204);
    expect(evil.headers.get("access-control-allow-origin")).toBe("*");
    expect(evil.headers.get("access-control-allow-credentials")).toBeNull();
    expect(evil.headers.get("access-control-allow-methods")).toBe("GET, POST, OPTIONS");
    expect(evil.headers.get("access-control-allow-headers")).toMatch(/Content-Type/);
    const partner = await preflight(PARTNER);
    expect(partner.status).toBe(204);
    expect(partner.headers.get("access-control-allow-origin")).toBe(PARTNER);
    expect(partner.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("every answer is nosniff, unframeable, with a CSP", async () => {
    const r = await query(base(), {});
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    const refused = await query(base(), { origin: EVIL }, "POST", "{}");
    expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
    expect(refused.headers.get("x-frame-options")).toBe("DENY");
  });

  it("serves GraphiQL with a policy that allows exactly its own inline script", async () => {
    const r = await fetch(`${base()}/graphql`, { headers: { accept: "text/html" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await r.text();
    const csp = r.headers.get("content-security-policy")!;
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src "))!;
    expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval/);
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    for (const script of inline) expect(scriptSrc).toContain(`'sha256-${createHash("sha256").update(script).digest("base64")}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("GRAPHIQL=false", () => {
  it("serves no GraphiQL page, only the API", async () => {
    const cfg = config();
    cfg.graphiql = false;
    try {
      const page = await fetch(`${servers["server.ts"].url}/graphql`, { headers: { accept: "text/html" } });
      expect(page.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
      expect(await page.text()).not.toMatch(/graphiql/i);
      expect((await query(servers["server.ts"].url, {})).json?.data).toEqual({ viewer: null });
    } finally {
      cfg.graphiql = true;
    }
  });
});

describe("configuration of the transport's security", () => {
  const key = Buffer.alloc(32, 7).toString("base64");
  it("HSTS only in production behind https", () => {
    expect(
      baseSecurityHeaders(loadConfig({ NODE_ENV: "production", PUBLIC_URL: "https://participate.example", REPORTS_ENCRYPTION_KEY: key }))[
        "Strict-Transport-Security"
      ],
    ).toBe("max-age=31536000");
    expect(
      baseSecurityHeaders(loadConfig({ NODE_ENV: "production", PUBLIC_URL: "http://participate.example", REPORTS_ENCRYPTION_KEY: key }))[
        "Strict-Transport-Security"
      ],
    ).toBeUndefined();
    expect(
      baseSecurityHeaders(loadConfig({ NODE_ENV: "development", PUBLIC_URL: "https://participate.example" }))["Strict-Transport-Security"],
    ).toBeUndefined();
  });

  it("GRAPHIQL (default on) and CORS_ORIGINS are parsed and checked", () => {
    const env = (vars: Record<string, string>) => loadConfig({ NODE_ENV: "test", ...vars });
    expect(env({}).graphiql).toBe(true);
    expect(env({ GRAPHIQL: "false" }).graphiql).toBe(false);
    expect(env({}).corsOrigins).toEqual([]);
    expect(env({ CORS_ORIGINS: "https://a.example, https://b.example:8443/" }).corsOrigins).toEqual([
      "https://a.example",
      "https://b.example:8443",
    ]);
    expect(() => env({ CORS_ORIGINS: "https://a.example/path" })).toThrow(/CORS_ORIGINS/);
    expect(() => env({ CORS_ORIGINS: "*" })).toThrow(/CORS_ORIGINS/);
  });
});
