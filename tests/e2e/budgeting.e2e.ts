// The participatory-budgeting journey in a real browser against the production build:
//   a citizen signs up, joins the participant club (region 3), gets phone- and resident-verified;
//   an admin creates a cycle and two budgets on the staff page; the member proposes projects; the
//   admin reviews them (accept / reject, through the UI) and opens voting; the member votes on an
//   approval and a knapsack budget (errors first, then valid ballots), changes a vote and checks
//   both receipts (counted / superseded) anonymously; the admin closes voting and computes results;
//   the results page shows the selected projects. Every page is axe-checked in fa and en.
import sharp from "sharp";
import { createHash } from "node:crypto";
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
const LOCALES: Locale[] = ["fa", "en"];

// A national ID with a valid check digit; the census holds only its SHA-256 (as the city exports it).
const NATIONAL_ID = "0084575948";
const SLUG = `e2e-${Date.now().toString(36)}`;
const BUDGET_A = { fa: "بودجه محله‌ای منطقه ۳", en: "Region 3 neighbourhoods" }; // approval, max 2, residents of region 3
const BUDGET_B = { fa: "بودجه شهری", en: "City-wide projects" }; // knapsack, phone-verified members
const A_PROJECTS = [
  { title: "نیمکت‌های پارک لاله", cost: "2000000000" },
  { title: "روشنایی کوچه‌های محله", cost: "3000000000" },
  { title: "زمین بازی کودکان", cost: "4000000000" },
];
const A_REJECTED = { title: "طرحی که رد می‌شود", cost: "1000000000" };
const B_PROJECTS = [
  { title: "مسیر دوچرخه شهری", cost: "3000000000" },
  { title: "کتابخانه سیار شهر", cost: "2500000000" },
];
// Budget C (cumulative, 10 points, any club member) is inserted in the database with two accepted projects.
const C_PROJECTS = [
  { title: "فضای سبز میدان", cost: "5000000000" },
  { title: "پیاده‌راه بازار", cost: "2000000000" },
];
// A tiny Pabulib instance: greedy selects project 1 (60 of 100); project 2 (50) no longer fits.
const PB_FILE = [
  "META",
  "key;value",
  "description;tiny e2e instance",
  "country;Poland",
  "unit;Testville",
  "instance;2024",
  "num_projects;2",
  "num_votes;2",
  "budget;100",
  "vote_type;approval",
  "rule;greedy",
  "PROJECTS",
  "project_id;cost;name",
  "1;60;Alpha",
  "2;50;Beta",
  "VOTES",
  "voter_id;vote",
  "1;1",
  "2;1,2",
  "",
].join("\n");

let member: Page;
let admin: Page;
let cycleId = "";
let budgetA = "";
let budgetB = "";
let budgetC = "";
let cProjects: string[] = [];
let memberNumber = 0;

/** Opens `path` in each language (lang cookie) and runs axe; leaves the page in Persian. */
async function axeBothLocales(page: Page, path: string, label: string, before?: (page: Page, locale: Locale) => Promise<void>) {
  for (const locale of LOCALES) {
    await setLocaleCookie(page, locale);
    const response = await page.goto(path);
    expect(response?.status(), `status of ${path}`).toBe(200);
    expect(await htmlLangDir(page)).toEqual({ lang: locale, dir: locale === "fa" ? "rtl" : "ltr" });
    expect(await page.locator("h1").count(), `one h1 on ${path}`).toBe(1);
    await before?.(page, locale);
    await checkA11y(page, `${label} (${locale})`);
  }
  await setLocaleCookie(page, "fa");
}

/** Submits the main-content form that carries `intent` (optionally the one for `scope`). */
function formOf(page: Page, intent: string, scope = "") {
  return page.locator(`main form:has(input[name="intent"][value="${intent}"])${scope}`);
}

