// The public transparency page's figures (cases' publicRegionPerformance, the /transparency loader,
// GraphQL publicRegionPerformance) on a known set of cases in a period of their own (March 2021),
// with a year earlier (March 2020) to compare: no sign-in needed, no personal data out.
import "../support/db";
import { beforeAll, describe, expect, it } from "vitest";
import * as cases from "../../app/modules/cases";
import { prisma } from "../../app/platform/db/client.server";
import { handleGraphQL } from "../../graphql/yoga.server";
import { loader } from "../../app/routes/transparency";
import { ctx, uniqueEmail } from "../support/context";

const BAZAAR = { latitude: 35.6725, longitude: 51.4218 }; // region 12
const FROM = "2021-03-01";
const TO = "2021-04-01";
const at = (iso: string) => new Date(`${iso}Z`);
let n = 0;

async function seeded(fields: {
  createdAt: string;
  dueAt: string;
  answeredAt?: string;
  feedbackDeliveredAt?: string;
  rating?: number;
  overdueAt?: string;
}) {
  const cats = await cases.listCategories();
  const pothole = cats.find((c) => c.slug === "streets.pothole")!;
  const i = n++;
  const result = await cases.submitCase(ctx(), {
    categoryId: pothole.id,
    description: "A pothole for the transparency figures.",
    latitude: BAZAAR.latitude + (i * 80) / 111_320,
    longitude: BAZAAR.longitude,
    contactEmail: uniqueEmail("transparency"),
    confirmNew: true,
  });
  if (result.kind !== "created") throw new Error("expected a new case");
  await prisma.case.update({
    where: { id: result.id },
    data: {
      createdAt: at(fields.createdAt),
      dueAt: at(fields.dueAt),
      answeredAt: fields.answeredAt ? at(fields.answeredAt) : null,
      feedbackDeliveredAt: fields.feedbackDeliveredAt ? at(fields.feedbackDeliveredAt) : null,
      rating: fields.rating ?? null,
      overdueAt: fields.overdueAt ? at(fields.overdueAt) : null,
    },
  });
  return result;
}

beforeAll(async () => {
  // March 2021, region 12: three received, two answered (24 h within the deadline, 72 h late), one
  // answer delivered, ratings 4 and 2, one still open past its due date.
  await seeded({
    createdAt: "2021-03-02T00:00:00",
    dueAt: "2021-03-04T00:00:00",
    answeredAt: "2021-03-03T00:00:00",
    feedbackDeliveredAt: "2021-03-03T01:00:00",
    rating: 4,
  });
  await seeded({ createdAt: "2021-03-05T00:00:00", dueAt: "2021-03-06T00:00:00", answeredAt: "2021-03-08T00:00:00", rating: 2 });
  await seeded({ createdAt: "2021-03-10T00:00:00", dueAt: "2021-03-11T00:00:00", overdueAt: "2021-03-11T00:01:00" });
  // March 2020: two received.
  await seeded({ createdAt: "2020-03-15T00:00:00", dueAt: "2020-03-16T00:00:00" });
  await seeded({ createdAt: "2020-03-20T00:00:00", dueAt: "2020-03-21T00:00:00" });
});

const EXPECTED_12 = {
  regionId: 12,
  received: 3,
  answered: 2,
  answeredWithinSla: 1,
  answeredWithinSlaPct: 50,
  avgHandlingHours: 48,
  feedbackDeliveredPct: 50,
  avgSatisfaction: 3,
  receivedChangePct: 50,
};

