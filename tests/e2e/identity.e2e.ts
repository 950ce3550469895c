// The identity journey in a real browser against the production build: a bad sign-up shows
// translated per-field errors and creates nothing; a good one sends a Persian verification email
// over SMTP whose link verifies the address; the person signs in, switches to English, signs out.
// Then the sign-in form is used with the keyboard alone. Last, the same site under its real
// Content-Security-Policy (no bypass): pages hydrate, the map draws, GraphiQL runs, an API token is
// made (asking for the password), and the browser reports no CSP violation anywhere.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browser,
  closeBrowser,
  closeDb,
  db,
  fillSignUp,
  htmlLangDir,
  mainSubmit,
  newPage,
  newUser,
  textOf,
  url,
  verificationLink,
  type TestUser,
} from "./helpers";

// Exact catalog strings (app/platform/i18n/fa.ts, en.ts).
const FA = {
  required: "پر کردن این خانه لازم است.",
  email: "یک نشانی ایمیل درست وارد کنید.",
  passwordTooShort: "دست‌کم باید ۱۰ نویسه باشد.",
  invalidInput: "لطفاً خانه‌های مشخص‌شده را اصلاح کنید.",
  verifySubject: "تأیید نشانی ایمیل",
  verified: "نشانی ایمیل شما تأیید شد. سپاسگزاریم!",
  homeTitle: "شهر شما، صدای شما",
  welcome: (name: string) => `${name}، خوش آمدید`,
  skip: "رفتن به محتوا",
  signIn: "ورود",
};
const EN = {
  homeTitle: "Your city, your voice",
  welcome: (name: string) => `Welcome, ${name}`,
  signIn: "Sign in",
  signOut: "Sign out",
};

async function userCount(email: string) {
  const { rows } = await db<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)", [email]);
  return rows[0].n;
}

