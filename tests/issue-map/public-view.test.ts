// The public view of a case (cases.publicCases / publicCase / publicCasePoints): status buckets,
// filters, keyset pages, sensitive categories on the 250 m grid, and the GraphQL doors.
import "../support/db";
process.env.CASE_SUBMIT_LIMIT_PER_HOUR = "0";
import { beforeAll, describe, expect, it } from "vitest";
import * as cases from "../../app/modules/cases";
import { prisma } from "../../app/platform/db/client.server";
import { ValidationError } from "../../app/platform/errors";
import { handleGraphQL } from "../../graphql/yoga.server";
import { ctx, uniqueEmail } from "../support/context";
import { staff } from "../support/people";

const VANAK = { latitude: 35.7575, longitude: 51.4097 }; // region 3
let n = 0;
const point = () => {
  const i = n++;
  return {
    latitude: VANAK.latitude + (60 * (Math.floor(i / 13) - 6)) / 111_320,
    longitude: VANAK.longitude + (60 * ((i % 13) - 6)) / 90_300,
  };
};

let pothole = 0;
let streets = 0;
let light = 0;
let admin: Awaited<ReturnType<typeof staff>>;

async function submit(categoryId = pothole) {
  const r = await cases.submitCase(ctx(), {
    categoryId,
    description: "Something public-view tests report.",
    ...point(),
    contactEmail: uniqueEmail("pv"),
    confirmNew: true,
  });
  if (r.kind !== "created") throw new Error("expected a case");
  return r;
}
const act = (caseId: string, action: string, extra: Record<string, unknown> = {}) =>
  cases.actOnCase(ctx(admin.viewer), { caseId, action, ...extra });
async function answered(categoryId = pothole) {
  const c = await submit(categoryId);
  await act(c.id, "answer", { answer: "The city filled the pothole on Monday." });
  return c;
}
async function closed(resolution?: "fixed" | "not_fixed") {
  const c = await answered();
  await cases.markFeedbackDelivered(c.id, "seen");
  await act(c.id, "close", resolution ? { resolution } : {});
  return c;
}

async function errorOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

beforeAll(async () => {
  admin = await staff("admin");
  pothole = (await prisma.caseCategory.findUniqueOrThrow({ where: { slug: "streets.pothole" } })).id;
  streets = (await prisma.caseCategory.findUniqueOrThrow({ where: { slug: "streets" } })).id;
  light = (await prisma.caseCategory.findFirstOrThrow({ where: { parentId: { not: streets }, NOT: { parentId: null } } })).id;
});

const refs = async (filter: object) => {
  const out: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await cases.publicCases(filter, { first: 7, after });
    out.push(...page.nodes.map((c) => c.reference));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor!;
  }
};

