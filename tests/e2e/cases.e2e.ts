// Case intake in a real browser against the production build:
//   an anonymous citizen reports a pothole at Vanak square with a photo and gets a tracking code;
//   a second citizen reporting the same spot is shown the open case (by its public reference, never
//   the tracking code or the reporter's words) and follows it instead;
//   an officer of region 3 finds the case in the inbox and answers it;
//   the follower tracks it by the reference: the status and the answer, not the reporter's words,
//   photos or forms;
//   the first citizen follows the case without signing in, sees the answer and the unit, rates it;
//   an operator registers a phone call on a caller's behalf; staff pages (inbox, case, console,
//   performance, categories) and citizen pages are axe-clean in fa and en.
import sharp from "sharp";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate, type MessageKey, type Params } from "../../app/platform/i18n";
import {
  checkA11y,
  closeBrowser,
  closeDb,
  db,
  findLink,
  htmlLangDir,
  newPage,
  setLocaleCookie,
  textOf,
  verifiedUserViaUi,
  waitForMail,
  type Locale,
} from "./helpers";

const fa = (key: MessageKey, params?: Params) => translate("fa", key, params);
const LOCALES: Locale[] = ["fa", "en"];
const VANAK = { lat: "35.75752", lng: "51.40973" };
const citizenEmail = `reporter.${Date.now().toString(36)}@example.com`;
let code = "";
let reference = "";
const DESCRIPTION = "چاله عمیق در خط راست، ضلع شمالی میدان ونک.";
const followerEmail = `follower.${Date.now().toString(36)}@example.com`;

async function staffPage(role: "officer" | "operator" | "admin", regionId: number | null, name: string) {
  const page = await newPage("fa");
  await verifiedUserViaUi(page, name, async (user) => {
    const { rows } = await db<{ id: string }>("SELECT id FROM users WHERE email = lower($1)", [user.email]);
    await db("INSERT INTO role_assignments (user_id, role, region_id) VALUES ($1, $2, $3)", [rows[0].id, role, regionId]);
  });
  return page;
}

/** Opens `path` in each language and runs axe; leaves the page in Persian. */
async function axeBothLocales(page: Page, path: string, label: string) {
  for (const locale of LOCALES) {
    await setLocaleCookie(page, locale);
    const response = await page.goto(path);
    expect(response?.status(), `status of ${path}`).toBe(200);
    expect(await htmlLangDir(page)).toEqual({ lang: locale, dir: locale === "fa" ? "rtl" : "ltr" });
    await checkA11y(page, `${label} (${locale})`);
  }
  await setLocaleCookie(page, "fa");
}

async function potholeCategoryId() {
  const { rows } = await db<{ id: number }>("SELECT id FROM case_categories WHERE slug = 'streets.pothole'");
  return String(rows[0].id);
}

let officer: Page;
beforeAll(async () => {
  officer = await staffPage("officer", 3, "کارشناس منطقه ۳");
});

afterAll(async () => {
  await closeBrowser();
  await closeDb();
});

