// The whistleblower journey in a real browser against the production build:
//   an anonymous reporter (no account, Persian browser) opens the report form from the footer,
//   sends an empty form (translated field errors), then a report → sees the code and passphrase
//   once; an inspector signs in, finds it in the list, reads it (decrypted), replies, and sees the
//   read and the reply in the access log; the reporter follows up with code + passphrase, reads the
//   reply and answers; an officer (and an anonymous visitor) gets a 403 page without the content.
//   Every page is axe-checked in fa and en.
// Production has no demo accounts: the inspector and the officer sign up through the UI and get
// their role in the database, as in the other e2e files.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate, type MessageKey, type Params } from "../../app/platform/i18n";
import {
  baseUrl,
  browser,
  checkA11y,
  closeBrowser,
  closeDb,
  db,
  htmlLangDir,
  newPage,
  setLocaleCookie,
  textOf,
  verifiedUserViaUi,
  type Locale,
} from "./helpers";

const fa = (key: MessageKey, params?: Params) => translate("fa", key, params);
const en = (key: MessageKey, params?: Params) => translate("en", key, params);
const LOCALES: Locale[] = ["fa", "en"];
const toLatin = (s: string) => s.replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d)));

const DESCRIPTION = "مسئول صدور پروانه در ناحیه ۲ برای امضای پروانه ساختمانی پلاک ۱۲ مبلغی به‌عنوان رشوه خواست.";
const REPLY = "سپاس از گزارش شما. لطفاً تاریخ دقیق دیدار را بنویسید.";
const ANSWER = "دیدار در روز ۱۱ اردیبهشت بود.";

let reporter: Page;
let inspector: Page;
let officer: Page;
let code = "";
let passphrase = "";

async function withRole(page: Page, name: string, role: "inspector" | "officer") {
  await verifiedUserViaUi(page, name, async (user) => {
    const { rows } = await db<{ id: string }>("SELECT id FROM users WHERE email = lower($1)", [user.email]);
    await db("INSERT INTO role_assignments (user_id, role, region_id) VALUES ($1, $2, $3)", [
      rows[0].id,
      role,
      role === "officer" ? 3 : null,
    ]);
  });
}

/** Opens `path` in each language (lang cookie) and runs axe; leaves the page in Persian. */
async function axeBothLocales(page: Page, path: string, label: string, status = 200) {
  for (const locale of LOCALES) {
    await setLocaleCookie(page, locale);
    const response = await page.goto(path);
    expect(response?.status(), `status of ${path}`).toBe(status);
    expect(await htmlLangDir(page)).toEqual({ lang: locale, dir: locale === "fa" ? "rtl" : "ltr" });
    expect(await page.locator("h1").count(), `one h1 on ${path}`).toBe(1);
    await checkA11y(page, `${label} (${locale})`);
  }
  await setLocaleCookie(page, "fa");
}

async function submitReport(page: Page, description: string) {
  await page.selectOption("#r-category", "building_permit_fraud");
  await page.selectOption("#r-regionId", "2");
  await page.fill("#r-description", description);
  await page.locator("main form button[type=submit]").click();
  await page.locator('[data-testid="report-passphrase"]').waitFor();
  return {
    code: toLatin(await textOf(page, '[data-testid="report-code"]')),
    passphrase: toLatin(await textOf(page, '[data-testid="report-passphrase"]')),
  };
}