describe("public view", () => {
  it("puts each case in its status bucket; closed is fixed only when staff said so; duplicates never appear", async () => {
    const open = await submit();
    const ans = await answered();
    const fixed = await closed("fixed");
    const notFixed = await closed("not_fixed");
    const unsaid = await closed();
    const rejected = await submit();
    await act(rejected.id, "reject", { reason: "Not a real problem here." });
    const dup = await submit();
    await act(dup.id, "duplicate", { duplicateOf: open.reference });

    expect(await refs({})).toContain(open.reference);
    expect(await refs({})).not.toContain(ans.reference);
    expect(await refs({ status: "answered" })).toContain(ans.reference);
    const fixedRefs = await refs({ status: "closed_fixed" });
    expect(fixedRefs).toContain(fixed.reference);
    expect(fixedRefs).not.toContain(unsaid.reference);
    const notFixedRefs = await refs({ status: "closed_not_fixed" });
    for (const c of [notFixed, unsaid, rejected]) expect(notFixedRefs).toContain(c.reference);
    const all = await refs({ status: "all" });
    expect(all).not.toContain(dup.reference);
    expect(await cases.publicCase(dup.reference)).toBeNull();
    expect((await cases.publicCase(fixed.reference))?.status).toBe("closed_fixed");
    expect((await cases.publicCase(unsaid.reference))?.status).toBe("closed_not_fixed");
  });

  it("a case's card: public fields, the public answer and the dates of its history", async () => {
    const c = await submit();
    await cases.followCase(ctx(), { code: c.reference, contactEmail: uniqueEmail("follower") });
    await act(c.id, "answer", { answer: "The city filled the pothole on Monday." });
    const card = (await cases.publicCase(c.reference.toLowerCase()))!;
    // An address that has not confirmed its follow is not counted (nobody can inflate the count).
    expect(card).toMatchObject({ reference: c.reference, status: "answered", followers: 1, region: { id: 3 }, category: { id: pothole } });
    expect(card.answer).toBe("The city filled the pothole on Monday.");
    expect(card.answeredAt).toBeInstanceOf(Date);
    expect(Object.keys(card).sort()).toEqual(
      [
        "answer",
        "answeredAt",
        "approximate",
        "category",
        "closedAt",
        "followers",
        "lat",
        "lng",
        "photos",
        "reference",
        "referredAt",
        "region",
        "registeredAt",
        "status",
      ].sort(),
    );
    expect(await cases.publicCase("C-ZZZZZZ")).toBeNull();
    expect(await cases.publicCase("not a reference")).toBeNull();
  });

  it("filters: a parent category includes its children, region, period; pages add up to totalCount", async () => {
    const a = await submit(pothole);
    const b = await submit(light);
    const byParent = await refs({ categoryId: streets });
    expect(byParent).toContain(a.reference);
    expect(byParent).not.toContain(b.reference);
    expect(await refs({ categoryId: light })).toContain(b.reference);
    expect(await refs({ regionId: 12 })).not.toContain(a.reference);
    // Older than six months: out by default, in when the period says so.
    const old = await submit();
    await prisma.case.update({ where: { id: old.id }, data: { createdAt: new Date("2025-01-15T10:00:00Z") } });
    expect(await refs({})).not.toContain(old.reference);
    expect(await refs({ from: "2025-01-15", to: "2025-01-15" })).toEqual([old.reference]);
    expect(await refs({ from: "2025-01-16", to: "2025-02-01" })).toEqual([]);

    const all = await refs({ status: "all" });
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe((await cases.publicCases({ status: "all" })).totalCount);
    expect((await cases.publicCasePoints({ status: "all" })).length).toBe(all.length);
  });

  it("bad filters are translated field errors", async () => {
    for (const [filter, field] of [
      [{ status: "duplicate" }, "status"],
      [{ from: "2026-13-45" }, "from"],
      [{ from: "2026-02-30" }, "from"],
      [{ to: "2026-01-01\u0000" }, "to"],
      [{ from: "2026-02-01", to: "2026-01-01" }, "to"],
      [{ categoryId: 999999 }, "categoryId"],
      [{ regionId: "x" }, "regionId"],
    ] as const) {
      const e = await errorOf(cases.publicCases(filter));
      expect(e).toBeInstanceOf(ValidationError);
      expect(Object.keys((e as ValidationError).fieldErrors)).toContain(field);
    }
    expect(await errorOf(cases.publicCases({}, { after: "garbage" }))).toBeInstanceOf(ValidationError);
    // The one text rule: a NUL is "characters", not a crash.
    const nul = (await errorOf(cases.publicCases({ from: "2026-01-01\u0000" }))) as ValidationError;
    expect(nul.fieldErrors.from).toEqual(["validation.characters"]);
    // Persian digits are forgiven.
    expect((await cases.publicCases({ from: "۲۰۲۵-۰۱-۱۵", status: "all" })).totalCount).toBeGreaterThan(0);
  });

  it("sensitive categories: every public output shows the point on the 250 m grid", async () => {
    const c = await submit(light);
    const exact = await prisma.case.findUniqueOrThrow({ where: { id: c.id }, select: { lat: true, lng: true } });
    const before = (await cases.publicCase(c.reference))!;
    expect([before.lat, before.lng, before.approximate]).toEqual([exact.lat, exact.lng, false]);
    const cat = await prisma.caseCategory.findUniqueOrThrow({ where: { id: light } });
    await cases.updateCategory(ctx(admin.viewer), {
      ...cat,
      parentId: cat.parentId ?? undefined,
      departmentId: cat.departmentId ?? undefined,
      sensitive: true,
    });
    const onGrid = (lat: number, lng: number) => {
      const { latStep, lngStep } = cases.SENSITIVE_GRID;
      const fr = (v: number, s: number) => Math.abs(v / s - 0.5 - Math.round(v / s - 0.5));
      return fr(lat, latStep) < 1e-6 && fr(lng, lngStep) < 1e-6;
    };
    const card = (await cases.publicCase(c.reference))!;
    expect(card.approximate).toBe(true);
    expect(onGrid(card.lat, card.lng)).toBe(true);
    expect(Math.abs(card.lat - exact.lat!) * 111_320).toBeLessThanOrEqual(125);
    const listed = (await cases.publicCases({ categoryId: light }, { first: 100 })).nodes.find((x) => x.reference === c.reference)!;
    expect(onGrid(listed.lat, listed.lng)).toBe(true);
    const pt = (await cases.publicCasePoints({ categoryId: light })).find((x) => x.reference === c.reference)!;
    expect(onGrid(pt.lat, pt.lng)).toBe(true);
  });
});

describe("GraphQL", () => {
  const gql = async (query: string, variables?: object) =>
    (await (
      await handleGraphQL(
        new Request("http://api.test/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", "accept-language": "en" },
          body: JSON.stringify({ query, variables }),
        }),
      )
    ).json()) as { data?: any; errors?: unknown[] };

  it("publicCases is a Relay connection with totalCount; publicCase by reference; closeCase takes a resolution", async () => {
    const c = await answered();
    await cases.markFeedbackDelivered(c.id, "seen");
    // The argument exists (anonymous callers are refused by the staff fence, not by validation).
    const closedR = await gql(`mutation($id: ID!) { closeCase(caseId: $id, resolution: fixed) { __typename } }`, { id: c.id });
    expect(closedR.errors ?? []).not.toContainEqual(expect.objectContaining({ message: expect.stringContaining("resolution") }));
    await act(c.id, "close", { resolution: "fixed" });

    const q = `query($after: String) { publicCases(status: closed_fixed, first: 2, after: $after) { __typename
      ... on QueryPublicCasesSuccess { data { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { reference status category { id } region { id } followers latitude longitude approximate answer } } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const r: any = await gql(q, { after });
      expect(r.errors).toBeUndefined();
      const d = r.data.publicCases.data;
      total = d.totalCount;
      seen.push(...d.edges.map((e: any) => e.node.reference));
      if (!d.pageInfo.hasNextPage) break;
      after = d.pageInfo.endCursor;
    }
    expect(seen).toContain(c.reference);
    expect(seen.length).toBe(total);

    const one = await gql(`query($r: String!) { publicCase(reference: $r) { reference status answer } }`, { r: c.reference });
    expect(one.data.publicCase).toMatchObject({ reference: c.reference, status: "closed_fixed" });
    const bad = await gql(`{ publicCases(from: "nope") { __typename ... on ValidationError { fieldErrors { field messages } } } }`);
    expect(bad.data.publicCases.__typename).toBe("ValidationError");
  });
});