describe("a citizen's case, from report to rated answer", () => {
  it("reports a problem with a photo and gets a tracking code (no account)", async () => {
    const page = await newPage("fa");
    await axeBothLocales(page, "/cases", "cases home");
    await axeBothLocales(page, "/cases/new", "report form");
    await page.goto("/cases/new");
    await page.selectOption("#c-category", await potholeCategoryId());
    await page.fill("#c-description", DESCRIPTION);
    await page.fill("#f-latitude", VANAK.lat);
    await page.fill("#f-longitude", VANAK.lng);
    await page.locator("#f-longitude").blur();
    const photo = await sharp({ create: { width: 80, height: 60, channels: 3, background: "#777" } })
      .jpeg()
      .toBuffer();
    await page.setInputFiles("#c-photos", { name: "pothole.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.fill("#c-email", citizenEmail);
    await page.locator('main button[type="submit"]', { hasText: fa("cases.form.submit") }).click();
    await page.waitForURL(/\/cases\/registered\?code=/);
    code = await textOf(page, '[data-testid="tracking-code"]');
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    reference = await textOf(page, '[data-testid="case-reference"]');
    expect(reference).toMatch(/^C-[2-9A-Z]{6}$/);
    await checkA11y(page, "registered (fa)");
    const { rows } = await db(
      "SELECT c.region_id, c.channel, (SELECT count(*)::int FROM media_files m WHERE m.subject_id = c.id::text) AS photos FROM cases c WHERE code = $1",
      [code],
    );
    expect(rows[0]).toMatchObject({ region_id: 3, channel: "web", photos: 1 });
  });

  it("shows the open case nearby before a second report, and lets the citizen follow it instead", async () => {
    const page = await newPage("en");
    await page.goto("/cases/new");
    await page.selectOption("#c-category", await potholeCategoryId());
    await page.fill("#f-latitude", "35.75760");
    await page.fill("#f-longitude", VANAK.lng);
    await page.locator("#f-longitude").blur();
    const follow = page.locator(`button[value="follow:${reference}"]`);
    await follow.waitFor();
    await checkA11y(page, "report form with nearby cases (en)");
    // The nearby list names the case by its reference: the tracking code and the reporter's words stay theirs.
    expect(await page.content()).not.toContain(code);
    expect(await page.content()).not.toContain(DESCRIPTION);
    await page.fill("#c-email", followerEmail);
    await follow.click();
    // An address typed by a visitor must say yes first: a link is sent to it.
    await page.locator("main [role=status]", { hasText: translate("en", "cases.followConfirmSent", { code: reference }) }).waitFor();
    expect(await page.content()).not.toContain(code);
    await checkA11y(page, "follow requested (en)");
    const mail = await waitForMail(followerEmail, { where: (m) => findLink(m, "/cases/follow/confirm?token=") !== undefined });
    await page.goto(findLink(mail, "/cases/follow/confirm?token=")!.replace(/^https?:\/\/[^/]+/, ""));
    await checkA11y(page, "follow confirmation (en)");
    await page.locator("main button[type=submit]").click();
    await page.locator("main [role=status]", { hasText: translate("en", "cases.follow.confirmed", { reference }) }).waitFor();
    const { rows } = await db<{ n: number }>(
      "SELECT count(*)::int AS n FROM case_followers f JOIN cases c ON c.id = f.case_id WHERE c.code = $1",
      [code],
    );
    expect(rows[0].n).toBe(2);
  });

  it("an officer of region 3 finds it in the inbox and answers", async () => {
    await axeBothLocales(officer, "/staff/cases", "inbox");
    await officer.goto("/staff/cases");
    await officer.locator(`a[href="/staff/cases/${code}"]`).click();
    await officer.waitForURL(`**/staff/cases/${code}`);
    await axeBothLocales(officer, `/staff/cases/${code}`, "staff case page");
    await officer.fill("#a-answer", "چاله امروز صبح توسط اکیپ منطقه ۳ ترمیم شد.");
    await officer.locator("form:has(#a-answer) button[type=submit]").click();
    await officer.locator("main [role=status]", { hasText: fa("cases.status.answered") }).waitFor();
  });

  it("the follower tracks it by the reference: the status and the answer, not the reporter's words, photos or forms", async () => {
    const page = await newPage("fa");
    await page.goto(`/cases/track?code=${reference}`);
    await page.fill("#t-contact", followerEmail);
    await page.locator("main form button[type=submit]").click();
    await page.locator("#case-title").waitFor();
    const main = await textOf(page, "main");
    expect(main).toContain("چاله امروز صبح توسط اکیپ منطقه ۳ ترمیم شد.");
    expect(main).toContain(fa("cases.view.following"));
    expect(main).not.toContain(DESCRIPTION);
    expect(await page.content()).not.toContain(code);
    expect(await page.locator("main img, #rate-comment, #reopen-reason").count()).toBe(0);
    await checkA11y(page, "follower's case view (fa)");
  });

  it("the citizen follows the case without signing in, sees the answer and the unit, and rates it", async () => {
    const page = await newPage("fa");
    await axeBothLocales(page, `/cases/track?code=${code}`, "tracking form");
    await page.goto(`/cases/track?code=${code}`);
    await page.fill("#t-contact", citizenEmail.toUpperCase());
    await page.locator("main form button[type=submit]").click();
    await page.locator("#case-title").waitFor();
    expect(await textOf(page, "main")).toContain("چاله امروز صبح توسط اکیپ منطقه ۳ ترمیم شد.");
    await checkA11y(page, "citizen case view (fa)");
    await page.check('input[name="rating"][value="5"]');
    await page.fill("#rate-comment", "سریع و خوب بود.");
    await page.locator("form:has(#rate-comment) button[type=submit]").click();
    await page.locator("main [role=status]", { hasText: fa("cases.rate.thanks") }).waitFor();
    const { rows } = await db("SELECT rating, feedback_delivered_at IS NOT NULL AS delivered FROM cases WHERE code = $1", [code]);
    expect(rows[0]).toEqual({ rating: 5, delivered: true });
  });

  it("a wrong contact gets a translated error and no case", async () => {
    const page = await newPage("en");
    await page.goto(`/cases/track?code=${code}`);
    await page.fill("#t-contact", "someone.else@example.com");
    await page.locator("main form button[type=submit]").click();
    await page.locator("#t-code-error, [id$=code-error]").first().waitFor();
    expect(await textOf(page, "main")).toContain(translate("en", "cases.error.trackNotFound"));
    expect(await page.locator("#case-title").count()).toBe(0);
  });
});

describe("staff pages", () => {
  it("an operator registers a phone call and reads back the code", async () => {
    const operator = await staffPage("operator", null, "اپراتور ۱۳۷");
    await axeBothLocales(operator, "/staff/cases/new", "operator console");
    await operator.goto("/staff/cases/new");
    await operator.fill("#o-phone", "09121234567");
    await operator.keyboard.press("Enter");
    await operator.locator("#o-description").waitFor();
    await checkA11y(operator, "operator console with caller (fa)");
    await operator.fill("#o-name", "آقای تماس‌گیرنده");
    await operator.selectOption("#o-category", await potholeCategoryId());
    await operator.fill("#o-description", "چراغ کوچه سوم خیابان ستارخان خاموش است.");
    await operator.selectOption("#o-region", "2");
    await operator.fill("#o-address", "ستارخان، کوچه سوم");
    await operator.locator("main form[method=post] button[type=submit]").click();
    const phoneCode = await textOf(operator, '[data-testid="tracking-code"]');
    const { rows } = await db("SELECT channel, region_id FROM cases WHERE code = $1", [phoneCode]);
    expect(rows[0]).toEqual({ channel: "phone", region_id: 2 });
  });

  it("performance and categories pages are axe-clean; an officer of region 3 cannot open a region-2 case", async () => {
    const admin = await staffPage("admin", null, "مدیر سامانه");
    await axeBothLocales(admin, "/staff/performance", "performance");
    await axeBothLocales(admin, "/admin/categories", "categories");
    const { rows } = await db<{ code: string }>("SELECT code FROM cases WHERE region_id = 2 LIMIT 1");
    const response = await officer.goto(`/staff/cases/${rows[0].code}`);
    expect(response?.status()).toBe(404);
  });
});
