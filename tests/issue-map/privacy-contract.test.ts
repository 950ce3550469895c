// The public map's privacy contract: cases seeded with known secrets (tracking code, the contact's
// name, email and phone, a description sentence, an address, a rating comment, an internal note, a
// staff member's name, internal ids) and a corruption report (integrity) are fetched through EVERY
// public output — publicCases over GraphQL, publicCase, the module's reads, the /map list page's
// and the card page's data (what their HTML is rendered from; the browser test reads the HTML
// itself), decoded tiles at several zooms — and the test fails if any secret appears anywhere.
// Sensitive categories' points are on the 250 m grid in each of them.
import "../support/db";
process.env.CASE_SUBMIT_LIMIT_PER_HOUR = "0";
import { randomBytes } from "node:crypto";
import Pbf from "pbf";
import { VectorTile } from "@mapbox/vector-tile";
import { beforeAll, describe, expect, it } from "vitest";
import * as cases from "../../app/modules/cases";
import * as reports from "../../app/modules/integrity";
import { prisma } from "../../app/platform/db/client.server";
import { handleGraphQL } from "../../graphql/yoga.server";
import { loader as mapLoader } from "../../app/routes/map._index";
import { loader as cardLoader } from "../../app/routes/map.cases.$reference";
import { loader as tileLoader } from "../../app/routes/tiles.cases.$z.$x.$y[.mvt]";
import { ctx, viewerFor } from "../support/context";
import { person } from "../support/people";

const tag = randomBytes(4).toString("hex");
const SECRET = {
  name: `Zorvan Secretname ${tag}`,
  email: `zorvan.${tag}@secret.example`,
  phone: "09123456789",
  description: `The reporter's own secret sentence ${tag} about the broken lamp.`,
  address: `Secret alley ${tag}, door 42`,
  comment: `Rating comment kept private ${tag}`,
  note: `Internal staff note ${tag}`,
  staffName: `Staffperson Quillon ${tag}`,
  report: `Corruption report body ${tag}: the clerk took money.`,
  reporterName: `Whistle Blower ${tag}`,
};
const secrets: string[] = Object.values(SECRET);

const VANAK = { latitude: 35.7575, longitude: 51.4097 };
const BOUNDS = { west: 51.085, south: 35.565, east: 51.61, north: 35.832 };
const tileX = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

let sensitiveCategory = 0;
const sensitiveRefs: string[] = [];
const allRefs: string[] = [];

async function gql(query: string, variables?: object) {
  const res = await handleGraphQL(
    new Request("http://api.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "en" },
      body: JSON.stringify({ query, variables }),
    }),
  );
  return res.text();
}

