// The public transparency page (/transparency) against the production build: reachable from the
// home page and the footer without signing in, the league table sorts by links (no JavaScript
// needed), the period is named in Solar Hijri in Persian, and axe finds nothing in fa and en.
import { afterAll, describe, expect, it } from "vitest";
import { translate, type Locale } from "../../app/platform/i18n";
import { browser, checkA11y, closeBrowser, closeDb, htmlLangDir, newPage, setLocaleCookie, url } from "./helpers";

const LOCALES: Locale[] = ["fa", "en"];

afterAll(async () => {
  await closeBrowser();
  await closeDb();
});

describe("/transparency", () => {
  it("is linked from the home page and the footer, and sorts by links without JavaScript", async () => {
    const page = await newPage("fa");
    await page.goto("/");
    await page
      .locator("main")
      .getByRole("link", { name: translate("fa", "home.modules.transparency") })
      .click();
    await page.waitForURL(/\/transparency$/);
    expect(
      await page
        .locator("footer")
        .getByRole("link", { name: translate("fa", "nav.transparency") })
        .count(),
    ).toBe(1);
    // A client-side navigation: the URL may change before the page renders.
    await page.locator("h1", { hasText: translate("fa", "transparency.title") }).waitFor();
    expect(await page.locator("[data-performance-table] tbody tr").count()).toBe(22);
    // The period in the Solar Hijri calendar (a year in the 1400s), in Persian digits.
    expect(await page.locator("[data-period]").textContent()).toMatch(/۱۴[۰-۹]{2}/);
    // The Solar Hijri quick links: "this year" shows the year and marks its link as current.
    const thisYear = page.locator("[data-periods] a").nth(2);
    await thisYear.click();
    await page.waitForURL(/from=\d{4}-03-2[01]&to=/);
    await page.locator('[data-periods] a[aria-current="page"]').waitFor();
    expect(await page.locator("[data-periods] a").nth(2).getAttribute("aria-current")).toBe("page");
    expect(await page.locator("[data-performance-table] tbody tr").count()).toBe(22);
    await page.context().close();

    const noJs = await (await browser()).newContext({ javaScriptEnabled: false, locale: "en-GB" });
    const plain = await noJs.newPage();
    await plain.goto(url("/transparency"));
    await plain
      .getByRole("link", { name: translate("en", "cases.perf.sortBy", { column: translate("en", "cases.perf.received") }), exact: true })
      .click();
    await plain.waitForURL(/sort=received&dir=asc/);
    expect(await plain.locator('th[aria-sort="ascending"]').textContent()).toContain(translate("en", "cases.perf.received"));
    await noJs.close();
  });

  it("is axe-clean in fa and en", async () => {
    const page = await newPage("fa");
    for (const locale of LOCALES) {
      await setLocaleCookie(page, locale);
      const response = await page.goto("/transparency");
      expect(response?.status()).toBe(200);
      expect(await htmlLangDir(page)).toEqual({ lang: locale, dir: locale === "fa" ? "rtl" : "ltr" });
      await checkA11y(page, `transparency (${locale})`);
    }
    await page.context().close();
  });
});