describe("corruption reports (browser, production build)", () => {
  beforeAll(async () => {
    reporter = await newPage("fa");
    inspector = await newPage("fa");
    officer = await newPage("fa");
    await withRole(inspector, "بازرس آزمون", "inspector");
    await withRole(officer, "کارشناس آزمون", "officer");
  });

  afterAll(async () => {
    await closeBrowser();
    await closeDb();
  });

  it("an anonymous reporter finds the form in the footer, gets translated field errors, then a code and a passphrase shown once", async () => {
    await reporter.goto("/");
    await reporter
      .locator("footer")
      .getByRole("link", { name: fa("reports.nav.report") })
      .click();
    await reporter.waitForURL("**/report");
    await axeBothLocales(reporter, "/report", "/report");

    const count = async () => (await db<{ n: number }>("SELECT count(*)::int AS n FROM corruption_reports")).rows[0].n;
    const before = await count();
    await reporter.goto("/report");
    await reporter.locator("main form button[type=submit]").click();
    expect(await textOf(reporter, '[data-field-error="category"]')).toBe(fa("validation.required"));
    expect(await textOf(reporter, '[data-field-error="description"]')).toBe(fa("validation.required"));
    expect(await reporter.getAttribute("#r-description", "aria-describedby")).toContain("r-description-error");
    expect(await reporter.getAttribute("#r-description", "aria-invalid")).toBe("true");
    await checkA11y(reporter, "/report with errors (fa)");
    expect(await count()).toBe(before);

    ({ code, passphrase } = await submitReport(reporter, DESCRIPTION));
    expect(code).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(passphrase).toMatch(/^\d{4}(-\d{4}){4}$/);
    expect(await textOf(reporter, 'main [role="alert"]')).toBe(fa("reports.receipt.writeDown"));
    await checkA11y(reporter, "receipt (fa)");

    // The same page in English (a second report), also axe-clean.
    await setLocaleCookie(reporter, "en");
    await reporter.goto("/report");
    await submitReport(reporter, "The permit officer asked for a bribe to sign the permit for plot 14.");
    expect(await textOf(reporter, "h1")).toBe(en("reports.receipt.title"));
    await checkA11y(reporter, "receipt (en)");
    await setLocaleCookie(reporter, "fa");

    // At rest: ciphertext only, no account.
    const { rows } = await db<{ description: Buffer; region_id: number }>(
      "SELECT description, region_id FROM corruption_reports WHERE code = $1",
      [code],
    );
    expect(rows[0].region_id).toBe(2);
    expect(rows[0].description.includes(Buffer.from("رشوه"))).toBe(false);
  });

  it("an inspector lists, reads and replies; the access log shows the read and the reply", async () => {
    await inspector.goto("/");
    await inspector
      .locator("header")
      .getByRole("link", { name: fa("reports.nav.inspector") })
      .click();
    await inspector.waitForURL("**/inspector/reports");
    await axeBothLocales(inspector, "/inspector/reports", "/inspector/reports");
    await axeBothLocales(inspector, "/inspector/reports?status=received", "/inspector/reports?status=received");

    await inspector.goto("/inspector/reports");
    await inspector.locator(`a[href="/inspector/reports/${code}"]`).click();
    await inspector.waitForURL(`**/inspector/reports/${code}`);
    expect(await textOf(inspector, '[data-testid="report-description"]')).toBe(DESCRIPTION);
    expect(await textOf(inspector, '[data-testid="reporter"]')).toBe(fa("reports.report.anonymous"));

    // A reply that is too short: a translated field error, nothing sent.
    await inspector.fill("#i-body", "x");
    await inspector.locator('main form:has(input[name="intent"][value="reply"]) button[type=submit]').click();
    expect(await textOf(inspector, '[data-field-error="body"]')).toBe(fa("validation.tooShort", { min: 2 }));
    await inspector.fill("#i-body", REPLY);
    await inspector.locator('main form:has(input[name="intent"][value="reply"]) button[type=submit]').click();
    expect(await textOf(inspector, 'main [role="status"]')).toBe(fa("reports.report.replied"));
    await inspector.locator('[data-from="inspector"]').waitFor();
    expect(await textOf(inspector, '[data-from="inspector"] [data-testid="message-body"]')).toBe(REPLY);
    const actions = await inspector
      .locator('[data-testid="access-log"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    expect(actions).toContain("reply");
    expect(actions).toContain("read");
    await axeBothLocales(inspector, `/inspector/reports/${code}`, "/inspector/reports/:code");

    const { rows } = await db<{ action: string }>(
      "SELECT a.action FROM corruption_report_access_log a JOIN corruption_reports r ON r.id = a.report_id WHERE r.code = $1 ORDER BY a.id",
      [code],
    );
    expect(rows.map((r) => r.action)).toContain("reply");
    await expect(db("DELETE FROM corruption_report_access_log")).rejects.toThrow(/append-only/);
  });

  it("the reporter follows up with code and passphrase, reads the reply and answers", async () => {
    await axeBothLocales(reporter, "/report/follow", "/report/follow");
    await reporter.goto("/report/follow");
    // A wrong passphrase: one generic translated error.
    await reporter.fill("#f-code", code);
    await reporter.fill("#f-passphrase", "0000-0000-0000-0000-0000");
    await reporter.locator("main form button[type=submit]").click();
    expect(await textOf(reporter, 'main [role="alert"]')).toBe(fa("reports.error.followFailed"));
    await checkA11y(reporter, "/report/follow wrong passphrase (fa)");

    await reporter.fill("#f-code", code);
    await reporter.fill("#f-passphrase", passphrase);
    await reporter.locator("main form button[type=submit]").click();
    await reporter.locator('[data-from="inspector"]').waitFor();
    expect(await textOf(reporter, '[data-from="inspector"] [data-testid="message-body"]')).toBe(REPLY);
    expect(await textOf(reporter, '[data-from="inspector"] strong')).toBe(fa("reports.follow.inspector")); // no inspector's name
    await axeBothLocales(reporter, "/report/follow", "/report/follow thread");

    await reporter.goto("/report/follow");
    await reporter.fill("#f-body", ANSWER);
    await reporter.locator('main form:has(input[name="intent"][value="send"]) button[type=submit]').click();
    expect(await textOf(reporter, 'main [role="status"]')).toBe(fa("reports.follow.sent"));
    await reporter.locator('[data-from="reporter"]').waitFor();
    expect(await textOf(reporter, '[data-from="reporter"] [data-testid="message-body"]')).toBe(ANSWER);

    // Leaving forgets the thread on this device.
    await reporter.locator('main form:has(input[name="intent"][value="leave"]) button[type=submit]').click();
    await reporter.locator("#f-code").waitFor();
    expect(await textOf(reporter, 'main [role="status"]')).toBe(fa("reports.follow.left"));

    await inspector.goto(`/inspector/reports/${code}`);
    expect(await textOf(inspector, '[data-from="reporter"] [data-testid="message-body"]')).toBe(ANSWER);
  });

  it("without JavaScript: the form posts, a resent post shows the same code and passphrase, and the follow-up works", async () => {
    const context = await (await browser()).newContext({ baseURL: baseUrl(), locale: "fa-IR", javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const count = async () => (await db<{ n: number }>("SELECT count(*)::int AS n FROM corruption_reports")).rows[0].n;
      const before = await count();
      await page.goto("/report");
      const first = await submitReport(page, "بدون جاوااسکریپت: مأمور شهرداری برای نادیده گرفتن تخلف ساختمانی پول خواست.");
      // The browser's "resend the form" (a reload of the POST result, or a second click).
      await page.reload();
      await page.locator('[data-testid="report-passphrase"]').waitFor();
      expect(toLatin(await textOf(page, '[data-testid="report-code"]'))).toBe(first.code);
      expect(toLatin(await textOf(page, '[data-testid="report-passphrase"]'))).toBe(first.passphrase);
      expect(await textOf(page, 'main [role="status"]')).toBe(fa("reports.receipt.alreadyReceived"));
      expect(await count()).toBe(before + 1);

      await page.goto("/report/follow");
      await page.fill("#f-code", first.code);
      await page.fill("#f-passphrase", first.passphrase);
      await page.locator("main form button[type=submit]").click();
      await page.locator("#f-body").waitFor();
      await page.fill("#f-body", "پیام بدون جاوااسکریپت");
      await page.locator('main form:has(input[name="intent"][value="send"]) button[type=submit]').click();
      expect(await textOf(page, '[data-from="reporter"] [data-testid="message-body"]')).toBe("پیام بدون جاوااسکریپت");
    } finally {
      await context.close();
    }
  });

  it("an officer and an anonymous visitor get a 403 page, never the content", async () => {
    expect(
      await officer
        .locator("header")
        .getByRole("link", { name: fa("reports.nav.inspector") })
        .count(),
    ).toBe(0);
    for (const path of ["/inspector/reports", `/inspector/reports/${code}`, "/admin/report-access"]) {
      const response = await officer.goto(path);
      expect(response?.status(), path).toBe(403);
      const body = (await officer.content()) ?? "";
      expect(body).not.toContain(DESCRIPTION);
      expect(await textOf(officer, 'main [role="alert"]')).toBe(fa("reports.error.inspectorsOnly"));
    }
    await checkA11y(officer, "403 for an officer (fa)");
    const anonymous = await newPage("en");
    const response = await anonymous.goto(`/inspector/reports/${code}`);
    expect(response?.status()).toBe(403);
    expect(await anonymous.content()).not.toContain(DESCRIPTION);
    expect(await anonymous.getByRole("link", { name: en("reports.error.signInAsInspector") }).count()).toBe(1);
    await checkA11y(anonymous, "403 for a visitor (en)");
  });
});