describe("publicRegionPerformance", () => {
  it("gives anyone, signed in or not, the figures per region for the period and a year earlier", async () => {
    const report = await cases.publicRegionPerformance(ctx(), { from: FROM, to: TO });
    expect(report.regions).toHaveLength(22);
    const r12 = report.regions.find((r) => r.regionId === 12)!;
    expect(r12).toMatchObject(EXPECTED_12);
    expect(r12.previous?.received).toBe(2);
    const r3 = report.regions.find((r) => r.regionId === 3)!;
    expect(r3).toMatchObject({ received: 0, answered: 0, answeredWithinSlaPct: null, avgSatisfaction: null, receivedChangePct: null });
    // The staff function still refuses the anonymous.
    await expect(cases.regionPerformance(ctx(), { from: FROM, to: TO })).rejects.toMatchObject({ status: 401 });
  });

  it("refuses a bad period with a field error (4xx), never a 500", async () => {
    await expect(cases.publicRegionPerformance(ctx(), { from: TO, to: FROM })).rejects.toMatchObject({ status: 400 });
    await expect(cases.publicRegionPerformance(ctx(), { from: "yesterday" })).rejects.toMatchObject({ status: 400 });
  });
});

describe("/transparency", () => {
  const load = (query: string) =>
    loader({
      request: new Request(`http://test.local/transparency${query}`),
      params: {},
      context: { ip: null, appendHeader: () => undefined },
    } as never);

  it("loads the table for the anonymous, without the staff-only columns", async () => {
    const page = (await load(`?from=${FROM}&to=${TO}`)) as Awaited<ReturnType<typeof loader>>;
    expect(page.from).toBe(FROM);
    expect(page.to).toBe(TO);
    const row = page.rows.find((r) => r.region.id === 12)!;
    expect(row.region).toEqual({ id: 12, nameFa: expect.any(String), nameEn: expect.any(String) });
    expect(row.figures).toMatchObject(EXPECTED_12);
    expect(row.figures).not.toHaveProperty("previous");
    expect(row.figures.neglects).toBe(0);
    // Quick links to Solar Hijri periods (this and last month and year), named in the page's language.
    expect(page.periods.map((p) => p.id)).toEqual(["thisMonth", "lastMonth", "thisYear", "lastYear"]);
    for (const p of page.periods) expect(p.from < p.to, p.id).toBe(true);
    expect(page.periods[0].label).toMatch(/[۰-۹]{4}/); // no lang cookie, no Accept-Language: Persian
  });

  it("loads a Solar Hijri period from its link: Esfand 1399 – Farvardin 1400 holds the March 2021 cases", async () => {
    // 1 Esfand 1399 = 19 February 2021; 1 Ordibehesht 1400 = 21 April 2021.
    const page = (await load("?from=2021-02-19&to=2021-04-21")) as Awaited<ReturnType<typeof loader>>;
    expect(page.rows.find((r) => r.region.id === 12)!.figures.received).toBe(3);
  });

  it("answers a bad period with a 4xx page", async () => {
    const refusal = await load(`?from=${TO}&to=${FROM}`).then(
      () => null,
      (e: unknown) => e as { init?: { status?: number } },
    );
    expect(refusal?.init?.status).toBeGreaterThanOrEqual(400);
    expect(refusal?.init?.status).toBeLessThan(500);
  });
});

describe("GraphQL publicRegionPerformance", () => {
  it("answers without a token", async () => {
    const res = await handleGraphQL(
      new Request("http://api.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", "accept-language": "en" },
        body: JSON.stringify({
          query: `query($from: DateTime, $to: DateTime) { publicRegionPerformance(from: $from, to: $to) {
            ... on QueryPublicRegionPerformanceSuccess { data { regions { regionId receivedChangePct current { received answered answeredWithinSla answeredWithinSlaPct avgHandlingHours feedbackDeliveredPct avgSatisfaction } previousYear { received } } } }
            ... on Error { message }
          } }`,
          variables: { from: `${FROM}T00:00:00Z`, to: `${TO}T00:00:00Z` },
        }),
      }),
    );
    const body = (await res.json()) as { data?: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const r12 = body.data.publicRegionPerformance.data.regions.find((r: { regionId: number }) => r.regionId === 12);
    expect(r12).toMatchObject({
      regionId: 12,
      receivedChangePct: 50,
      current: {
        received: 3,
        answered: 2,
        answeredWithinSla: 1,
        answeredWithinSlaPct: 50,
        avgHandlingHours: 48,
        feedbackDeliveredPct: 50,
        avgSatisfaction: 3,
      },
      previousYear: { received: 2 },
    });
  });
});