beforeAll(async () => {
  const pothole = (await prisma.caseCategory.findUniqueOrThrow({ where: { slug: "streets.pothole" } })).id;
  const streets = (await prisma.caseCategory.findUniqueOrThrow({ where: { slug: "streets" } })).id;
  const other = await prisma.caseCategory.findFirstOrThrow({ where: { parentId: { not: streets }, NOT: { parentId: null } } });
  sensitiveCategory = other.id;

  // A staff member with a name to look for.
  const s = await person(SECRET.staffName);
  await prisma.roleAssignment.create({ data: { userId: s.userId, role: "admin" } });
  const admin = { ...s, viewer: await viewerFor(s.token) };
  const act = (caseId: string, action: string, extra: object = {}) => cases.actOnCase(ctx(admin.viewer), { caseId, action, ...extra });

  for (let i = 0; i < 6; i++) {
    const r = await cases.submitCase(ctx(), {
      categoryId: i % 2 ? sensitiveCategory : pothole,
      description: SECRET.description,
      latitude: VANAK.latitude + (80 * i) / 111_320,
      longitude: VANAK.longitude + (37 * i) / 90_300,
      address: SECRET.address,
      contactName: SECRET.name,
      contactEmail: SECRET.email,
      contactPhone: SECRET.phone,
      confirmNew: true,
    });
    if (r.kind !== "created") throw new Error("expected a case");
    secrets.push(r.code, r.code.replace("-", ""), r.id);
    allRefs.push(r.reference);
    if (i % 2) sensitiveRefs.push(r.reference);
    await act(r.id, "note", { reason: SECRET.note });
    if (i >= 2) {
      await act(r.id, "answer", { answer: "The city has repaired it (public answer)." });
      await cases.rateCase(ctx(), { code: r.code, contact: SECRET.email }, { rating: 2, comment: SECRET.comment });
    }
    if (i >= 4) {
      await cases.markFeedbackDelivered(r.id, "seen");
      await act(r.id, "close", { resolution: i === 4 ? "fixed" : "not_fixed" });
    }
  }
  const contact = await prisma.caseContact.findFirstOrThrow({ where: { email: SECRET.email } });
  secrets.push(contact.id, admin.userId);

  const report = await reports.submitCorruptionReport(ctx(), {
    idempotencyKey: `privacy-${tag}-0123456789`,
    category: "bribery",
    regionId: 3,
    description: SECRET.report,
    reporterName: SECRET.reporterName,
  });
  secrets.push(...Object.values(report).filter((v): v is string => typeof v === "string" && v.length >= 8));

  const cat = await prisma.caseCategory.findUniqueOrThrow({ where: { id: sensitiveCategory } });
  await cases.updateCategory(ctx(admin.viewer), {
    ...cat,
    parentId: cat.parentId ?? undefined,
    departmentId: cat.departmentId ?? undefined,
    sensitive: true,
  });
}, 60_000);

/** Fails, naming the output, if any secret appears in it (case-insensitive). */
function expectNoSecrets(output: string, what: string) {
  const lower = output.toLowerCase();
  const found = secrets.filter((s) => lower.includes(s.toLowerCase()));
  expect({ what, found }).toEqual({ what, found: [] });
}

const { latStep, lngStep } = cases.SENSITIVE_GRID;
const onGrid = (lat: number, lng: number, tolerance = 1e-6) => {
  const off = (v: number, step: number) => Math.abs(v / step - 0.5 - Math.round(v / step - 0.5));
  return off(lat, latStep) < tolerance && off(lng, lngStep) < tolerance;
};

const ALL_FIELDS = `reference status registeredAt referredAt answeredAt closedAt answer followers latitude longitude approximate
  category { id name } region { id name nameFa nameEn }`;

