// Maps against the production build:
//  - GET /regions.geojson: the 22 regions as valid GeoJSON polygons with the ODbL attribution,
//    the GeoJSON content type, a day of public caching and ETag revalidation;
//  - the LocationPicker on the propose page (/budgeting/:slug/propose/:budgetId), once the page
//    uses it: the map draws the regions (WebGL through SwiftShader), a click and the keyboard
//    (arrows + Enter) fill the inputs with a point in Tehran, typing (Persian digits too) moves
//    the marker and names the region, the form posts the coordinates, the page works without
//    JavaScript, and axe finds nothing in fa and en;
//  - the basemap engine: without MAPBOX_TOKEN the maps load maplibre-gl (the outline style, no
//    search box); a second app process on the same database with a fake MAPBOX_TOKEN loads
//    mapbox-gl (its Mapbox requests are refused by the browser here, so the map falls back to the
//    regions) with the address search, its CSP allows Mapbox's hosts, and axe finds nothing;
//  - the ProjectsMap on the cycle page (/budgeting/:slug), once the page uses it: markers named by
//    the items, the list twin, "show on map", axe in fa and en.
// The two page checks are skipped (not failed) while the components are not on those pages yet:
// whether they are is read once from the pages' server-rendered HTML (`data-location-picker`,
// `data-projects-map`), fetched as a club member with a session made in the database.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { translate, type Locale, type MessageKey, type Params } from "../../app/platform/i18n";
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
  url,
  verifiedUserViaUi,
} from "./helpers";
import { pmtilesArchive } from "../support/pmtiles-fixture";

const fa = (key: MessageKey, params?: Params) => translate("fa", key, params);
const LOCALES: Locale[] = ["fa", "en"];
const TEHRAN = { minLat: 35.5, maxLat: 35.9, minLng: 51.0, maxLng: 51.7 };
const BAZAAR = { lat: "35.6725", lng: "51.4218", region: "منطقه ۱۲ شهر تهران" }; // Grand Bazaar, region 12 (tests/city)
const PLACES = [
  { title: "بوستان آزمون نقشه در ونک", lat: 35.7575, lng: 51.4097 }, // Vanak square, region 3
  { title: "پیاده‌راه آزمون نقشه در بازار", lat: 35.6725, lng: 51.4218 }, // Grand Bazaar, region 12
];

// ── Fixture: a cycle in its proposals phase with one budget (the demo cycle is in voting) ──────

const SLUG = `map-e2e-${Date.now().toString(36)}`;

async function createFixture() {
  const { rows: cycle } = await db<{ id: string }>(
    `INSERT INTO budget_cycles (slug, title_fa, title_en, proposals_open_at, review_at, voting_open_at, voting_close_at, implementation_at)
     VALUES ($1, 'چرخه آزمون نقشه', 'Map test cycle', now() - interval '1 day', now() + interval '10 days', now() + interval '20 days', now() + interval '30 days', now() + interval '60 days')
     RETURNING id`,
    [SLUG],
  );
  const { rows: budget } = await db<{ id: string }>(
    `INSERT INTO budgets (cycle_id, name_fa, name_en, amount_rials, ballot_type, max_choices, min_verification, residents_only)
     VALUES ($1, 'بودجه آزمون نقشه', 'Map test budget', 50000000000, 'approval', 2, 'email', false) RETURNING id`,
    [cycle[0].id],
  );
  const budgetId = budget[0].id;
  // Two accepted proposals with coordinates, for the cycle page's map.
  for (const [i, p] of PLACES.entries()) {
    await db(
      `INSERT INTO proposals (budget_id, code, title, description, latitude, longitude, estimated_cost_rials, official_cost_rials, status, reviewed_at)
       VALUES ($1, $2, $3, 'برای آزمون نقشه', $4, $5, 1000000000, 1000000000, 'accepted', now())`,
      [budgetId, `M${i + 1}`, p.title, p.lat, p.lng],
    );
  }
  // A club member with a session made in the database, only to read the pages' HTML.
  const token = randomBytes(20).toString("hex");
  const { rows: user } = await db<{ id: string }>(
    "INSERT INTO users (email, email_verified_at, display_name) VALUES ($1, now(), 'کاوشگر نقشه') RETURNING id",
    [`map-probe-${randomBytes(4).toString("hex")}@example.com`],
  );
  await db("INSERT INTO club_members (user_id, home_region_id, terms_version, terms_accepted_at) VALUES ($1, 3, '1404-1', now())", [
    user[0].id,
  ]);
  await db("INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')", [
    createHash("sha256").update(token).digest("hex"),
    user[0].id,
  ]);
  return { budgetId, cookie: `session=${token}; lang=fa` };
}

