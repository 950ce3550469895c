// The public map (/map) in a real browser against the production build: cases reported over the
// API (with secrets in their words, address and contact) are found by filtering, their card opens
// from the list twin, "I have this too" follows the case — with the mouse, and again by keyboard
// only; the map draws the vector tiles; the pages' HTML holds no secret; axe finds nothing in fa
// and en.
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate, type Locale } from "../../app/platform/i18n";
import { checkA11y, closeBrowser, closeDb, db, htmlLangDir, newPage, textOf, url } from "./helpers";

const tag = randomBytes(4).toString("hex");
const SECRET = {
  description: `A secret sentence ${tag} only the reporter wrote.`,
  address: `Secret lane ${tag}`,
  email: `reporter.${tag}@secret.example`,
  name: `Reporter Hidden ${tag}`,
};
const VANAK = { latitude: 35.7575, longitude: 51.4097 }; // region 3
const cases: { code: string; reference: string }[] = [];

async function submit(i: number, categoryId: number) {
  const res = await fetch(url("/graphql"), {
    method: "POST",
    headers: { "content-type": "application/json", "accept-language": "en" },
    body: JSON.stringify({
      query: `mutation($i: SubmitCaseInput!) { submitCase(input: $i) { __typename ... on MutationSubmitCaseSuccess { data { __typename ... on CaseReceipt { code reference } } } } }`,
      variables: {
        i: {
          categoryId,
          description: SECRET.description,
          latitude: VANAK.latitude + (90 * i) / 111_320,
          longitude: VANAK.longitude + (90 * i) / 90_300,
          address: SECRET.address,
          contactEmail: SECRET.email,
          contactName: SECRET.name,
          confirmNew: true,
        },
      },
    }),
  });
  const body = (await res.json()) as { data: { submitCase: { data: { code: string; reference: string } } } };
  cases.push(body.data.submitCase.data);
}

beforeAll(async () => {
  const { rows } = await db<{ id: number }>("SELECT id FROM case_categories WHERE slug = 'streets.pothole'");
  for (let i = 0; i < 3; i++) await submit(i, rows[0].id);
  expect(cases.every((c) => /^C-/.test(c.reference))).toBe(true);
}, 60_000);

afterAll(async () => {
  await closeBrowser();
  await closeDb();
});

const followers = async (reference: string) =>
  (
    await db<{ n: number }>("SELECT count(*)::int AS n FROM case_followers f JOIN cases c ON c.id = f.case_id WHERE c.reference = $1", [
      reference,
    ])
  ).rows[0].n;

describe("the public map", () => {
  it("filter, open a card from the list, follow it (mouse)", async () => {
    const page = await newPage("en");
    await page.goto(url("/map"));
    await page.selectOption("#f-region", "3");
    await page.click('main form[method="get"] button[type="submit"]');
    await page.waitForURL(/regionId=3/);
    const count = await textOf(page, "[data-result-count]");
    expect(count).toMatch(/\d+ cases? match/);
    const [c] = cases;
    await page.click(`[data-cases-list] a[href="/map/cases/${c.reference}"]`);
    await page.waitForURL(new RegExp(`/map/cases/${c.reference}$`));
    expect(await textOf(page, "h1")).toContain(c.reference);
    const before = await followers(c.reference);
    await page.fill("#m-email", `metoo.${tag}@example.com`);
    await page.click('main form[method="post"] button[type="submit"]');
    await page.locator('[role="status"]').filter({ hasText: c.reference }).waitFor();
    expect(await followers(c.reference)).toBe(before + 1);
    // "Report something here" opens the report form at the case's point.
    const href = await page.getAttribute('a[href^="/cases/new?"]', "href");
    expect(href).toMatch(/latitude=35\.7\d+&longitude=51\.4\d+/);
  });

  it("the same by keyboard only, through the list twin", async () => {
    const page = await newPage("fa");
    await page.goto(url("/map"));
    await page.focus("#f-status");
    await page.keyboard.press("ArrowDown"); // open → answered
    await page.keyboard.press("ArrowUp"); // back to open
    await page.focus("#f-region");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown"); // region 3
    expect(await page.inputValue("#f-region")).toBe("3");
    await page.focus('main form[method="get"] button[type="submit"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(/regionId=3/);
    const c = cases[1];
    await page.focus(`[data-cases-list] a[href="/map/cases/${c.reference}"]`);
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/map/cases/${c.reference}$`));
    expect(await htmlLangDir(page)).toEqual({ lang: "fa", dir: "rtl" });
    const before = await followers(c.reference);
    await page.focus("#m-email");
    await page.keyboard.type(`keyboard.${tag}@example.com`);
    await page.keyboard.press("Enter");
    await page
      .locator('[role="status"]')
      .filter({ hasText: translate("fa", "cases.followConfirmSent", { code: c.reference }) })
      .waitFor();
    expect(await followers(c.reference)).toBe(before + 1);
  });

  it("the map draws the tiles: clusters and cases as focusable circles; a case opens its card", async () => {
    const page = await newPage("en");
    const tile = page.waitForResponse((r) => /\/tiles\/cases\/\d+\/\d+\/\d+\.mvt/.test(r.url()) && r.status() === 200);
    await page.goto(url("/map?regionId=3"));
    await tile;
    await page.locator('[data-cases-map] [data-map-state="ready"]').waitFor();
    // The same engine and basemap choice as every other map (no basemap configured here: the outline style).
    await page.locator('[data-cases-map] [data-map-engine="maplibre"][data-basemap="outline"]').waitFor();
    const marker = page.locator('[data-cases-map] button, [data-cases-map] a[href^="/map/cases/"]').first();
    await marker.waitFor();
    // Zoom in on clusters until a single case is there, then open it with Enter.
    for (let i = 0; i < 8 && !(await page.locator('[data-cases-map] a[href^="/map/cases/"]').count()); i++) {
      await page.locator("[data-cases-map] button").first().click();
      await page.waitForTimeout(1200);
    }
    const single = page.locator('[data-cases-map] a[href^="/map/cases/"]').first();
    await single.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/map\/cases\/C-/);
  });

  it("no secret in the pages' HTML", async () => {
    const secrets = [...Object.values(SECRET), ...cases.map((c) => c.code)];
    for (const path of ["/map", "/map?status=all", "/map?regionId=3", ...cases.map((c) => `/map/cases/${c.reference}`)]) {
      const html = await (await fetch(url(path))).text();
      for (const s of secrets) expect(html.includes(s), `${s} in ${path}`).toBe(false);
    }
  });

  it.each(["fa", "en"] as Locale[])("/map and a card are axe-clean (%s)", async (locale) => {
    const page: Page = await newPage(locale);
    await page.goto(url("/map?regionId=3"));
    await checkA11y(page, `/map (${locale})`);
    await page.goto(url(`/map?status=all&from=2099-01-02&to=2099-01-01`));
    await checkA11y(page, `/map with a bad period (${locale})`);
    await page.goto(url(`/map/cases/${cases[2].reference}`));
    await checkA11y(page, `card (${locale})`);
  });
});