describe("privacy contract: no secret in any public output", () => {
  it("GraphQL publicCases (every page, every filter) and publicCase", async () => {
    for (const status of ["open", "answered", "closed_fixed", "closed_not_fixed", "all"]) {
      let after: string | null = null;
      for (let guard = 0; guard < 50; guard++) {
        const text = await gql(
          `query($after: String, $status: PublicCaseStatusFilter) { publicCases(status: $status, first: 40, after: $after) { __typename
            ... on QueryPublicCasesSuccess { data { totalCount pageInfo { hasNextPage endCursor startCursor } edges { cursor node { ${ALL_FIELDS} } } } } } }`,
          { after, status },
        );
        expectNoSecrets(text, `graphql publicCases ${status}`);
        const body = JSON.parse(text);
        expect(body.errors).toBeUndefined();
        const d = body.data.publicCases.data;
        for (const e of d.edges) expectNoSecrets(Buffer.from(e.cursor, "base64url").toString(), "cursor");
        for (const e of d.edges)
          if (sensitiveRefs.includes(e.node.reference)) expect(onGrid(e.node.latitude, e.node.longitude), e.node.reference).toBe(true);
        if (!d.pageInfo.hasNextPage) break;
        after = d.pageInfo.endCursor;
      }
    }
    for (const reference of allRefs) {
      const text = await gql(`query($r: String!) { publicCase(reference: $r) { ${ALL_FIELDS} } }`, { r: reference });
      expectNoSecrets(text, `graphql publicCase ${reference}`);
      const node = JSON.parse(text).data.publicCase;
      expect(node.reference).toBe(reference);
      if (sensitiveRefs.includes(reference)) expect(onGrid(node.latitude, node.longitude)).toBe(true);
    }
  });

  it("the module's public reads", async () => {
    const page = await cases.publicCases({ status: "all" }, { first: 100 });
    expect(allRefs.every((r) => page.nodes.some((n) => n.reference === r))).toBe(true);
    expectNoSecrets(JSON.stringify(page), "publicCases");
    const points = await cases.publicCasePoints({ status: "all" });
    expectNoSecrets(JSON.stringify(points), "publicCasePoints");
    for (const p of points) if (sensitiveRefs.includes(p.reference)) expect(onGrid(p.lat, p.lng)).toBe(true);
    for (const r of allRefs) expectNoSecrets(JSON.stringify(await cases.publicCase(r)), `publicCase ${r}`);
  });

  it("the /map list page and the card page (their loaders' data, which is what the HTML shows)", async () => {
    for (const q of ["", "?status=all", "?status=closed_fixed", "?status=answered", `?status=all&categoryId=${sensitiveCategory}`]) {
      const request = new Request(`http://test.local/map${q}`);
      const data = await mapLoader({ request, params: {}, context: { ip: null, appendHeader: () => undefined } } as never);
      const text = JSON.stringify(data);
      expectNoSecrets(text, `/map${q}`);
    }
    for (const reference of allRefs) {
      const request = new Request(`http://test.local/map/cases/${reference}`);
      const data = await cardLoader({ request, params: { reference }, context: { ip: null, appendHeader: () => undefined } } as never);
      expectNoSecrets(JSON.stringify(data), `/map/cases/${reference}`);
      if (sensitiveRefs.includes(reference)) {
        const card = (data as { card: cases.PublicCase }).card;
        expect(onGrid(card.lat, card.lng)).toBe(true);
        expect(card.approximate).toBe(true);
      }
    }
  });

  it("the tiles at z10, z12, z14 and z17 (bytes and decoded properties)", async () => {
    const seenSensitive = new Set<string>();
    for (const z of [10, 12, 14, 17]) {
      // z17 covers only the seeded cases' neighbourhood (the whole city would be ~20,000 tiles).
      const [west, east, north, south] =
        z === 17
          ? [VANAK.longitude - 0.003, VANAK.longitude + 0.006, VANAK.latitude + 0.006, VANAK.latitude - 0.003]
          : [BOUNDS.west, BOUNDS.east, BOUNDS.north, BOUNDS.south];
      for (let x = tileX(west, z); x <= tileX(east, z); x++)
        for (let y = tileY(north, z); y <= tileY(south, z); y++) {
          for (const q of ["status=all", ""]) {
            const request = new Request(`http://test.local/tiles/cases/${z}/${x}/${y}.mvt?${q}`);
            const res = (await tileLoader({
              request,
              params: { z: String(z), x: String(x), y: String(y) },
              context: {},
            } as never)) as Response;
            if (res.status === 204) continue;
            const bytes = new Uint8Array(await res.arrayBuffer());
            expectNoSecrets(Buffer.from(bytes).toString("latin1"), `tile ${z}/${x}/${y}`);
            const layer = new VectorTile(new Pbf(bytes)).layers.cases;
            for (let i = 0; i < (layer?.length ?? 0); i++) {
              const f = layer!.feature(i);
              expectNoSecrets(JSON.stringify(f.properties), `tile ${z}/${x}/${y} feature`);
              const ref = f.properties.reference;
              if (typeof ref === "string" && sensitiveRefs.includes(ref)) {
                const [lng, lat] = (f.toGeoJSON(x, y, z).geometry as unknown as { coordinates: [number, number] }).coordinates;
                // Tile coordinates are quantised (1/4096 of a tile): on the grid within that.
                const tol = Math.max(360 / 2 ** z / 4096 / lngStep, 360 / 2 ** z / 4096 / latStep) * 2;
                expect(onGrid(lat, lng, tol), `${ref} at z${z}`).toBe(true);
                seenSensitive.add(ref);
              }
            }
          }
        }
    }
    expect([...seenSensitive].sort()).toEqual([...sensitiveRefs].sort());
  }, 120_000);
});