async function html(path: string, cookie: string) {
  const res = await fetch(url(path), { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: res.status, text: await res.text() };
}

const fixture = await createFixture();
const PROPOSE = `/budgeting/${SLUG}/propose/${fixture.budgetId}`;
const CYCLE = `/budgeting/${SLUG}`;
const proposeProbe = await html(PROPOSE, fixture.cookie);
const cycleProbe = await html(CYCLE, fixture.cookie);
const hasPicker = proposeProbe.text.includes("data-location-picker");
const hasProjectsMap = cycleProbe.text.includes("data-projects-map");
if (!hasPicker) console.log(`[e2e] map: no LocationPicker on ${PROPOSE} yet: its browser checks are skipped`);
if (!hasProjectsMap) console.log(`[e2e] map: no ProjectsMap on ${CYCLE} yet: its browser checks are skipped`);

afterAll(async () => {
  await closeBrowser();
  await closeDb();
});

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────────

const picker = (page: Page) => page.locator("[data-location-picker]");

/** Waits until the map's style and regions are loaded. */
async function mapReady(page: Page, scope: string) {
  await page.locator(`${scope} [data-map-state="ready"]`).waitFor({ timeout: 20_000 });
  const canvas = page.locator(`${scope} canvas.maplibregl-canvas`);
  await canvas.waitFor();
  return canvas;
}

/** How much of the map is region fill (#d1e7dd at 75 % over #eef2ef) and outline (#0f5132): proof WebGL drew the polygons. */
async function drawnShares(page: Page, scope: string) {
  await page.waitForTimeout(300); // let the last frame reach the screen
  const png = await page.locator(`${scope} canvas.maplibregl-canvas`).screenshot();
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let fill = 0;
  let dark = 0;
  const pixels = info.width * info.height;
  for (let i = 0; i < data.length; i += 3) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    if (Math.abs(r - 216) <= 8 && Math.abs(g - 234) <= 8 && Math.abs(b - 226) <= 8) fill++;
    if (g < 140 && r < 120) dark++;
  }
  return { fill: fill / pixels, outline: dark / pixels };
}

async function inputValues(page: Page) {
  const lat = await picker(page).locator('input[name="latitude"]').inputValue();
  const lng = await picker(page).locator('input[name="longitude"]').inputValue();
  return { lat: Number(lat), lng: Number(lng), raw: { lat, lng } };
}

function expectInTehran(point: { lat: number; lng: number }) {
  expect(point.lat, "latitude").toBeGreaterThanOrEqual(TEHRAN.minLat);
  expect(point.lat, "latitude").toBeLessThanOrEqual(TEHRAN.maxLat);
  expect(point.lng, "longitude").toBeGreaterThanOrEqual(TEHRAN.minLng);
  expect(point.lng, "longitude").toBeLessThanOrEqual(TEHRAN.maxLng);
}

// ── /regions.geojson ────────────────────────────────────────────────────────────────────────────