describe("identity journey (browser, production build)", () => {
  let page: Page;
  const user: TestUser = { ...newUser(), displayName: "مریم رضایی" };

  beforeAll(async () => {
    page = await newPage("fa");
  });

  afterAll(async () => {
    await closeBrowser();
    await closeDb();
  });

  it("a bad sign-up shows translated per-field errors (Persian) and creates no account", async () => {
    await page.goto("/signup");
    expect(await htmlLangDir(page)).toEqual({ lang: "fa", dir: "rtl" });

    await fillSignUp(page, { displayName: "", email: "not-an-email", password: "short" });
    await mainSubmit(page).click();

    expect(await textOf(page, '[data-field-error="email"]')).toBe(FA.email);
    expect(await textOf(page, '[data-field-error="displayName"]')).toBe(FA.required);
    expect(await textOf(page, '[data-field-error="password"]')).toBe(FA.passwordTooShort);
    expect(await page.locator('[data-field-error="phone"]').count()).toBe(0);
    expect(await textOf(page, 'main [role="alert"]')).toBe(FA.invalidInput);
    // The errors are tied to their inputs for assistive technology.
    for (const name of ["displayName", "email", "password"]) {
      const input = page.locator(`#f-${name}`);
      expect(await input.getAttribute("aria-invalid"), name).toBe("true");
      expect(await input.getAttribute("aria-describedby"), name).toContain(`f-${name}-error`);
    }
    // The page stays Persian and keeps what was typed (no JS needed, no data lost).
    expect(await htmlLangDir(page)).toEqual({ lang: "fa", dir: "rtl" });
    expect(await page.inputValue("#f-email")).toBe("not-an-email");

    // A valid email with a too-short password: only the password is wrong, and still nothing is stored.
    await fillSignUp(page, { displayName: user.displayName, email: user.email, password: "short" });
    await mainSubmit(page).click();
    await page.locator('[data-field-error="password"]').waitFor();
    await page.locator('[data-field-error="email"]').waitFor({ state: "detached" });
    expect(await textOf(page, '[data-field-error="password"]')).toBe(FA.passwordTooShort);
    expect(await page.locator('[data-field-error="displayName"]').count()).toBe(0);

    expect(await userCount("not-an-email")).toBe(0);
    expect(await userCount(user.email)).toBe(0);
  });

  let verifyLink = "";

  it("a good sign-up sends the Persian verification email over SMTP", async () => {
    await page.goto("/signup");
    await fillSignUp(page, user);
    await mainSubmit(page).click();

    const status = page.locator('main [role="status"]');
    await status.waitFor();
    expect(await status.textContent()).toContain(user.email);
    expect(await userCount(user.email)).toBe(1);

    const { mail, link } = await verificationLink(user.email);
    // A verification email (not "someone tried to sign up with your address"): the failed
    // attempts above really created nothing.
    expect(mail.subject).toBe(FA.verifySubject);
    expect(mail.to).toEqual([user.email.toLowerCase()]);
    expect(link.startsWith(url("/verify-email?token="))).toBe(true);
    expect(mail.html).toContain("/verify-email?token=");
    expect(mail.text).toContain(link);
    verifyLink = link;
  });

  it("the emailed link verifies the address", async () => {
    expect(verifyLink, "needs the previous test's email").not.toBe("");
    await page.goto(verifyLink);
    expect(await textOf(page, 'main [role="status"]')).toBe(FA.verified);
    const { rows } = await db<{ verified: boolean }>(
      "SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE email = lower($1)",
      [user.email],
    );
    expect(rows[0]?.verified).toBe(true);

    // The link is single-use.
    await page.goto(verifyLink);
    await page.locator('main [role="alert"]').waitFor();
    expect(await page.locator('main [role="status"]').count()).toBe(0);
  });

  it("signs in and the home page welcomes the person by name", async () => {
    await page.goto("/signin");
    await page.fill("#f-email", user.email);
    await page.fill("#f-password", user.password);
    await mainSubmit(page).click();

    await page.waitForURL(url("/"));
    expect(await textOf(page, "main section p")).toBe(FA.welcome(user.displayName));
    expect(await textOf(page, "main h1")).toBe(FA.homeTitle);
    expect(await page.locator('header form[action="/signout"] button').count()).toBe(1);
    // Verified, so no "please verify" banner.
    expect(await page.locator("[role=status]:has(a[href='/verify-email'])").count()).toBe(0);
  });

  it("switches the language to English (lang=en, dir=ltr)", async () => {
    const toggle = page.locator('header form[action="/set-locale"] button[type="submit"]');
    expect(((await toggle.textContent()) ?? "").trim()).toBe("English");
    await toggle.click();
    await page.waitForFunction(() => document.documentElement.lang === "en");

    expect(await htmlLangDir(page)).toEqual({ lang: "en", dir: "ltr" });
    expect(await textOf(page, "main h1")).toBe(EN.homeTitle);
    expect(await textOf(page, "main section p")).toBe(EN.welcome(user.displayName));
    expect(((await toggle.textContent()) ?? "").trim()).toBe("فارسی");
    // It sticks across a full reload.
    await page.reload();
    expect(await htmlLangDir(page)).toEqual({ lang: "en", dir: "ltr" });
  });

  it("signs out (the header offers Sign in again)", async () => {
    const signOut = page.locator('header form[action="/signout"] button[type="submit"]');
    expect(((await signOut.textContent()) ?? "").trim()).toBe(EN.signOut);
    await signOut.click();

    await page.locator('header a[href="/signin"]').waitFor();
    expect(await textOf(page, 'header a[href="/signin"]')).toBe(EN.signIn);
    expect(await page.locator('header form[action="/signout"]').count()).toBe(0);
    expect(await htmlLangDir(page)).toEqual({ lang: "en", dir: "ltr" });
    // The session really is gone on the server too.
    await page.goto("/account");
    await page.waitForURL((u) => u.pathname === "/signin");
  });

  it("the skip link is the first focusable element and moves focus to the content", async () => {
    const kb = await newPage("fa");
    await kb.goto("/signin");
    await kb.keyboard.press("Tab");
    const first = await kb.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return {
        tag: el?.tagName,
        href: el?.getAttribute("href"),
        text: el?.textContent?.trim(),
        visible: !!el && el.getBoundingClientRect().width > 1,
      };
    });
    expect(first).toEqual({ tag: "A", href: "#main", text: FA.skip, visible: true });

    await kb.keyboard.press("Enter");
    await kb.waitForFunction(() => document.activeElement?.id === "main");
  });

  it("the sign-in form can be completed and submitted with the keyboard alone", async () => {
    const kb = await newPage("fa");
    await kb.goto("/signin");
    const active = () => kb.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName ?? "");

    // Skip link first, then on into the main content; the email field is reached by Tab alone.
    await kb.keyboard.press("Tab");
    await kb.keyboard.press("Enter");
    await kb.waitForFunction(() => document.activeElement?.id === "main");
    const visited: string[] = [];
    for (let i = 0; i < 10 && (await active()) !== "f-email"; i++) {
      await kb.keyboard.press("Tab");
      visited.push(await active());
    }
    expect(await active(), `Tab order from the content start: ${visited.join(" → ")}`).toBe("f-email");
    await kb.keyboard.type(user.email);
    await kb.keyboard.press("Tab");
    expect(await active()).toBe("f-password");
    await kb.keyboard.type(user.password);
    await kb.keyboard.press("Enter");

    await kb.waitForURL(url("/"));
    await kb.locator('header form[action="/signout"]').waitFor();
    // Signing in restores the person's saved language (English, chosen above).
    expect(await htmlLangDir(kb)).toEqual({ lang: "en", dir: "ltr" });
    expect(await textOf(kb, "main section p")).toBe(EN.welcome(user.displayName));
  });
});

