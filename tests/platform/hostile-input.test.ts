// Hostile input gets a clear, translated 4xx answer and changes nothing: NUL bytes, other control
// characters, invalid UTF-8, urlencoded posts where multipart is expected, and bodies far over the
// limit — sent to every GraphQL mutation and query that takes text (enumerated from the schema) and
// to every site form (enumerated from the routes' `action` exports and their fields' names).
import "../support/db";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import express from "express";
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleGraphQL, handleGraphQLNode } from "../../graphql/yoga.server";
import { schema } from "../../graphql/schema";
import * as identity from "../../app/modules/identity";
import { pool } from "../../app/platform/db/client.server";
import { refuseOversizedBodies, maxBodyBytes } from "../../app/platform/body-limit.server";
import { hasForbiddenCharacters, text } from "../../app/platform/text";
import { parseInput } from "../../app/platform/errors";
import { z } from "zod";
import { ctx } from "../support/context";

const NUL = "bad\u0000text with a NUL byte";
/** Replaced by raw invalid UTF-8 bytes (0xC3 0x28: a lead byte without its continuation) in the body. */
const BAD_UTF8_MARK = "@@BADUTF8@@";
const BAD_UTF8 = Buffer.from([0xc3, 0x28, 0xff]);
const DEMO_PASSWORD = "demo-password-137";
let ipN = 0;
const load = () => ({ ip: `198.51.100.${(++ipN % 250) + 1}`, appendHeader: () => undefined });