describe("/regions.geojson", () => {
  it("serves the 22 regions as valid GeoJSON polygons with the OSM attribution, cacheable for a day", async () => {
    const res = await fetch(url("/regions.geojson"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/geo\+json/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
    const body = (await res.json()) as {
      type: string;
      attribution: string;
      features: {
        type: string;
        properties: { region: number; name_fa: string; name_en: string };
        geometry: { type: string; coordinates: number[][][] };
      }[];
    };
    expect(body.type).toBe("FeatureCollection");
    expect(body.attribution).toContain("© OpenStreetMap contributors");
    expect(body.attribution).toContain("ODbL");
    expect(body.features).toHaveLength(22);
    expect(body.features.map((f) => f.properties.region)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    for (const f of body.features) {
      const label = `region ${f.properties.region}`;
      expect(f.type, label).toBe("Feature");
      expect(f.properties.name_fa, label).toMatch(/منطقه/);
      expect(f.properties.name_en, label).not.toBe("");
      expect(f.geometry.type, label).toBe("Polygon");
      expect(f.geometry.coordinates.length, label).toBeGreaterThanOrEqual(1);
      for (const ring of f.geometry.coordinates) {
        expect(ring.length, `${label}: a linear ring has at least 4 positions`).toBeGreaterThanOrEqual(4);
        expect(ring[ring.length - 1], `${label}: the ring is closed`).toEqual(ring[0]);
        for (const [lng, lat] of ring) {
          expect(
            lng >= TEHRAN.minLng && lng <= TEHRAN.maxLng && lat >= TEHRAN.minLat && lat <= TEHRAN.maxLat,
            `${label}: [${lng}, ${lat}] in Tehran`,
          ).toBe(true);
        }
      }
    }
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const first = await fetch(url("/regions.geojson"));
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    await first.arrayBuffer();
    const again = await fetch(url("/regions.geojson"), { headers: { "If-None-Match": etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toBe("public, max-age=86400");
  });
});

// ── LocationPicker on the propose page ─────────────────────────────────────────────────────────

describe("LocationPicker on the propose page", () => {
  it("the probe reads the propose page as a member in the proposals phase (so a missing picker means integration is pending, not a broken page)", () => {
    expect(proposeProbe.status, proposeProbe.text.slice(0, 300)).toBe(200);
    expect(proposeProbe.text).toContain('name="estimatedCostRials"');
  });

  describe.skipIf(!hasPicker)("with the picker integrated", () => {
    let member: Page;

    beforeAll(async () => {
      member = await newPage("fa");
      const user = await verifiedUserViaUi(member, "عضو آزمون نقشه");
      await db(
        "INSERT INTO club_members (user_id, home_region_id, terms_version, terms_accepted_at) SELECT id, 3, '1404-1', now() FROM users WHERE email = lower($1)",
        [user.email],
      );
    });

    it("draws the regions, and a click on the map fills the inputs with a point in Tehran", async () => {
      await member.goto(PROPOSE);
      const canvas = await mapReady(member, "[data-location-picker]");
      expect(await canvas.getAttribute("role")).toBe("application");
      expect(await canvas.getAttribute("aria-label")).toBe(fa("map.picker.mapLabel"));
      // The instructions are visible and describe the map.
      const described = await canvas.getAttribute("aria-describedby");
      expect(await member.locator(`[id="${described}"]`).textContent()).toBe(fa("map.picker.instructions"));
      expect(await member.locator(`[id="${described}"]`).isVisible()).toBe(true);
      // The attribution is shown under the map.
      expect(await textOf(member, "[data-location-picker] [data-map-attribution]")).toContain("OpenStreetMap");

      const shares = await drawnShares(member, "[data-location-picker]");
      expect(shares.fill, "share of the map filled by regions").toBeGreaterThan(0.2);
      expect(shares.outline, "share of the map drawn as region outlines").toBeGreaterThan(0.002);

      expect(await inputValues(member)).toMatchObject({ raw: { lat: "", lng: "" } });
      await canvas.click(); // the centre of the map
      const point = await inputValues(member);
      expectInTehran(point);
      await member.locator("[data-location-picker] .maplibregl-marker").waitFor();
      expect(await member.locator("[data-location-picker] .maplibregl-marker").getAttribute("aria-label")).toBe(fa("map.picker.marker"));
      expect(await textOf(member, "[data-location-status]")).toMatch(/منطقه|بیرون/);
    });

    it("chooses the map's centre with the keyboard: arrows pan, Enter picks", async () => {
      await member.goto(PROPOSE);
      const canvas = await mapReady(member, "[data-location-picker]");
      await canvas.focus();
      await member.keyboard.press("Enter");
      const before = await inputValues(member);
      expectInTehran(before);
      // Each arrow eases the map by 100 px in 300 ms; a new key stops the running ease.
      for (const key of ["ArrowRight", "ArrowRight", "ArrowDown"]) {
        await member.keyboard.press(key);
        await member.waitForTimeout(450);
      }
      await member.keyboard.press("Space");
      const after = await inputValues(member);
      expectInTehran(after);
      expect(after.lng, "panned east").toBeGreaterThan(before.lng);
      expect(after.lat, "panned south").toBeLessThan(before.lat);
    });

    it("typed coordinates (Persian digits too) move the marker and name the region; the form posts them", async () => {
      await member.goto(PROPOSE);
      await mapReady(member, "[data-location-picker]");
      await member.fill('[data-location-picker] input[name="latitude"]', "۳۵٫۶۷۲۵");
      await member.fill('[data-location-picker] input[name="longitude"]', BAZAAR.lng);
      await member.locator("[data-location-picker] .maplibregl-marker").waitFor();
      await member.locator('[data-location-picker] input[name="latitude"]').focus(); // leaving longitude names the region
      expect(await inputValues(member)).toMatchObject({ raw: { lat: BAZAAR.lat, lng: BAZAAR.lng } });
      expect(await textOf(member, "[data-location-status]")).toBe(fa("map.picker.chosenIn", { region: BAZAAR.region }));

      const title = `طرح آزمون نقشه ${randomBytes(2).toString("hex")}`;
      await member.fill("#p-title", title);
      await member.fill("#p-description", "طرحی برای آزمون انتخاب مکان روی نقشه در فرم پیشنهاد.");
      await member.fill("#p-estimatedCostRials", "1000000000");
      await member.locator('main form button[type="submit"]').click();
      await member.locator('main [role="status"]').waitFor();
      const { rows } = await db<{ latitude: number; longitude: number }>("SELECT latitude, longitude FROM proposals WHERE title = $1", [
        title,
      ]);
      expect(rows).toEqual([{ latitude: Number(BAZAAR.lat), longitude: Number(BAZAAR.lng) }]);
    });

    it("without JavaScript the same fieldset posts two labelled inputs, and there is no map", async () => {
      const context = await (await browser()).newContext({ baseURL: baseUrl(), javaScriptEnabled: false, locale: "fa-IR" });
      try {
        await context.addCookies(await member.context().cookies());
        const page = await context.newPage();
        await page.goto(PROPOSE);
        const fieldset = picker(page);
        await fieldset.waitFor();
        expect(await fieldset.locator("canvas").count()).toBe(0);
        for (const [name, key] of [
          ["latitude", "map.picker.latitude"],
          ["longitude", "map.picker.longitude"],
        ] as const) {
          const input = fieldset.locator(`input[name="${name}"]`);
          expect(await input.getAttribute("dir")).toBe("ltr");
          expect(await input.getAttribute("inputmode")).toBe("decimal");
          const id = await input.getAttribute("id");
          expect(await fieldset.locator(`label[for="${id}"]`).textContent()).toBe(fa(key));
        }
      } finally {
        await context.close();
      }
    });

    it("is axe-clean with the map in fa and en", async () => {
      for (const locale of LOCALES) {
        await setLocaleCookie(member, locale);
        await member.goto(PROPOSE);
        expect(await htmlLangDir(member)).toEqual({ lang: locale, dir: locale === "fa" ? "rtl" : "ltr" });
        await mapReady(member, "[data-location-picker]");
        await member.locator("[data-location-picker] canvas").click();
        await member.locator("[data-location-picker] .maplibregl-marker").waitFor();
        await checkA11y(member, `propose page with the location picker (${locale})`);
      }
      await setLocaleCookie(member, "fa");
    });
  });
});

// ── ProjectsMap on the cycle page ──────────────────────────────────────────────────────────────

describe("ProjectsMap on the cycle page", () => {
  it("the probe reads the cycle page", () => {
    expect(cycleProbe.status, cycleProbe.text.slice(0, 300)).toBe(200);
    expect(cycleProbe.text).toContain(PLACES[0].title);
  });

  describe.skipIf(!hasProjectsMap)("with the map integrated", () => {
    let visitor: Page;
    beforeAll(async () => {
      visitor = await newPage("fa");
    });

    it("shows a marker named by each located item, the same items in the list, and 'show on map' highlights one", async () => {
      await visitor.goto(CYCLE);
      await mapReady(visitor, "[data-projects-map]");
      expect(await textOf(visitor, "[data-projects-map] [data-map-attribution]")).toContain("OpenStreetMap");
      const shares = await drawnShares(visitor, "[data-projects-map]");
      expect(shares.fill + shares.outline, "the regions are drawn").toBeGreaterThan(0.05);
      for (const place of PLACES) {
        const marker = visitor.locator(`[data-projects-map] .maplibregl-marker[aria-label="${place.title}"]`);
        expect(await marker.count(), `a marker for ${place.title}`).toBe(1);
        expect(
          await visitor.locator("[data-projects-map] [data-projects-list] li", { hasText: place.title }).count(),
          `a list item for ${place.title}`,
        ).toBe(1);
      }
      const item = visitor.locator("[data-projects-map] [data-projects-list] li", { hasText: PLACES[1].title });
      await item.locator("button").click();
      const marker = visitor.locator(`[data-projects-map] .maplibregl-marker[aria-label="${PLACES[1].title}"]`);
      expect(await marker.getAttribute("data-selected")).toBe("");
    });

    it("is axe-clean with the map in fa and en", async () => {
      for (const locale of LOCALES) {
        await setLocaleCookie(visitor, locale);
        await visitor.goto(CYCLE);
        await mapReady(visitor, "[data-projects-map]");
        await checkA11y(visitor, `cycle page with the projects map (${locale})`);
      }
    });
  });
});

// ── The basemap engine ──────────────────────────────────────────────────────────────────────────

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

type SecondApp = { base: string; stop: () => Promise<void> };

/** Another app process on the same database (no workers, no seeding) with other map settings. */
async function startSecondApp(settings: Record<string, string>): Promise<SecondApp> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: inject("e2eDatabaseUrl"),
    PUBLIC_URL: base,
    RUN_WORKERS: "false",
    SEED_DEMO: "false",
    LOG_LEVEL: "warn",
    REPORTS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  for (const name of ["VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "TEST", "MAPBOX_TOKEN", "MAP_STYLE_URL", "MAP_PMTILES_PATH"])
    delete env[name];
  Object.assign(env, settings);
  const app: ChildProcess = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["server.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = async () => {
    if (app.exitCode !== null || app.signalCode !== null) return;
    const exited = new Promise((r) => app.once("exit", r));
    app.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (app.exitCode !== null) throw new Error(`the second app exited (${app.exitCode})`);
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { base, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error("the second app was not ready in 90 s");
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The map's container on the report form once its engine has loaded. */
async function engineOf(page: Page) {
  const box = page.locator("[data-location-picker] [data-map-engine]");
  await box.waitFor({ timeout: 30_000 });
  return { engine: await box.getAttribute("data-map-engine"), basemap: await box.getAttribute("data-basemap") };
}

describe("the basemap engine", () => {
  it("without MAPBOX_TOKEN: maplibre-gl with the outline style, no address search, a CSP without map hosts", async () => {
    const res = await fetch(url("/cases/new"), { headers: { "Accept-Language": "fa" } });
    expect(res.headers.get("content-security-policy")).toContain("connect-src 'self';");
    await res.arrayBuffer();
    const page = await newPage("fa");
    await page.goto("/cases/new");
    expect(await engineOf(page)).toEqual({ engine: "maplibre", basemap: "outline" });
    await page.locator('[data-location-picker] [data-map-state="ready"]').waitFor({ timeout: 20_000 });
    expect(await page.locator("[data-map-search]").count()).toBe(0);
    expect(await page.evaluate(() => "mapboxgl" in window)).toBe(false);
    // The regions' numbers as labels without a glyph server (HTML, hidden from assistive technology).
    const labels = page.locator('[data-location-picker] [data-region-labels][aria-hidden="true"] span');
    await expect.poll(() => labels.count()).toBe(22);
    expect(await labels.allTextContents()).toContain("۱۲");
    await page.context().close();
  });

  describe("with a (fake) MAPBOX_TOKEN", () => {
    let app: SecondApp | undefined;
    let mapboxBase = "";

    beforeAll(async () => {
      app = await startSecondApp({ MAPBOX_TOKEN: "pk.e2e-not-a-real-token" });
      mapboxBase = app.base;
    });

    afterAll(async () => {
      await app?.stop();
    });

    /** A page on the Mapbox-configured app; the browser refuses Mapbox's hosts (no network in tests). */
    async function mapboxPage(locale: Locale) {
      const page = await newPage(locale);
      await page.context().route(/^https:\/\/(api|events)\.mapbox\.com\//, (route) => route.abort("blockedbyclient"));
      return page;
    }

    it("loads mapbox-gl, shows the address search, and allows Mapbox's hosts in the CSP", async () => {
      const res = await fetch(`${mapboxBase}/cases/new`, { headers: { "Accept-Language": "fa" } });
      const policy = res.headers.get("content-security-policy") ?? "";
      expect(policy).toMatch(/connect-src 'self' https:\/\/api\.mapbox\.com/);
      expect(policy).toMatch(/img-src 'self' data: blob: https:\/\/api\.mapbox\.com/);
      const html = await res.text();
      expect(html).toContain("pk.e2e-not-a-real-token"); // the public token reaches the page…
      expect(html).not.toContain("REPORTS_ENCRYPTION_KEY"); // …and nothing else of the configuration

      const page = await mapboxPage("fa");
      await page.goto(`${mapboxBase}/cases/new`);
      expect((await engineOf(page)).engine).toBe("mapbox");
      expect(await page.evaluate(() => typeof (window as unknown as { mapboxgl?: { Map?: unknown } }).mapboxgl?.Map)).toBe("function");
      expect(await page.evaluate(() => "maplibregl" in window)).toBe(false);
      const search = page.locator("[data-location-picker] [data-map-search]");
      await search.waitFor();
      expect(await search.getByRole("searchbox", { name: fa("map.search.label") }).count()).toBe(1);
      // Mapbox Streets cannot load here: the map falls back to the regions and still works.
      await page.locator('[data-location-picker] [data-map-state="ready"]').waitFor({ timeout: 30_000 });
      expect(await page.locator("[data-location-picker] [data-map-engine]").getAttribute("data-basemap")).toBe("outline");
      await page.locator("[data-location-picker] canvas.mapboxgl-canvas").click();
      expectInTehran(await inputValues(page));
      await page.context().close();
    });

    it("is axe-clean with the Mapbox map and its search in fa and en", async () => {
      for (const locale of LOCALES) {
        const page = await mapboxPage(locale);
        await page.goto(`${mapboxBase}/cases/new`);
        expect(await htmlLangDir(page)).toEqual({ lang: locale, dir: locale === "fa" ? "rtl" : "ltr" });
        await page.locator('[data-location-picker] [data-map-state="ready"]').waitFor({ timeout: 30_000 });
        await checkA11y(page, `report form with Mapbox (${locale})`);
        await page.context().close();
      }
    });
  });

  describe("with a local .pmtiles extract (MAP_PMTILES_PATH)", () => {
    let app: SecondApp | undefined;
    let dir = "";

    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), "e2e-pmtiles-"));
      const file = path.join(dir, "tehran.pmtiles");
      // Tiles of arbitrary bytes: enough for the engine to read the archive by ranges (it draws nothing from them).
      await fs.writeFile(file, pmtilesArchive([{ z: 0, x: 0, y: 0, data: randomBytes(64) }]));
      app = await startSecondApp({ MAP_PMTILES_PATH: file });
    });

    afterAll(async () => {
      await app?.stop();
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    });

    it("loads maplibre-gl, which reads the extract from the app by range requests (206); no search", async () => {
      const page = await newPage("fa");
      const ranges: number[] = [];
      page.on("response", (response) => {
        if (new URL(response.url()).pathname === "/basemap.pmtiles") ranges.push(response.status());
      });
      await page.goto(`${app!.base}/cases/new`);
      expect(await engineOf(page)).toEqual({ engine: "maplibre", basemap: "pmtiles" });
      await expect.poll(() => ranges.includes(206), { timeout: 20_000 }).toBe(true);
      expect(await page.locator("[data-map-search]").count()).toBe(0);
      expect(await page.locator("[data-map-attribution]").textContent()).toContain(fa("map.attribution.pmtiles"));
      await page.context().close();
    });
  });
});