describe("the site under its Content-Security-Policy (browser, no CSP bypass)", () => {
  let page: Page;
  const violations: string[] = [];
  const user: TestUser = newUser("CSP Person");

  beforeAll(async () => {
    const context = await (await browser()).newContext({ baseURL: url("/"), locale: "en-GB", bypassCSP: false });
    context.setDefaultTimeout(20_000);
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        console.error(
          `CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`,
        ),
      );
    });
    page = await context.newPage();
    page.on("console", (message) => {
      const text = message.text();
      if (/content security policy|CSP violation|Refused to (execute|load|apply|connect|create)/i.test(text))
        violations.push(`${page.url()}: ${text}`);
    });
    page.on("pageerror", (error) => violations.push(`${page.url()}: page error ${error.message}`));
  });

  afterAll(async () => {
    await closeBrowser();
    await closeDb();
  });

  const hydrated = () => page.waitForFunction(() => !!(window as unknown as { __remixRouter?: unknown }).__remixRouter);

  it("pages carry a nonce'd CSP, HSTS-free over http, and hydrate", async () => {
    const response = await page.goto("/");
    const csp = response!.headers()["content-security-policy"];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response!.headers()["strict-transport-security"]).toBeUndefined(); // PUBLIC_URL is http here
    await hydrated();
    // Client-side navigation works (scripts run).
    await page.locator('header a[href="/signin"]').click();
    await page.waitForURL((u) => u.pathname === "/signin");
  });

  it("signs up, verifies, signs in, and makes an API token with the password again", async () => {
    await page.goto("/signup");
    await hydrated();
    await fillSignUp(page, user);
    await mainSubmit(page).click();
    await page.locator('main [role="status"]').waitFor();
    const { link } = await verificationLink(user.email);
    await page.goto(link);
    await page.locator('main [role="status"]').waitFor();
    await page.goto("/signin");
    await page.fill("#f-email", user.email);
    await page.fill("#f-password", user.password);
    await mainSubmit(page).click();
    await page.waitForURL(url("/"));

    await page.goto("/account");
    await hydrated();
    await page.fill("#f-name", "csp script");
    await page.fill("#f-tokenPassword", "not the password");
    await page.locator('form:has(input[name="intent"][value="createToken"]) button[type="submit"]').click();
    await page.locator("#f-tokenPassword[aria-invalid=true]").waitFor();
    expect(await page.locator('[data-testid="new-token"]').count()).toBe(0);
    await page.fill("#f-name", "csp script");
    await page.fill("#f-tokenPassword", user.password);
    await page.locator('form:has(input[name="intent"][value="createToken"]) button[type="submit"]').click();
    expect(await textOf(page, '[data-testid="new-token"]')).toMatch(/^cp_/);
  });

  it("the map draws (maplibre's blob: worker is allowed)", async () => {
    await page.goto("/cases/new");
    await hydrated();
    await page.locator("canvas.maplibregl-canvas").first().waitFor();
  });

  it("GraphiQL runs under its own policy", async () => {
    const response = await page.goto("/graphql");
    expect(response!.headers()["content-type"]).toMatch(/^text\/html/);
    expect(response!.headers()["content-security-policy"]).toMatch(/script-src 'self' 'sha256-/);
    await page.locator(".graphiql-container").first().waitFor();
  });

  it("the browser reported no CSP violation on any of these pages", () => {
    expect(violations).toEqual([]);
  });
});