/** Row counts of every table (the rate-limit buckets and jobs are allowed to move). */
async function rowCounts() {
  const { rows } = await pool().query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('rate_limit_buckets', '_prisma_migrations')`,
  );
  const out: Record<string, number> = {};
  for (const { table_name } of rows) out[table_name] = Number((await pool().query(`SELECT count(*) AS n FROM "${table_name}"`)).rows[0].n);
  return out;
}

let adminCookie = "";
beforeAll(async () => {
  const s = await identity.signIn(ctx(), { email: "admin@demo.137.ir", password: DEMO_PASSWORD });
  adminCookie = `session=${s.token}`;
});

describe("the text rule (app/platform/text.ts)", () => {
  const Schema = z.object({ name: text({ min: 2, max: 20 }) });
  it("refuses NUL, C0 controls, DEL, U+FFFD and lone surrogates as a translated field error", () => {
    for (const bad of ["a\u0000b", "ab\u0007", "ab\u001b[31m", "ab\u007f", "ab\ufffd", "ab\ud800", "\udc00ab"]) {
      expect(hasForbiddenCharacters(bad)).toBe(true);
      expect(() => parseInput(Schema, { name: bad })).toThrow(
        expect.objectContaining({ fieldErrors: { name: ["validation.characters"] } }),
      );
    }
  });
  it("keeps tabs, newlines, emoji (surrogate pairs) and Persian; trims and normalises to NFC", () => {
    expect(parseInput(Schema, { name: "  a\tb\r\nc 😀 " }).name).toBe("a\tb\r\nc 😀");
    expect(parseInput(Schema, { name: "Cafe\u0301" }).name).toBe("Caf\u00e9");
    expect(parseInput(Schema, { name: "سلام دنیا" }).name).toBe("سلام دنیا");
    expect(() => parseInput(Schema, { name: "x".repeat(21) })).toThrow(
      expect.objectContaining({ fieldErrors: { name: ['validation.tooLong|{"max":20}'] } }),
    );
    expect(() => parseInput(Schema, { name: " " })).toThrow(expect.objectContaining({ fieldErrors: { name: ["validation.required"] } }));
  });
});

// ---------------------------------------------------------------------------------------------
// GraphQL: every operation with a String or ID argument (anywhere in its input objects).

function takesText(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name === "String" || named.name === "ID";
  if (isInputObjectType(named)) {
    if (seen.has(named.name)) return false;
    seen.add(named.name);
    return Object.values(named.getFields()).some((f) => takesText(f.type, seen));
  }
  return false;
}

function hostileValue(type: GraphQLInputType, name: string, bad: string): unknown {
  if (isNonNullType(type)) return hostileValue(type.ofType, name, bad);
  if (isListType(type)) return [hostileValue(type.ofType, name, bad)];
  if (isInputObjectType(type))
    return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, hostileValue(f.type, f.name, bad)]));
  if (isEnumType(type)) return type.getValues()[0]!.value;
  switch (type.name) {
    case "String":
    case "ID":
      return bad;
    case "Int":
      return 1;
    case "Float":
      return /lat/i.test(name) ? 35.7 : 51.4;
    case "Boolean":
      return true;
    case "DateTime":
      return new Date().toISOString();
    case "BigInt":
      return "1000000";
    default:
      return bad;
  }
}

function selectionFor(field: GraphQLField<unknown, unknown>) {
  const type = getNamedType(field.type);
  if (isUnionType(type)) {
    const names = type.getTypes().map((t) => t.name);
    return `{ __typename ${names.includes("ValidationError") ? "... on ValidationError { code message fieldErrors { field codes messages } }" : ""} ${names.includes("AppError") ? "... on AppError { code message }" : ""} }`;
  }
  if (isObjectType(type)) return "{ __typename }";
  return "";
}

function operations(kind: "query" | "mutation") {
  const root = kind === "query" ? schema.getQueryType()! : schema.getMutationType()!;
  return Object.values(root.getFields())
    .filter((f) => f.args.some((a) => takesText(a.type)))
    .map((f) => {
      const vars = f.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
      const args = f.args.map((a) => `${a.name}: $${a.name}`).join(", ");
      return {
        name: f.name,
        document: `${kind}(${vars}) { ${f.name}(${args}) ${selectionFor(f)} }`,
        variables: (bad: string) => Object.fromEntries(f.args.map((a) => [a.name, hostileValue(a.type, a.name, bad)])),
      };
    });
}

async function rawGql(body: Buffer | string, headers: Record<string, string> = {}) {
  const response = await handleGraphQL(
    new Request("http://api.test/graphql", {
      method: "POST",
      headers: { accept: "application/graphql-response+json", "content-type": "application/json", cookie: adminCookie, ...headers },
      body: typeof body === "string" ? body : new Uint8Array(body),
    }),
    load(),
  );
  const textBody = await response.text();
  return {
    status: response.status,
    body: JSON.parse(textBody) as {
      data?: Record<string, any> | null;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    },
  };
}

function withBadUtf8(json: string) {
  const parts = json.split(BAD_UTF8_MARK);
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [Buffer.from(p)] : [BAD_UTF8, Buffer.from(p)])));
}

describe("GraphQL: NUL bytes and invalid UTF-8 in every text argument", () => {
  const mutations = operations("mutation");
  const queries = operations("query");

  it("finds the operations that take text", () => {
    expect(mutations.map((m) => m.name)).toEqual(
      expect.arrayContaining(["submitCase", "signUp", "updateProfile", "followCase", "createBudgetCycle", "submitCorruptionReport"]),
    );
    expect(queries.map((q) => q.name)).toEqual(expect.arrayContaining(["trackCase", "budgetCycle", "caseInbox"]));
  });

  for (const variant of ["NUL", "invalid UTF-8"] as const) {
    it(`answers ${variant} in every mutation and query with a translated error, never a 500, storing nothing`, async () => {
      const before = await rowCounts();
      const failures: string[] = [];
      for (const op of [...mutations, ...queries]) {
        const body = JSON.stringify({ query: op.document, variables: op.variables(variant === "NUL" ? NUL : `bad ${BAD_UTF8_MARK} text`) });
        const r = await rawGql(variant === "NUL" ? body : withBadUtf8(body), { "accept-language": "fa" });
        const problem =
          r.status >= 500
            ? `HTTP ${r.status}`
            : r.body.errors?.find(
                (e) => e.extensions?.code === "INTERNAL_SERVER_ERROR" || /unexpected|prisma|invalid byte sequence|0x00/i.test(e.message),
              )?.message;
        if (problem) failures.push(`${op.name}: ${problem}`);
        const result = r.body.data?.[op.name];
        // A typed error (translated: Persian asked for), or nothing found (null) for lookups.
        if (result && typeof result === "object" && "code" in result) expect(result.message, op.name).toMatch(/[\u0600-\u06ff]/);
        if (result && typeof result === "object" && result.__typename && !/Error$/.test(result.__typename))
          failures.push(`${op.name}: accepted (${result.__typename})`);
      }
      expect(failures).toEqual([]);
      expect(await rowCounts()).toEqual(before);
    });
  }

  it("a body that is not JSON is a translated 400", async () => {
    const r = await rawGql("{not json \u0000", { cookie: "lang=en" });
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]).toMatchObject({ message: "The request could not be read.", extensions: { code: "BAD_REQUEST" } });
  });

  it("reports the bad characters as the field's translated error", async () => {
    const m = mutations.find((x) => x.name === "signUp")!;
    const vars = { input: { displayName: `Ali ${BAD_UTF8_MARK}`, email: "hostile@example.com", password: "long enough password" } };
    const r = await rawGql(withBadUtf8(JSON.stringify({ query: m.document, variables: vars })), { cookie: "lang=en" });
    expect(r.body.data?.signUp.fieldErrors).toEqual([
      { field: "displayName", codes: ["validation.characters"], messages: [expect.stringMatching(/not allowed/)] },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Site forms: every route with an action, every field its page names, through the action itself.

type RouteModule = { action?: (args: { request: Request; context: unknown; params: Record<string, string> }) => Promise<unknown> };
const ROUTES_DIR = path.resolve("app/routes");
const formRoutes = fs
  .readdirSync(ROUTES_DIR)
  .filter((f) => /\.tsx?$/.test(f) && /export (async function|const) action\b/.test(fs.readFileSync(path.join(ROUTES_DIR, f), "utf8")))
  // /graphql is covered above; signing out takes no input (and would end the admin's session).
  .filter((f) => f !== "graphql.ts" && f !== "signout.tsx");

function routeUrl(file: string) {
  const p = file
    .replace(/\.tsx?$/, "")
    .replace(/\[\.\]/g, "~dot~")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => (s.startsWith("$") ? "x" : s))
    .join("/")
    .replace(/~dot~/g, ".");
  return `http://site.test/${p === "_index" ? "" : p}`;
}

