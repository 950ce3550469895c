// Shared pieces for the browser tests: one Chromium per test file (launched lazily, closed with
// `closeBrowser()` in afterAll), pages in a chosen language, an axe-core check, the mail sink,
// direct database access, and the sign-up → verify → sign-in flow through the real UI.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect, inject } from "vitest";
import { launchChromium } from "../support/chromium";
import { findLink, waitForMail as waitForMailIn, type ReceivedMail } from "../support/smtp";

export type Locale = "fa" | "en";

export const baseUrl = () => inject("e2eBaseUrl");
export const url = (path: string) => new URL(path, baseUrl()).toString();

// ---------------------------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------------------------

let browserPromise: Promise<Browser> | undefined;
const contexts = new Set<BrowserContext>();

export function browser(): Promise<Browser> {
  browserPromise ??= launchChromium();
  return browserPromise;
}

/**
 * A page in a fresh browser context whose Accept-Language asks for `locale` (fa by default, like
 * a Persian browser). No `lang` cookie is set: the app picks the language as it would for a real
 * first visit. Use `setLocaleCookie` to force a language later (e.g. after sign-in).
 */
export async function newPage(locale: Locale = "fa"): Promise<Page> {
  const context = await (
    await browser()
  ).newContext({
    baseURL: baseUrl(),
    locale: locale === "fa" ? "fa-IR" : "en-GB",
    // axe-core is injected as an inline script; a strict CSP must not stop it.
    bypassCSP: true,
    viewport: { width: 1280, height: 900 },
  });
  contexts.add(context);
  context.on("close", () => contexts.delete(context));
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  return context.newPage();
}

/** Sets the app's `lang` cookie on the page's context (takes effect on the next request). */
export async function setLocaleCookie(page: Page, locale: Locale) {
  await page.context().addCookies([{ name: "lang", value: locale, url: baseUrl() }]);
}

export async function closeBrowser() {
  for (const context of [...contexts]) await context.close().catch(() => undefined);
  const b = browserPromise;
  browserPromise = undefined;
  if (b) await (await b).close().catch(() => undefined);
}

/** `<html lang dir>` of the current document. */
export async function htmlLangDir(page: Page) {
  return page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
}

/** Trimmed, whitespace-collapsed text of the first match (waits for it to appear). */
export async function textOf(page: Page, selector: string) {
  const locator = page.locator(selector).first();
  await locator.waitFor();
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------------------------------------
// Accessibility
// ---------------------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string; html: string }[];
};

/** Runs axe-core (WCAG 2.0/2.1 A+AA and best practices) on the page; fails listing every violation. */
export async function checkA11y(page: Page, label: string) {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.waitForLoadState("load");
  const already = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!already) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: n.html })),
    }));
  });
  const report = violations
    .map((v) => {
      const nodes = v.nodes
        .map(
          (n) =>
            `      - ${JSON.stringify(n.target)}  ${n.html.slice(0, 160)}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, "\n        ")}` : ""}`,
        )
        .join("\n");
      return `  • ${v.id} [${v.impact ?? "n/a"}]: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join("\n");
  expect(violations.length, `axe found ${violations.length} violation(s) on ${label} (${page.url()}):\n${report}\n`).toBe(0);
}

// ---------------------------------------------------------------------------------------------
// Mail and database
// ---------------------------------------------------------------------------------------------

export function waitForMail(to: string, options?: { where?: (mail: ReceivedMail) => boolean; timeoutMs?: number }) {
  return waitForMailIn(inject("e2eMailDir"), to, options);
}

export { findLink, type ReceivedMail };

let poolInstance: pg.Pool | undefined;

/** A query against the app's own (embedded) database. Close with `closeDb()` in afterAll. */
export async function db<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]) {
  poolInstance ??= new pg.Pool({ connectionString: inject("e2eDatabaseUrl"), max: 2 });
  return poolInstance.query<R>(text, values);
}

export async function closeDb() {
  const p = poolInstance;
  poolInstance = undefined;
  await p?.end();
}

// ---------------------------------------------------------------------------------------------
// Accounts through the UI
// ---------------------------------------------------------------------------------------------

export type TestUser = { displayName: string; email: string; password: string };

export function newUser(displayName = "Test User"): TestUser {
  return {
    displayName,
    email: `e2e-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@example.com`,
    password: `Ok-${randomBytes(6).toString("hex")}-pass`,
  };
}

/** The submit button of the page's main form (not the header's sign-out / language buttons). */
export const mainSubmit = (page: Page) => page.locator('main form[method="post"] button[type="submit"]').first();

export async function fillSignUp(page: Page, values: { displayName: string; email: string; password: string; phone?: string }) {
  await page.fill("#f-displayName", values.displayName);
  await page.fill("#f-email", values.email);
  await page.fill("#f-password", values.password);
  await page.fill("#f-phone", values.phone ?? "");
}

/** Signs up through /signup and waits for the success card. */
export async function signUpViaUi(page: Page, user: TestUser) {
  await page.goto("/signup");
  await fillSignUp(page, user);
  await mainSubmit(page).click();
  await page.locator('main [role="status"]').waitFor();
}

/** The verification link from the verification email sent to `email`. */
export async function verificationLink(email: string) {
  const mail = await waitForMail(email, { where: (m) => findLink(m, "/verify-email?token=") !== undefined });
  const link = findLink(mail, "/verify-email?token=");
  if (!link) throw new Error(`No verification link in the email to ${email}:\n${mail.text || mail.raw}`);
  return { mail, link };
}

export async function signInViaUi(page: Page, user: Pick<TestUser, "email" | "password">) {
  await page.goto("/signin");
  await page.fill("#f-email", user.email);
  await page.fill("#f-password", user.password);
  await mainSubmit(page).click();
  // Signed in: the header shows the sign-out form.
  await page.locator('header form[action="/signout"]').waitFor();
}

/** A new account, created, verified and signed in through the UI, in `page`'s context. */
export async function verifiedUserViaUi(page: Page, displayName?: string, beforeSignIn?: (user: TestUser) => Promise<void>) {
  const user = newUser(displayName);
  await signUpViaUi(page, user);
  const { link } = await verificationLink(user.email);
  await page.goto(link);
  await page.locator('main [role="status"]').waitFor();
  await beforeSignIn?.(user);
  await signInViaUi(page, user);
  return user;
}