async function propose(title: string, budgetId: string, cost: string, photo?: Buffer) {
  await member.goto(`/budgeting/${SLUG}/propose/${budgetId}`);
  if (photo) await member.setInputFiles("#p-photos", { name: "IMG_2041.JPG", mimeType: "image/jpeg", buffer: photo });
  await member.fill("#p-title", title);
  await member.fill("#p-description", `${title}: شرح کامل طرح برای آزمون سرتاسری بودجه‌ریزی مشارکتی.`);
  await member.fill("#p-estimatedCostRials", cost);
  await member.locator("main form button[type=submit]").click();
  expect(await textOf(member, 'main [role="status"]')).toBe(fa("budgeting.proposal.submitted"));
}

async function castAndReadReceipt(page: Page) {
  await page.locator("main form button[type=submit]").click();
  const code = page.locator('[data-testid="receipt-code"]');
  await code.waitFor();
  return ((await code.textContent()) ?? "").trim();
}

describe("participatory budgeting (browser, production build)", () => {
  beforeAll(async () => {
    member = await newPage("fa");
    admin = await newPage("fa");
    await verifiedUserViaUi(member, "عضو آزمون بودجه");
    await verifiedUserViaUi(admin, "مدیر آزمون بودجه", async (user) => {
      // Production has no demo accounts: the admin role is granted in the database.
      const { rows } = await db<{ id: string }>("SELECT id FROM users WHERE email = lower($1)", [user.email]);
      await db("INSERT INTO role_assignments (user_id, role) VALUES ($1, 'admin')", [rows[0].id]);
    });
  });

  afterAll(async () => {
    await closeBrowser();
    await closeDb();
  });

  it("a citizen joins the club (region 3) and verifies phone and residency", async () => {
    await axeBothLocales(member, "/club", "/club, not a member");
    await member.goto("/club");
    // Terms not accepted: a translated field error, nothing created.
    await member.selectOption("#club-homeRegionId", "3");
    await formOf(member, "join").locator("button[type=submit]").click();
    expect(await textOf(member, '[data-field-error="acceptTerms"]')).toBe(fa("club.error.terms"));
    await member.locator('input[name="interests"]').nth(0).check();
    await member.locator('input[name="interests"]').nth(1).check();
    await member.check('input[name="acceptTerms"]');
    await formOf(member, "join").locator("button[type=submit]").click();
    expect(await textOf(member, 'main [role="status"]')).toBe(fa("club.join.done"));
    expect(await textOf(member, '[data-testid="member-number"]')).toMatch(/^۱۳۷-[۰-۹]{6}$/);
    const { rows } = await db<{ user_id: string; home_region_id: number; interests: number[] }>(
      "SELECT m.user_id, m.home_region_id, m.interests FROM club_members m JOIN users u ON u.id = m.user_id WHERE u.display_name = $1",
      ["عضو آزمون بودجه"],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].home_region_id).toBe(3);
    expect(rows[0].interests).toHaveLength(2); // both checked interests, not only the last one
    memberNumber = (await db<{ n: number }>("SELECT member_number AS n FROM club_members WHERE user_id = $1", [rows[0].user_id])).rows[0].n;

    // Phone: production has no SMS provider (the sender throws), so the test marks the phone as
    // verified in the database. Requesting and confirming SMS codes (requestPhoneCode /
    // confirmPhoneCode) is covered by the identity module's tests on a real database instead.
    await db("UPDATE users SET phone = '09121234567', phone_verified_at = now() WHERE id = $1", [rows[0].user_id]);
    // Residency: the census import holds the hash of the national ID; the member claims it in the UI.
    await db("INSERT INTO census_entries (national_id_hash, region_id) VALUES ($1, 3) ON CONFLICT DO NOTHING", [
      createHash("sha256").update(NATIONAL_ID).digest("hex"),
    ]);
    await member.goto("/club");
    await member.fill("#club-nationalId", "0084575949"); // wrong check digit
    await formOf(member, "residency").locator("button[type=submit]").click();
    expect(await textOf(member, '[data-field-error="nationalId"]')).toBe(fa("club.error.nationalId"));
    await member.fill("#club-nationalId", "۰۰۸۴۵۷۵۹۴۸"); // Persian digits are accepted
    await formOf(member, "residency").locator("button[type=submit]").click();
    await member
      .locator('main [role="status"]', { hasText: fa("club.verify.residentDone") })
      .first()
      .waitFor();
    await expect.poll(() => textOf(member, '[data-testid="member-level"]')).toBe(fa("club.level.resident"));
    expect(await member.locator("#club-nationalId").count()).toBe(0); // nothing left to claim

    await axeBothLocales(member, "/club", "/club, resident member");
  });

  it("an admin creates a cycle and two budgets on the staff page", async () => {
    await admin.goto("/staff/budgeting");
    await admin.fill("#cy-slug", SLUG);
    await admin.fill("#cy-titleFa", "بودجه‌ریزی مشارکتی آزمون");
    await admin.fill("#cy-titleEn", "Test participatory budget");
    // The schedule fields come prefilled (proposals open now); the official rule stays mes_add1.
    await formOf(admin, "createCycle").locator("button[type=submit]").click();
    expect(await textOf(admin, 'main [role="status"]')).toBe(fa("budgeting.staff.cycleCreated"));
    cycleId = (await db<{ id: string }>("SELECT id FROM budget_cycles WHERE slug = $1", [SLUG])).rows[0].id;

    const createBudget = async (names: { fa: string; en: string }, fields: Record<string, string>) => {
      await admin.selectOption("#bu-cycleId", cycleId);
      await admin.fill("#bu-nameFa", names.fa);
      await admin.fill("#bu-nameEn", names.en);
      await admin.selectOption("#bu-regionId", fields.regionId);
      await admin.fill("#bu-amountRials", fields.amountRials);
      await admin.selectOption("#bu-ballotType", fields.ballotType);
      await admin.fill("#bu-maxChoices", fields.maxChoices);
      await admin.selectOption("#bu-minVerification", fields.minVerification);
      await formOf(admin, "createBudget").locator("button[type=submit]").click();
      await admin.locator("main h4", { hasText: names.fa }).waitFor();
    };
    await createBudget(BUDGET_A, {
      regionId: "3",
      amountRials: "10000000000",
      ballotType: "approval",
      maxChoices: "2",
      minVerification: "resident",
    });
    await createBudget(BUDGET_B, {
      regionId: "",
      amountRials: "5000000000",
      ballotType: "knapsack",
      maxChoices: "",
      minVerification: "phone",
    });
    const budgets = await db<{ id: string; name_fa: string; region_id: number | null; max_choices: number | null }>(
      "SELECT id, name_fa, region_id, max_choices FROM budgets WHERE cycle_id = $1",
      [cycleId],
    );
    budgetA = budgets.rows.find((b) => b.name_fa === BUDGET_A.fa)!.id;
    budgetB = budgets.rows.find((b) => b.name_fa === BUDGET_B.fa)!.id;
    expect(budgets.rows.find((b) => b.id === budgetA)).toMatchObject({ region_id: 3, max_choices: 2 });
    expect(budgets.rows.find((b) => b.id === budgetB)).toMatchObject({ region_id: null, max_choices: null });

    // Census import (the desk's imports page): hashed national IDs only.
    await admin.goto("/staff/budgeting/import");
    await admin.fill("#census-csv", `national_id_hash,region\n${createHash("sha256").update("0013542419").digest("hex")},5\n`);
    await formOf(admin, "census").locator("button[type=submit]").click();
    await admin.locator('main [role="status"]', { hasText: fa("club.staff.censusDone", { rows: 1, added: 1 }) }).waitFor();

    // Pabulib import: an unreadable file is a translated field error; a good one becomes a study cycle.
    const pbSlug = `${SLUG}-pb`;
    await admin.fill("#pb-slug", pbSlug);
    await admin.fill("#pb-text", "not a pabulib file");
    await formOf(admin, "importPb").locator("button[type=submit]").click();
    expect(await textOf(admin, '[data-field-error="text"]')).toContain(fa("budgeting.error.pabulib", { detail: "" }).trim());
    await admin.fill("#pb-text", PB_FILE);
    await formOf(admin, "importPb").locator("button[type=submit]").click();
    await admin.locator('main [role="status"]', { hasText: fa("budgeting.staff.imported") }).waitFor();
    const study = await db<{ title: string; selected: boolean }>(
      "SELECT p.title, p.selected FROM proposals p JOIN budgets b ON b.id = p.budget_id JOIN budget_cycles c ON c.id = b.cycle_id WHERE c.slug = $1 AND c.is_study ORDER BY p.code",
      [pbSlug],
    );
    expect(study.rows).toEqual([
      { title: "Alpha", selected: true },
      { title: "Beta", selected: false },
    ]);

    await axeBothLocales(admin, "/staff/budgeting", "/staff/budgeting");
    await axeBothLocales(admin, "/staff/budgeting/import", "/staff/budgeting/import");
  });

  it("the member proposes projects; the admin accepts and rejects them through the UI and opens voting", async () => {
    await axeBothLocales(member, "/budgeting", "/budgeting");
    await axeBothLocales(member, `/budgeting/${SLUG}`, "cycle page, proposals phase");
    // The first proposal carries a phone photo with GPS data in its EXIF.
    const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: "#2e7d32" } })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "35/1 44/1 36/1" } })
      .toBuffer();
    await propose(A_PROJECTS[0].title, budgetA, A_PROJECTS[0].cost, photo);
    for (const p of [...A_PROJECTS.slice(1), A_REJECTED]) await propose(p.title, budgetA, p.cost);
    for (const p of B_PROJECTS) await propose(p.title, budgetB, p.cost);

    await admin.goto("/staff/budgeting/review");
    const items = admin.locator('[data-testid="review-item"]');
    expect(await items.count()).toBe(6);
    // Rejecting needs a public reason: first the translated error, then the rejection.
    const rejected = items.filter({ hasText: A_REJECTED.title });
    await rejected.locator('button[value="reject"]').click();
    expect(await textOf(admin, '[data-field-error="reason"]')).toBe(fa("budgeting.error.reasonRequired"));
    await rejected.locator("textarea").fill("خارج از توان اجرایی منطقه است.");
    await rejected.locator('button[value="reject"]').click();
    await admin.locator('main [role="status"]', { hasText: fa("budgeting.staff.rejected") }).waitFor();
    // Accept the rest at their estimated cost (the official-cost field is prefilled).
    for (let left = 5; left > 0; left--) {
      await expect.poll(() => items.count()).toBe(left);
      await items.first().locator('button[value="accept"]').click();
      await expect.poll(() => items.count()).toBe(left - 1);
    }
    const statuses = await db<{ title: string; status: string; official: string | null }>(
      "SELECT p.title, p.status::text AS status, p.official_cost_rials::text AS official FROM proposals p JOIN budgets b ON b.id = p.budget_id WHERE b.cycle_id = $1",
      [cycleId],
    );
    for (const p of [...A_PROJECTS, ...B_PROJECTS])
      expect(statuses.rows.find((r) => r.title === p.title)).toMatchObject({ status: "accepted", official: p.cost });
    expect(statuses.rows.find((r) => r.title === A_REJECTED.title)?.status).toBe("rejected");

    // Accepted, the photo is public: a visitor who is not signed in sees it on the cycle page.
    const visitor = await newPage("en");
    await visitor.goto(`/budgeting/${SLUG}`);
    const img = visitor.locator(`main img[alt*="${A_PROJECTS[0].title}"]`);
    await img.waitFor();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(120);

    // A cumulative budget with two accepted projects, straight into the database.
    budgetC = (
      await db<{ id: string }>(
        "INSERT INTO budgets (cycle_id, name_fa, name_en, amount_rials, ballot_type, points, min_verification, residents_only) VALUES ($1, 'بودجه امتیازی', 'Points budget', 8000000000, 'cumulative', 10, 'email', false) RETURNING id",
        [cycleId],
      )
    ).rows[0].id;
    cProjects = [];
    for (const [i, p] of C_PROJECTS.entries()) {
      const { rows } = await db<{ id: string }>(
        "INSERT INTO proposals (budget_id, code, title, description, estimated_cost_rials, official_cost_rials, status) VALUES ($1, $2, $3, '', $4, $4, 'accepted') RETURNING id",
        [budgetC, String(i + 1), p.title, p.cost],
      );
      cProjects.push(rows[0].id);
    }

    await axeBothLocales(admin, "/staff/budgeting/review", "/staff/budgeting/review");
    await admin.goto("/staff/budgeting");
    await formOf(admin, "setPhase", `:has(input[name="cycleId"][value="${cycleId}"])`).locator('button[value="voting"]').click();
    await admin.locator(`article:has(a[href="/budgeting/${SLUG}"]) [data-phase="voting"]`).waitFor();
  });

  it("the member votes: errors are shown and translated, valid ballots give receipts, a vote can be changed", async () => {
    await axeBothLocales(member, `/budgeting/${SLUG}`, "cycle page, voting phase");
    await axeBothLocales(member, `/budgeting/${SLUG}/vote/${budgetA}`, "vote page (approval)");

    // Approval, at most 2: three choices are refused with the module's reason.
    await member.goto(`/budgeting/${SLUG}/vote/${budgetA}`);
    expect(await member.locator('input[name="choice"]').count()).toBe(3); // the rejected proposal is not on the ballot
    // Persian readers see tomans (rials / 10) with Persian digits.
    await member.locator("main li", { hasText: A_PROJECTS[0].title }).getByText("۲۰۰٬۰۰۰٬۰۰۰ تومان").waitFor();
    for (const p of A_PROJECTS) await member.getByLabel(p.title, { exact: true }).check();
    await member.locator("main form button[type=submit]").click();
    expect(await textOf(member, 'main [role="alert"]')).toBe(fa("budgeting.ballot.tooMany", { max: 2 }));
    await checkA11y(member, "vote page with errors (fa)");
    await member.getByLabel(A_PROJECTS[1].title, { exact: true }).uncheck();
    const firstCode = await castAndReadReceipt(member);
    expect(firstCode).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    expect(await textOf(member, '[data-testid="receipt-fingerprint"]')).toContain(fa("budgeting.receipt.keep", { fingerprint: "" }).trim());
    await checkA11y(member, "vote page with a receipt (fa)");

    // Change the vote: the form is prefilled with the current ballot.
    await member.goto(`/budgeting/${SLUG}/vote/${budgetA}`);
    expect(await member.getByLabel(A_PROJECTS[0].title, { exact: true }).isChecked()).toBe(true);
    expect(await member.getByLabel(A_PROJECTS[1].title, { exact: true }).isChecked()).toBe(false);
    expect(await member.getByLabel(A_PROJECTS[2].title, { exact: true }).isChecked()).toBe(true);
    await member.getByLabel(A_PROJECTS[0].title, { exact: true }).uncheck();
    await member.getByLabel(A_PROJECTS[1].title, { exact: true }).check();
    const secondCode = await castAndReadReceipt(member);
    expect(secondCode).not.toBe(firstCode);
    expect(await textOf(member, "main [role=status] h2")).toBe(fa("budgeting.vote.changed"));
    const ballots = await db<{ n: number }>("SELECT count(*)::int AS n FROM ballots WHERE budget_id = $1", [budgetA]);
    expect(ballots.rows[0].n).toBe(1); // changed in place, never a second ballot

    // Knapsack: the chosen projects must fit the budget (3 + 2.5 billion > 5 billion rials).
    await member.goto(`/budgeting/${SLUG}/vote/${budgetB}`);
    for (const p of B_PROJECTS) await member.getByLabel(p.title, { exact: true }).check();
    await member.locator("main form button[type=submit]").click();
    expect(await textOf(member, 'main [role="alert"]')).toBe(fa("budgeting.ballot.overBudget"));
    await setLocaleCookie(member, "en");
    await member.reload();
    for (const p of B_PROJECTS) await member.getByLabel(p.title, { exact: true }).check();
    await member.locator("main form button[type=submit]").click();
    expect(await textOf(member, 'main [role="alert"]')).toBe(translate("en", "budgeting.ballot.overBudget"));
    await checkA11y(member, "vote page with errors (en)");
    await setLocaleCookie(member, "fa");
    await member.goto(`/budgeting/${SLUG}/vote/${budgetB}`);
    await member.getByLabel(B_PROJECTS[1].title, { exact: true }).check();
    const knapsackCode = await castAndReadReceipt(member);
    expect(knapsackCode).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);

    // Cumulative ballot, cast with JavaScript disabled (a plain form POST): points per project.
    const noJs = await (
      await browser()
    ).newContext({ baseURL: baseUrl(), javaScriptEnabled: false, locale: "fa-IR", viewport: { width: 1280, height: 900 } });
    await noJs.addCookies(await member.context().cookies());
    const plain = await noJs.newPage();
    await plain.goto(`/budgeting/${SLUG}/vote/${budgetC}`);
    await plain.fill(`#choice-${cProjects[0]}`, "7");
    await plain.fill(`#choice-${cProjects[1]}`, "۵"); // Persian digits are read too
    await plain.locator("main form button[type=submit]").click();
    expect(await textOf(plain, 'main [role="alert"]')).toBe(fa("budgeting.ballot.tooManyPoints", { max: 10 }));
    await plain.fill(`#choice-${cProjects[0]}`, "6");
    await plain.fill(`#choice-${cProjects[1]}`, "4");
    await plain.locator("main form button[type=submit]").click();
    expect(await textOf(plain, '[data-testid="receipt-code"]')).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    const points = await db<{ proposal_id: string; points: number }>(
      "SELECT c.proposal_id, c.points FROM ballot_choices c JOIN ballots b ON b.id = c.ballot_id WHERE b.budget_id = $1",
      [budgetC],
    );
    expect(Object.fromEntries(points.rows.map((r) => [r.proposal_id, r.points]))).toEqual({ [cProjects[0]]: 6, [cProjects[1]]: 4 });
    await noJs.close();

    // Staff enter a paper ballot for a member (Persian member number): refused, this member voted online.
    await admin.goto("/staff/budgeting/paper");
    await admin.locator(`details:has(input[name="budgetId"][value="${budgetA}"]) summary`).click();
    const paper = formOf(admin, "paper", `:has(input[name="budgetId"][value="${budgetA}"])`);
    await paper.locator('input[name="memberNumber"]').fill(
      `۱۳۷-${String(memberNumber)
        .padStart(6, "0")
        .replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)])}`,
    );
    await paper.locator('input[name="pollingPoint"]').fill("مدرسه شهید بهشتی");
    await paper.getByLabel(A_PROJECTS[0].title, { exact: true }).check();
    await paper.locator("button[type=submit]").click();
    expect(await textOf(admin, 'main [role="alert"]')).toBe(fa("budgeting.error.alreadyVoted"));
    const channels = await db<{ channel: string }>("SELECT channel::text AS channel FROM ballots WHERE budget_id = $1", [budgetA]);
    expect(channels.rows).toEqual([{ channel: "online" }]);

    // A paper ballot entered in another member's name: on their vote page they see where and when,
    // say "this wasn't me", and their own online ballot replaces it (the paper one is voided, not counted).
    const victim = await newPage("fa");
    const victimUser = await verifiedUserViaUi(victim, "عضو معترض");
    const victimNumber = (
      await db<{ member_number: number }>(
        "INSERT INTO club_members (user_id, home_region_id, terms_version, terms_accepted_at, resident_verified_at) SELECT id, 3, '1404-1', now(), now() FROM users WHERE email = lower($1) RETURNING member_number",
        [victimUser.email],
      )
    ).rows[0].member_number;
    await admin.goto("/staff/budgeting/paper");
    await admin.locator(`details:has(input[name="budgetId"][value="${budgetA}"]) summary`).click();
    const paperForVictim = formOf(admin, "paper", `:has(input[name="budgetId"][value="${budgetA}"])`);
    await paperForVictim.locator('input[name="memberNumber"]').fill(String(victimNumber));
    await paperForVictim.locator('input[name="pollingPoint"]').fill("مسجد محله");
    await paperForVictim.getByLabel(A_PROJECTS[0].title, { exact: true }).check();
    await paperForVictim.locator("button[type=submit]").click();
    await admin.locator('main [role="status"]', { hasText: fa("budgeting.staff.paperEntered") }).waitFor();
    await victim.goto(`/budgeting/${SLUG}/vote/${budgetA}`);
    expect(await textOf(victim, '[data-testid="paper-ballot"] h2')).toBe(fa("budgeting.error.votedOnPaper"));
    expect(await textOf(victim, '[data-testid="paper-ballot"]')).toContain("مسجد محله");
    await checkA11y(victim, "vote page, a paper ballot in the member's name (fa)");
    await victim.fill("#contest-note", "آن روز در تهران نبودم.");
    await victim.locator('[data-testid="paper-ballot"] button[type=submit]').click();
    expect(await textOf(victim, '[data-testid="paper-contested"]')).toBe(fa("budgeting.paper.contested"));
    expect(await victim.getByLabel(A_PROJECTS[0].title, { exact: true }).isChecked()).toBe(false); // someone else's choices are not prefilled
    await victim.getByLabel(A_PROJECTS[1].title, { exact: true }).check();
    await victim.getByLabel(A_PROJECTS[2].title, { exact: true }).check();
    expect(await castAndReadReceipt(victim)).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    const victimBallots = await db<{ channel: string; voided: boolean; contested: boolean }>(
      "SELECT b.channel::text AS channel, b.voided_at IS NOT NULL AS voided, b.contested_at IS NOT NULL AS contested FROM ballots b JOIN club_members m ON m.id = b.member_id WHERE b.budget_id = $1 AND m.member_number = $2 ORDER BY b.cast_at",
      [budgetA, victimNumber],
    );
    expect(victimBallots.rows).toEqual([
      { channel: "paper", voided: true, contested: true },
      { channel: "online", voided: false, contested: false },
    ]);

    // Someone who is not a club member sees why they cannot vote, before trying.
    await admin.goto(`/budgeting/${SLUG}/vote/${budgetA}`);
    expect(await textOf(admin, '[data-testid="ineligible"] p')).toBe(fa("club.error.notMember"));
    expect(await admin.locator('input[name="choice"]').count()).toBe(0);

    // Receipts are checked anonymously: the latest counts, the replaced one is superseded.
    const visitor = await newPage("fa");
    const check = async (code: string) => {
      await visitor.goto("/budgeting/receipt");
      await visitor.fill("#receipt-code", code);
      await visitor.locator("main form button[type=submit]").click();
      const status = visitor.locator('[data-testid="receipt-status"]');
      await status.waitFor();
      return status.getAttribute("data-status");
    };
    expect(await check(secondCode)).toBe("counted");
    expect(await check(knapsackCode.replace("-", "").toLowerCase())).toBe("counted"); // hyphen and case are optional
    await checkA11y(visitor, "receipt page, counted (fa)");
    expect(await check(firstCode)).toBe("superseded");
    expect(await textOf(visitor, '[data-testid="receipt-status"]')).toContain(fa("budgeting.receipt.superseded"));
    expect(await check("AAAAA-AAAAA")).toBe("unknown");
    await axeBothLocales(visitor, "/budgeting/receipt", "receipt page");
    await setLocaleCookie(visitor, "en");
    expect(await check(secondCode)).toBe("counted");
    await checkA11y(visitor, "receipt page, counted (en)");
  });

  it("the admin closes voting and computes results; the results page shows the selected projects", async () => {
    await admin.goto("/staff/budgeting");
    await formOf(admin, "setPhase", `:has(input[name="cycleId"][value="${cycleId}"])`).locator('button[value="results"]').click();
    await admin.locator(`article:has(a[href="/budgeting/${SLUG}"]) [data-phase="results"]`).waitFor();

    // Before computing, the results page says so.
    await member.goto(`/budgeting/${SLUG}/results/${budgetA}`);
    expect(await textOf(member, 'main [role="status"]')).toBe(fa("budgeting.results.notYet"));

    await admin.goto("/staff/budgeting/results");
    for (const [budgetId, count] of [
      [budgetA, 2],
      [budgetB, 1],
      [budgetC, 2],
    ] as const) {
      await formOf(admin, "compute", `:has(input[name="budgetId"][value="${budgetId}"])`).locator("button[type=submit]").click();
      await admin.locator('main [role="status"]', { hasText: fa("budgeting.staff.computed", { count }) }).waitFor();
    }
    // Staff record the implementation of a selected project: status and a public milestone.
    const item = admin.locator('[data-testid="implementation-item"]', { hasText: B_PROJECTS[1].title });
    await item.locator("xpath=ancestor::details").evaluate((el: HTMLDetailsElement) => (el.open = true));
    await item.locator('select[name="status"]').selectOption("in_progress");
    await item.locator('form:has(input[value="implementation"]) button[type=submit]').click();
    await admin.locator('main [role="status"]', { hasText: fa("budgeting.staff.implementationSaved") }).waitFor();
    const item2 = admin.locator('[data-testid="implementation-item"]', { hasText: B_PROJECTS[1].title });
    await item2.locator("xpath=ancestor::details").evaluate((el: HTMLDetailsElement) => (el.open = true));
    await item2.locator('input[name="title"]').fill("قرارداد پیمانکار امضا شد");
    await item2.locator('input[name="reachedAt"]').fill(new Date().toISOString().slice(0, 10));
    await item2.locator('form:has(input[value="milestone"]) button[type=submit]').click();
    await admin.locator('main [role="status"]', { hasText: fa("budgeting.staff.milestoneAdded") }).waitFor();
    await member.goto(`/budgeting/${SLUG}/results/${budgetB}`);
    const implementation = await textOf(member, "section[aria-labelledby=implementation]");
    expect(implementation).toContain("قرارداد پیمانکار امضا شد");
    expect(implementation).toContain(fa("budgeting.implementation.in_progress"));
    await axeBothLocales(admin, "/staff/budgeting/results", "staff results page", async (page) => {
      await page.locator("details").evaluateAll((els) => els.forEach((el) => ((el as HTMLDetailsElement).open = true)));
    });

    // The export is a Pabulib file with the anonymised ballots.
    const exported = await admin.request.get(`/staff/budgeting/export/${budgetA}`);
    expect(exported.status()).toBe(200);
    expect(exported.headers()["content-type"]).toContain("text/plain");
    const pb = await exported.text();
    expect(pb).toContain("META");
    expect(pb).toContain("vote_type;approval");

    await axeBothLocales(member, `/budgeting/${SLUG}/results/${budgetA}`, "results page", async (page) => {
      await page.locator('[data-testid="results-table"]').waitFor();
    });
    await member.goto(`/budgeting/${SLUG}/results/${budgetA}`);
    const selected = await member.locator('[data-testid="results-table"] tbody tr[data-selected="true"] th').allTextContents();
    expect(selected.map((s) => s.trim()).sort()).toEqual([A_PROJECTS[1].title, A_PROJECTS[2].title].sort());
    expect(await textOf(member, '[data-testid="explanation"]')).toBe(fa("budgeting.explain.mes"));
    await member.goto(`/budgeting/${SLUG}/results/${budgetB}`);
    const selectedB = await member.locator('[data-testid="results-table"] tbody tr[data-selected="true"] th').allTextContents();
    expect(selectedB.map((s) => s.trim())).toEqual([B_PROJECTS[1].title]);
    const flags = await db<{ title: string; selected: boolean }>(
      "SELECT title, selected FROM proposals WHERE budget_id = $1 AND status = 'accepted'",
      [budgetB],
    );
    expect(Object.fromEntries(flags.rows.map((r) => [r.title, r.selected]))).toEqual({
      [B_PROJECTS[0].title]: false,
      [B_PROJECTS[1].title]: true,
    });
    await member.goto(`/budgeting/${SLUG}/results/${budgetC}`);
    expect(await member.locator('[data-testid="results-table"] thead th').allTextContents()).toContain(fa("budgeting.vote.points"));
    expect(await member.locator('[data-testid="results-table"] tbody tr[data-selected="true"]').count()).toBe(2);
    await axeBothLocales(member, `/budgeting/${SLUG}`, "cycle page, results phase");

    // Addresses that do not exist are 404 pages (not errors); the export is for staff only.
    expect((await member.goto("/budgeting/no-such-cycle"))?.status()).toBe(404);
    expect((await member.goto(`/budgeting/${SLUG}/vote/not-a-uuid`))?.status()).toBe(404);
    expect((await member.goto(`/budgeting/${SLUG}/results/${cycleId}`))?.status()).toBe(404); // a cycle id is not a budget id
    expect((await member.request.get(`/staff/budgeting/export/${budgetA}`)).status()).toBe(403);
  });
});