function fieldsOf(file: string) {
  const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
  const names = new Set([...source.matchAll(/\bname="([\w.-]+)"/g)].map((m) => m[1]!));
  const intents = new Set([...source.matchAll(/name="intent"\s+value="([\w-]+)"|case "([\w-]+)":/g)].map((m) => m[1] ?? m[2]!));
  return { names: [...names].filter((n) => n !== "intent"), intents: intents.size ? [...intents] : [""] };
}

/** What an action answered: a Response, data() or a thrown one of those (4xx/3xx); anything else thrown is a 500. */
async function runAction(mod: RouteModule, request: Request) {
  try {
    const out = await mod.action!({
      request,
      context: load(),
      params: { slug: "x", code: "x", budgetId: "00000000-0000-0000-0000-000000000000", id: "x" },
    });
    return statusOf(out);
  } catch (error) {
    if (error instanceof Response || (error && typeof error === "object" && "init" in error)) return statusOf(error);
    return { status: 500, error };
  }
}

function statusOf(out: unknown): { status: number; error?: unknown } {
  if (out instanceof Response) return { status: out.status };
  if (out && typeof out === "object" && "init" in out) return { status: (out as { init?: { status?: number } }).init?.status ?? 200 };
  return { status: 200 };
}

describe("site forms: NUL bytes, invalid UTF-8 and urlencoded posts", () => {
  it("covers the site's forms", () => {
    expect(formRoutes).toEqual(
      expect.arrayContaining(["cases.new.tsx", "signup.tsx", "cases.track.tsx", "account.tsx", "report._index.tsx"]),
    );
  });

  for (const variant of ["NUL", "invalid UTF-8"] as const) {
    it(`answers ${variant} in every field of every form with a 4xx or a redirect, never a 500, storing nothing`, async () => {
      const before = await rowCounts();
      const failures: string[] = [];
      for (const file of formRoutes) {
        const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
        const { names, intents } = fieldsOf(file);
        for (const intent of intents) {
          for (const cookie of ["", adminCookie]) {
            const pairs = [...(intent ? [["intent", intent]] : []), ...names.map((n) => [n, variant === "NUL" ? NUL : BAD_UTF8_MARK])];
            const encoded = pairs
              .map(([k, v]) => `${encodeURIComponent(k!)}=${v === BAD_UTF8_MARK ? "bad%C3%28%FFtext" : encodeURIComponent(v!)}`)
              .join("&");
            const request = new Request(routeUrl(file), {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "fa", ...(cookie ? { cookie } : {}) },
              body: encoded,
            });
            const r = await runAction(mod, request);
            // A form without fields (verify-email's "send again") may well succeed.
            if (r.status >= 500 || (r.status === 200 && names.length > 0))
              failures.push(
                `${file} ${intent || "-"} ${cookie ? "admin" : "anonymous"}: ${r.status} ${r.error instanceof Error ? r.error.message.slice(0, 200) : ""}`,
              );
          }
        }
      }
      expect(failures).toEqual([]);
      expect(await rowCounts()).toEqual(before);
    });
  }

  it("a urlencoded post to /cases/new (which expects multipart) is a field error, not a 500", async () => {
    const mod = (await import(path.join(ROUTES_DIR, "cases.new.tsx"))) as RouteModule;
    const before = await rowCounts();
    const request = new Request("http://site.test/cases/new", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "categoryId=1&description=bad%00text+long+enough&latitude=35.7&longitude=51.4",
    });
    const out = (await mod.action!({ request, context: load(), params: {} })) as {
      init?: { status?: number };
      data: { fieldErrors: Record<string, string[]> };
    };
    expect(out.init?.status).toBe(400);
    expect(out.data.fieldErrors.description).toEqual(["validation.characters"]);
    expect(await rowCounts()).toEqual(before);
  });

  it("a broken multipart body is a translated 400", async () => {
    const mod = (await import(path.join(ROUTES_DIR, "cases.new.tsx"))) as RouteModule;
    const request = new Request("http://site.test/cases/new", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
      body: "--xyz\r\nContent-Disposition: form-data; name=\u0000\r\n\r\nbroken",
    });
    const r = await runAction(mod, request);
    expect(r.status, String(r.error)).toBeGreaterThanOrEqual(400);
    expect(r.status, String(r.error)).toBeLessThan(500);
  });
});

