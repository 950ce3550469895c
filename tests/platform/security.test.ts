// Security findings of the probe, each through the real door: open redirects through the sign-in
// and language routes, CORS and security headers on /graphql over real HTTP (both doors).
import "../support/db";
import { describe, expect, it } from "vitest";
import { action as signInAction } from "../../app/routes/signin";
import { action as setLocaleAction } from "../../app/routes/set-locale";
import { safeRedirect } from "../../app/platform/http.server";
import { person, PASSWORD } from "../support/people";

let ipN = 0;
function load() {
  return { ip: `198.51.100.${++ipN % 250}`, appendHeader: () => undefined };
}

async function post(route: (args: { request: Request; context: unknown; params: object }) => Promise<unknown>, path: string, body: string) {
  const request = new Request(`http://site.test${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
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
    const ok = await post(signInAction as never, "/signin", `email=${encodeURIComponent(email)}&password=${encodeURIComponent(PASSWORD)}&redirectTo=%2Fcases%2Fmine`);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/cases/mine");
    for (const raw of HOSTILE) {
      const r = await post(signInAction as never, "/signin", `email=${encodeURIComponent(email)}&password=${encodeURIComponent(PASSWORD)}&redirectTo=${raw}`);
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
