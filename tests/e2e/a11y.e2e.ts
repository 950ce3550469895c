// Every page is axe-clean (WCAG 2.0/2.1 A and AA, plus axe best practices) in Persian (RTL) and
// English (LTR): public pages, pages showing form errors and confirmations, the signed-in account
// page, the admin roles page and the 404 page.
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkA11y,
  closeBrowser,
  closeDb,
  db,
  fillSignUp,
  htmlLangDir,
  mainSubmit,
  newPage,
  newUser,
  setLocaleCookie,
  signInViaUi,
  signUpViaUi,
  verificationLink,
  verifiedUserViaUi,
  type Locale,
} from "./helpers";

const LOCALES: Locale[] = ["fa", "en"];
const PUBLIC_PAGES = ["/", "/signup", "/signin", "/forgot-password", "/reset-password?token=x", "/verify-email", "/api"];

/** Per locale, one anonymous page, reused by every public-page check. */
const anonymous = new Map<Locale, Promise<Page>>();
function anonymousPage(locale: Locale) {
  if (!anonymous.has(locale)) anonymous.set(locale, newPage(locale));
  return anonymous.get(locale)!;
}

/** Per locale, a page signed in as a fresh verified citizen (created lazily, through the UI). */
const citizens = new Map<Locale, Promise<Page>>();
function citizenPage(locale: Locale) {
  if (!citizens.has(locale)) {
    citizens.set(
      locale,
      (async () => {
        const page = await newPage(locale);
        await verifiedUserViaUi(page, locale === "fa" ? "شهروند آزمون" : "Test Citizen");
        return page;
      })(),
    );
  }
  return citizens.get(locale)!;
}

/** Per locale, a page signed in as an administrator (production has no demo accounts: granted in the DB). */
const admins = new Map<Locale, Promise<Page>>();
function adminPage(locale: Locale) {
  if (!admins.has(locale)) {
    admins.set(
      locale,
      (async () => {
        const page = await newPage(locale);
        await verifiedUserViaUi(page, locale === "fa" ? "مدیر آزمون" : "Test Admin", async (user) => {
          const { rows } = await db<{ id: string }>("SELECT id FROM users WHERE email = lower($1)", [user.email]);
          expect(rows).toHaveLength(1);
          await db("INSERT INTO role_assignments (user_id, role) VALUES ($1, 'admin')", [rows[0].id]);
        });
        return page;
      })(),
    );
  }
  return admins.get(locale)!;
}

async function expectLocale(page: Page, locale: Locale) {
  expect(await htmlLangDir(page)).toEqual({ lang: locale, dir: locale === "fa" ? "rtl" : "ltr" });
}

afterAll(async () => {
  await closeBrowser();
  await closeDb();
});

describe.each(LOCALES)("accessibility (axe) in %s", (locale) => {
  it.each(PUBLIC_PAGES)(`%s is axe-clean (${locale})`, async (path) => {
    const page = await anonymousPage(locale);
    const response = await page.goto(path);
    expect(response?.status(), `status of ${path}`).toBe(200);
    await expectLocale(page, locale);
    await checkA11y(page, `${path} (${locale})`);
  });

  it(`GraphiQL (/graphql in a browser) is axe-clean, in its frame (${locale})`, async () => {
    const page = await anonymousPage(locale);
    await setLocaleCookie(page, locale);
    const response = await page.goto("/graphql");
    expect(response?.status()).toBe(200);
    await expectLocale(page, locale);
    await page.locator(".graphiql-container").first().waitFor();
    await page.locator(".graphiql-editors").first().waitFor();
    expect(await page.locator("main h1").count()).toBe(1);
    expect(await page.locator("main section[aria-label] .graphiql-container").count()).toBeGreaterThan(0);
    await checkA11y(page, `/graphql GraphiQL (${locale})`);
  });

  it(`the 404 error page is axe-clean (${locale})`, async () => {
    const page = await anonymousPage(locale);
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    expect(await page.locator("h1").count()).toBe(1);
    await checkA11y(page, `404 /no-such-page (${locale})`);
  });

  it(`the 404 error page speaks the visitor's language (${locale})`, async () => {
    const page = await anonymousPage(locale);
    await setLocaleCookie(page, locale);
    await page.goto("/no-such-page");
    await expectLocale(page, locale);
    expect(await page.locator("h1").textContent()).toBe(locale === "fa" ? "خطایی رخ داد" : "Something went wrong");
  });

  it(`sign-up with field errors visible is axe-clean (${locale})`, async () => {
    const page = await anonymousPage(locale);
    await page.goto("/signup");
    await fillSignUp(page, { displayName: "", email: "not-an-email", password: "short" });
    await mainSubmit(page).click();
    await page.locator('[data-field-error="email"]').waitFor();
    await page.locator('main [role="alert"]').waitFor();
    await checkA11y(page, `/signup with errors (${locale})`);
  });

  it(`sign-in with a wrong password (form error) is axe-clean (${locale})`, async () => {
    const page = await anonymousPage(locale);
    await page.goto("/signin");
    await page.fill("#f-email", `nobody-${locale}@example.com`);
    await page.fill("#f-password", "wrong password here");
    await mainSubmit(page).click();
    await page.locator('main [role="alert"]').waitFor();
    await checkA11y(page, `/signin with a form error (${locale})`);
  });

  it(`sign-up confirmation and the verified-email page are axe-clean (${locale})`, async () => {
    const page = await newPage(locale);
    const user = newUser();
    await signUpViaUi(page, user);
    await checkA11y(page, `/signup confirmation (${locale})`);
    const { link } = await verificationLink(user.email);
    await page.goto(link);
    await page.locator('main [role="status"]').waitFor();
    await checkA11y(page, `/verify-email verified (${locale})`);
    // Signed in but not yet verified: the home page shows the "please verify" banner.
    const unverified = newUser();
    await signUpViaUi(page, unverified);
    await signInViaUi(page, unverified);
    await page.locator("[role=status]:has(a[href='/verify-email'])").waitFor();
    await checkA11y(page, `/ with the unverified-email banner (${locale})`);
    await page.context().close();
  });

  it(`/account (signed in) is axe-clean (${locale})`, async () => {
    const page = await citizenPage(locale);
    const response = await page.goto("/account");
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/account");
    await expectLocale(page, locale);
    await checkA11y(page, `/account (${locale})`);
  });

  it(`home page signed in is axe-clean (${locale})`, async () => {
    const page = await citizenPage(locale);
    await page.goto("/");
    await expectLocale(page, locale);
    await checkA11y(page, `/ signed in (${locale})`);
  });

  it(`/admin/roles (as admin) is axe-clean (${locale})`, async () => {
    const page = await adminPage(locale);
    const response = await page.goto("/admin/roles");
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/admin/roles");
    await expectLocale(page, locale);
    // The admin area's strings come from its layout route's catalog: none is left as a raw key.
    expect(await page.locator("main").textContent()).not.toMatch(/\b(admin|role|cases)\.[a-z]+/);
    await checkA11y(page, `/admin/roles (${locale})`);
  });

  it(`/admin/roles with search results is axe-clean (${locale})`, async () => {
    const page = await adminPage(locale);
    await page.goto("/admin/roles?q=example.com");
    await page.locator("main ul li.card").first().waitFor();
    await checkA11y(page, `/admin/roles?q=… (${locale})`);
  });
});