// ---------------------------------------------------------------------------------------------
// Bodies over the limit: refused early (Content-Length) or while streaming (chunked), memory bounded.

/** A lazily generated body of `total` bytes; `sent()` tells how much of it was ever pulled. */
function hugeStream(total: number, chunk = 1024 * 1024, prefix = "") {
  let produced = 0;
  const block = Buffer.alloc(chunk, 0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced === 0 && prefix) {
        produced += prefix.length;
        controller.enqueue(Buffer.from(prefix));
        return;
      }
      if (produced >= total) return controller.close();
      produced += block.length;
      controller.enqueue(block);
    },
  });
  return { stream, sent: () => produced };
}

describe("request bodies over the limit", () => {
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    // What server.ts does in front of /graphql.
    const app = express();
    app.use(refuseOversizedBodies());
    app.all("/graphql", (req, res) => void handleGraphQLNode(req, res, "203.0.113.9"));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refuses a declared 200 MB body at once with a translated 413", async () => {
    const started = Date.now();
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        `${base}/graphql`,
        {
          method: "POST",
          headers: { "content-type": "application/json", "content-length": String(200 * 1024 * 1024), "accept-language": "fa" },
        },
        (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on("error", reject);
      req.write("{");
    });
    expect(status.status).toBe(413);
    expect(status.body).toMatch(/درخواست بیش از اندازه بزرگ است/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("aborts a streamed (chunked) 200 MB GraphQL body at the limit, translated, memory bounded", async () => {
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const { stream, sent } = hugeStream(200 * 1024 * 1024, 1024 * 1024, '{"query":"{ viewer { id } }","variables":{"x":"');
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json", "accept-language": "en" },
      body: stream,
      duplex: "half",
    } as RequestInit).catch((e: unknown) => e);
    // The server answers 413 and closes; fetch may see the answer or only the closed socket.
    if (response instanceof Response) {
      expect(response.status).toBe(413);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]).toMatchObject({
        message: expect.stringMatching(/^The request is too large \(at most 41 MB\)/),
        extensions: { code: "REQUEST_ENTITY_TOO_LARGE" },
      });
    }
    expect(sent()).toBeLessThan(maxBodyBytes() + 16 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it("aborts a streamed 200 MB multipart form at the limit (all parts counted) with a translated 413", async () => {
    const mod = (await import(path.join(ROUTES_DIR, "cases.new.tsx"))) as RouteModule;
    // Many parts, each under the 8 MB per-photo limit: only the whole-body limit can stop them.
    const part = Buffer.concat([
      Buffer.from('--b0undary\r\nContent-Disposition: form-data; name="photos"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'),
      Buffer.alloc(4 * 1024 * 1024, 0xff),
      Buffer.from("\r\n"),
    ]);
    let produced = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (produced >= 200 * 1024 * 1024) {
          controller.enqueue(Buffer.from("--b0undary--\r\n"));
          return controller.close();
        }
        produced += part.length;
        controller.enqueue(part);
      },
    });
    const started = Date.now();
    const request = new Request("http://site.test/cases/new", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=b0undary", "accept-language": "fa" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    let thrown: unknown;
    try {
      await mod.action!({ request, context: load(), params: {} });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ init: { status: 413 }, data: { message: 'error.bodyTooLarge|{"max":41}' } });
    expect(produced).toBeLessThan(maxBodyBytes() + 16 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Pages: NUL bytes in the path's parameters and the query string.

describe("pages: NUL bytes in path parameters and query strings", () => {
  type LoaderModule = { loader?: (args: { request: Request; context: unknown; params: Record<string, string> }) => Promise<unknown> };
  const pageRoutes = fs
    .readdirSync(ROUTES_DIR)
    .filter(
      (f) =>
        /\.tsx?$/.test(f) &&
        /export (async function|const) loader\b/.test(fs.readFileSync(path.join(ROUTES_DIR, f), "utf8")) &&
        f !== "graphql.ts",
    );

  it("answers every page with a 4xx, a redirect or the page itself, never a 500", async () => {
    const failures: string[] = [];
    for (const file of pageRoutes) {
      const mod = (await import(path.join(ROUTES_DIR, file))) as LoaderModule;
      const params = Object.fromEntries([...file.matchAll(/\$(\w+)/g)].map((m) => [m[1]!, NUL]));
      for (const cookie of ["", adminCookie]) {
        const names = fieldsOf(file).names;
        const query = ["q", "code", "token", "status", "after", "slug", "id", "from", "to", ...names]
          .map((n) => `${n}=bad%00text`)
          .join("&");
        const request = new Request(`${routeUrl(file)}?${query}`, { headers: { "accept-language": "fa", ...(cookie ? { cookie } : {}) } });
        try {
          await mod.loader!({ request, context: load(), params: { ...params, "*": NUL } });
        } catch (error) {
          if (!(error instanceof Response) && !(error && typeof error === "object" && "init" in error))
            failures.push(
              `${file} ${cookie ? "admin" : "anonymous"}: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
