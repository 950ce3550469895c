import "../support/db";
import { describe, expect, it } from "vitest";
import { handleGraphQL } from "../../graphql/yoga.server";
import { queuedEmail, tokenFrom, uniqueEmail } from "../support/context";
import * as identity from "../../app/modules/identity";
import { ctx } from "../support/context";

const ORIGIN = "http://api.test";
const GQL_JSON = "application/graphql-response+json";
let ipN = 0;

async function gql(query: string, variables?: object, headers: Record<string, string> = {}, method = "POST") {
  const init: RequestInit = { method, headers: { accept: GQL_JSON, "content-type": "application/json", ...headers } };
  let url = `${ORIGIN}/graphql`;
  if (method === "GET")
    url += `?query=${encodeURIComponent(query)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ""}`;
  else init.body = JSON.stringify({ query, variables });
  const response = await handleGraphQL(new Request(url, init), { ip: `192.0.2.${++ipN}`, appendHeader: () => undefined });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

async function signedUpAndVerified() {
  const email = uniqueEmail("api");
  const password = "api password 123";
  await identity.signUp(ctx(), { displayName: "API User", email, password });
  await identity.verifyEmail(ctx(), tokenFrom((await queuedEmail(email))!.props.url));
  return { email, password };
}

describe("GraphQL over HTTP", () => {
  it("answers queries by GET and POST with application/graphql-response+json", async () => {
    for (const method of ["GET", "POST"]) {
      const r = await gql("{ viewer { id } }", undefined, {}, method);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toContain(GQL_JSON);
      expect(r.body).toEqual({ data: { viewer: null } });
    }
  });

  it("refuses mutations over GET (405) and reports malformed documents with 400", async () => {
    const get = await gql('mutation { requestPasswordReset(email: "a@b.co") { __typename } }', undefined, {}, "GET");
    expect(get.status).toBe(405);
    const bad = await gql("{ viewer { ", undefined, { cookie: "lang=en" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^The query is not valid GraphQL: Expected Name/),
      extensions: { code: "GRAPHQL_PARSE_FAILED" },
    });
    const badFa = await gql("{ viewer { ", undefined, { "accept-language": "fa-IR,fa;q=0.9" });
    expect(badFa.body.errors?.[0].message).toMatch(/^پرس‌وجو GraphQL معتبر نیست/);
  });

  it("limits depth, aliases and cost on every operation: 400, translated, with a stable code", async () => {
    const refused = async (query: string, lang: "fa" | "en") => {
      const r = await gql(query, undefined, { cookie: `lang=${lang}` });
      expect(r.status).toBe(400);
      expect(r.body.data).toBeUndefined();
      return { message: r.body.errors?.[0].message, code: r.body.errors?.[0].extensions?.code };
    };
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: viewer { id }`).join(" ");
    expect(await refused(`{ ${aliases} }`, "en")).toEqual({
      message: "The query uses too many aliases (at most 15).",
      code: "TOO_MANY_ALIASES",
    });
    expect(await refused(`{ ${aliases} }`, "fa")).toEqual({
      message: "پرس‌وجو نام مستعار بیش از اندازه دارد (حداکثر ۱۵).",
      code: "TOO_MANY_ALIASES",
    });

    // Depth: the category tree nests itself; 11 levels is one too many.
    const nested = (levels: number): string => (levels === 0 ? "id" : `id children { ${nested(levels - 1)} }`);
    expect((await gql(`{ caseCategories { ${nested(8)} } }`)).status).toBe(200);
    expect(await refused(`{ caseCategories { ${nested(11)} } }`, "en")).toEqual({
      message: expect.stringMatching(/^The query is nested too deeply \(at most 10 levels\)\.$/),
      code: "QUERY_TOO_DEEP",
    });
    expect((await refused(`{ caseCategories { ${nested(11)} } }`, "fa")).message).toBe("پرس‌وجو بیش از اندازه تودرتو است (حداکثر ۱۰ سطح).");

    // Cost: the inbox's largest page with every field and its error fragments passes; ten of them at once do not.
    const inbox = (alias: string) =>
      `${alias}: caseInbox(first: 100, status: "all") { __typename ... on QueryCaseInboxSuccess { data { nextCursor cases { id code status channel categoryId regionId departmentId address excerpt registeredAt dueAt overdue } } } ... on ValidationError { code message fieldErrors { field codes messages } } ... on AppError { code message } }`;
    const page = await gql(`{ ${inbox("a")} }`);
    expect(page.status).toBe(200);
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data?.a).toEqual({ __typename: "AppError", code: "error.forbidden", message: expect.any(String) });
    const costly = await refused(`{ ${Array.from({ length: 10 }, (_, i) => inbox(`p${i}`)).join(" ")} }`, "en");
    expect(costly).toEqual({
      message: expect.stringMatching(/^The query asks for too much at once \(cost [\d,]+; at most 20,000\)\./),
      code: "QUERY_TOO_COSTLY",
    });

    const huge = `{ ${Array.from({ length: 2100 }, () => "__typename").join(" ")} }`;
    expect(await refused(huge, "en")).toEqual({ message: "The query is too long (at most 2,000 tokens).", code: "TOO_MANY_TOKENS" });
    // The same refusals over plain application/json (a client that does not ask for graphql-response+json).
    const plain = await gql(`{ ${aliases} }`, undefined, { accept: "application/json", cookie: "lang=en" });
    expect(plain.status).toBe(400);
  });

  it("returns typed, translated validation errors and stores nothing", async () => {
    const mutation = `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on ValidationError { code message fieldErrors { field codes messages } } } }`;
    const input = { displayName: "Bob", email: "no-at-sign", password: "longenough-password" };
    const fa = await gql(mutation, { input }, { "accept-language": "fa-IR" });
    expect(fa.body.data?.signUp).toEqual({
      __typename: "ValidationError",
      code: "error.invalidInput",
      message: "لطفاً خانه‌های مشخص‌شده را اصلاح کنید.",
      fieldErrors: [{ field: "email", codes: ["validation.email"], messages: ["یک نشانی ایمیل درست وارد کنید."] }],
    });
    const en = await gql(mutation, { input }, { "accept-language": "en" });
    expect(en.body.data?.signUp.fieldErrors[0].messages).toEqual(["Enter a valid email address."]);
  });

  it("signs in with a session cookie and serves the viewer with it; bearer tokens work for scripts", async () => {
    const { email, password } = await signedUpAndVerified();
    const signIn = await gql(
      `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on MutationSignInSuccess { data { user { email displayName } } } } }`,
      { input: { email, password } },
    );
    expect(signIn.body.data?.signIn.data.user).toEqual({ email, displayName: "API User" });
    const cookie = signIn.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=259\d{4}/);
    const session = cookie.split(";")[0];
    const viewer = await gql("{ viewer { email emailVerified roles { role } } }", undefined, { cookie: session });
    expect(viewer.body.data?.viewer).toEqual({ email, emailVerified: true, roles: [] });

    const createToken = `mutation($password: String!) { createApiToken(name: "ci", password: $password) { __typename ... on MutationCreateApiTokenSuccess { data { token } } ... on ValidationError { fieldErrors { field codes } } } }`;
    // Creating a token asks for the password again: a session cookie alone is not enough.
    const refused = await gql(createToken, { password: "not the password" }, { cookie: session });
    expect(refused.body.data?.createApiToken).toEqual({
      __typename: "ValidationError",
      fieldErrors: [{ field: "password", codes: ["error.wrongPassword"] }],
    });
    const created = await gql(createToken, { password }, { cookie: session });
    const token = created.body.data?.createApiToken.data.token as string;
    const byToken = await gql("{ viewer { email } }", undefined, { authorization: `Bearer ${token}` });
    expect(byToken.body.data?.viewer).toEqual({ email });
  });

  it("refuses account operations to anonymous callers and admin operations to non-admins", async () => {
    const anon = await gql(`mutation { createApiToken(name: "x", password: "x") { __typename ... on Error { code } } }`);
    expect(anon.body.data?.createApiToken).toEqual({ __typename: "AppError", code: "error.forbidden" });
    const { email, password } = await signedUpAndVerified();
    const s = await identity.signIn(ctx(), { email, password });
    const grant = await gql(
      `mutation($u: ID!) { grantRole(input: { userId: $u, role: admin }) { __typename ... on Error { code } } }`,
      { u: "00000000-0000-0000-0000-000000000000" },
      { cookie: `session=${s.token}` },
    );
    expect(grant.body.data?.grantRole).toEqual({ __typename: "AppError", code: "error.forbidden" });
  });
});
