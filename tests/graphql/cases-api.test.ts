import "../support/db";
// This file submits many cases from one (unknown) address; the per-address limit is tested in tests/cases.
process.env.CASE_SUBMIT_LIMIT_PER_HOUR = "0";
import { beforeAll, describe, expect, it } from "vitest";
import { handleGraphQL } from "../../graphql/yoga.server";
import * as cases from "../../app/modules/cases";
import { pool, prisma } from "../../app/platform/db/client.server";
import { loader as staffCaseLoader } from "../../app/routes/staff.cases.$code";
import { ctx, uniqueEmail } from "../support/context";
import { person, staff } from "../support/people";

async function gql(query: string, variables?: object, headers: Record<string, string> = {}) {
  const res = await handleGraphQL(new Request("http://api.test/graphql", { method: "POST", headers: { "content-type": "application/json", "accept-language": "en", ...headers }, body: JSON.stringify({ query, variables }) }));
  return (await res.json()) as { data?: any; errors?: { message: string }[] };
}

const VANAK = { latitude: 35.7575, longitude: 51.4097 };
let n = 0;
// Points 60 m apart around Vanak square (all in region 3), so no submission sees another as "nearby".
const point = () => {
  const i = n++;
  return { latitude: VANAK.latitude + (60 * (Math.floor(i / 13) - 6)) / 111_320, longitude: VANAK.longitude + (60 * ((i % 13) - 6)) / 90_300 };
};
let potholeId = 0;
let streetsId = 0;

const SUBMIT = `mutation($i: SubmitCaseInput!) { submitCase(input: $i) { __typename
  ... on MutationSubmitCaseSuccess { data { __typename ... on CaseReceipt { code status regionId replayed } ... on NearbyCasesFound { cases { reference distanceMetres } } } }
  ... on ValidationError { fieldErrors { field codes messages } } ... on AppError { code message } } }`;

async function newCase(email = uniqueEmail("api")) {
  const r = await gql(SUBMIT, { i: { categoryId: potholeId, description: "Pothole reported through an app.", ...point(), contactEmail: email } });
  return { code: r.data.submitCase.data.code as string, email, id: (await prisma.case.findUniqueOrThrow({ where: { code: r.data.submitCase.data.code } })).id };
}

beforeAll(async () => {
  potholeId = (await prisma.caseCategory.findUniqueOrThrow({ where: { slug: "streets.pothole" } })).id;
  streetsId = (await prisma.caseCategory.findUniqueOrThrow({ where: { slug: "streets" } })).id;
});

describe("cases over GraphQL", () => {
  it("serves the category tree and regions in the reader's language", async () => {
    const r = await gql(`{ caseCategories { slug name slaHours children { slug name slaHours } } regions { id name } }`, undefined, { "accept-language": "fa" });
    expect(r.errors).toBeUndefined();
    const streets = r.data.caseCategories.find((c: { slug: string }) => c.slug === "streets");
    expect(streets.children).toContainEqual({ slug: "streets.pothole", name: "چاله و دست‌انداز", slaHours: 72 });
    expect(r.data.regions).toHaveLength(22);
  });

  it("submits idempotently and tracks, rates and reads the answer without an account", async () => {
    const key = `app-${Date.now()}`;
    const input = { categoryId: potholeId, description: "Pothole in front of the bakery.", ...point(), contactPhone: "09127654321", idempotencyKey: key };
    const first = await gql(SUBMIT, { i: input });
    expect(first.data.submitCase.data).toMatchObject({ __typename: "CaseReceipt", status: "registered", regionId: 3, replayed: false });
    const again = await gql(SUBMIT, { i: input });
    expect(again.data.submitCase.data).toMatchObject({ code: first.data.submitCase.data.code, replayed: true });
    const code = first.data.submitCase.data.code;
    expect((await prisma.case.findUniqueOrThrow({ where: { code } })).channel).toBe("api");

    const officer = await staff("officer", 3);
    const id = (await prisma.case.findUniqueOrThrow({ where: { code } })).id;
    const answered = await gql(`mutation($id: ID!) { answerCase(caseId: $id, answer: "Filled this morning by the region 3 crew.") { __typename ... on MutationAnswerCaseSuccess { data { status } } } }`, { id }, { cookie: `session=${officer.token}` });
    expect(answered.data.answerCase.data.status).toBe("answered");

    const track = await gql(`query($c: String!, $k: String!) { trackCase(code: $c, contact: $k) { __typename ... on QueryTrackCaseSuccess { data { status answer answeredBy { regionId name } canRate history { kind label actorName } } } } }`, { c: code, k: "+98 912 765 4321" });
    const view = track.data.trackCase.data;
    expect(view).toMatchObject({ status: "answered", answer: "Filled this morning by the region 3 crew.", canRate: true, answeredBy: { regionId: 3 } });
    expect(view.history.map((h: { kind: string }) => h.kind)).toEqual(["registered", "answer"]);
    expect(view.history.every((h: { actorName: string | null }) => h.actorName === null)).toBe(true);

    const rate = await gql(`mutation($c: String!) { rateCase(code: $c, contact: "09127654321", rating: 4, comment: "Quick.") { __typename ... on MutationRateCaseSuccess { data { rating } } } }`, { c: code });
    expect(rate.data.rateCase.data.rating).toBe(4);
  });

  it("answers bad input with translated per-field errors and stores nothing", async () => {
    const before = (await pool().query("SELECT count(*)::int AS n FROM cases")).rows[0].n;
    const r = await gql(SUBMIT, { i: { categoryId: potholeId, description: "short", latitude: 35.8327, longitude: 50.9915 } }, { "accept-language": "fa" });
    expect(r.data.submitCase.__typename).toBe("ValidationError");
    const fields = Object.fromEntries(r.data.submitCase.fieldErrors.map((f: { field: string; messages: string[] }) => [f.field, f.messages]));
    expect(fields.description[0]).toMatch(/۱۰/);
    const outside = await gql(SUBMIT, { i: { categoryId: potholeId, description: "A pothole just outside the city.", latitude: 35.8327, longitude: 50.9915, contactEmail: uniqueEmail() } });
    expect(outside.data.submitCase.fieldErrors).toEqual([{ field: "location", codes: ["cases.error.outsideCity"], messages: ["This point is outside the city of Tehran. Please check the location."] }]);
    const huge = await gql(SUBMIT, { i: { categoryId: potholeId, description: "x".repeat(100_000), ...point(), contactEmail: uniqueEmail() } });
    expect(huge.data.submitCase.fieldErrors[0].field).toBe("description");
    expect((await pool().query("SELECT count(*)::int AS n FROM cases")).rows[0].n).toBe(before);
  });
});

// ── Authorization matrix: every role × every case operation, through the module and the API ──────

type Role = "anonymous" | "citizen" | "operator" | "officer3" | "officer5" | "manager3" | "inspector" | "admin";
const ROLES: Role[] = ["anonymous", "citizen", "operator", "officer3", "officer5", "manager3", "inspector", "admin"];
type Who = { viewer: Parameters<typeof ctx>[0]; token: string | null };
const people = {} as Record<Role, Who>;

// "ok" allowed; "denied" refused (401/403, or 404 for a case outside the viewer's scope — its existence is not revealed).
const MATRIX: Record<string, Record<Role, "ok" | "denied">> = {
  read: { anonymous: "denied", citizen: "denied", operator: "ok", officer3: "ok", officer5: "denied", manager3: "ok", inspector: "ok", admin: "ok" },
  inbox: { anonymous: "denied", citizen: "denied", operator: "ok", officer3: "ok", officer5: "denied", manager3: "ok", inspector: "ok", admin: "ok" },
  refer: { anonymous: "denied", citizen: "denied", operator: "ok", officer3: "ok", officer5: "denied", manager3: "ok", inspector: "denied", admin: "ok" },
  answer: { anonymous: "denied", citizen: "denied", operator: "denied", officer3: "ok", officer5: "denied", manager3: "ok", inspector: "denied", admin: "ok" },
  reject: { anonymous: "denied", citizen: "denied", operator: "denied", officer3: "ok", officer5: "denied", manager3: "ok", inspector: "denied", admin: "ok" },
  note: { anonymous: "denied", citizen: "denied", operator: "ok", officer3: "ok", officer5: "denied", manager3: "ok", inspector: "ok", admin: "ok" },
  contacts: { anonymous: "denied", citizen: "denied", operator: "ok", officer3: "denied", officer5: "denied", manager3: "denied", inspector: "denied", admin: "ok" },
  phoneChannel: { anonymous: "denied", citizen: "denied", operator: "ok", officer3: "denied", officer5: "denied", manager3: "denied", inspector: "denied", admin: "ok" },
  performance: { anonymous: "denied", citizen: "denied", operator: "ok", officer3: "ok", officer5: "ok", manager3: "ok", inspector: "ok", admin: "ok" },
  categories: { anonymous: "denied", citizen: "denied", operator: "denied", officer3: "denied", officer5: "denied", manager3: "denied", inspector: "denied", admin: "ok" },
};

type Attempt = (who: Who, c: { id: string; code: string }) => Promise<"ok" | "denied">;
const viaModule = (fn: (c: ReturnType<typeof ctx>, k: { id: string; code: string }) => Promise<unknown>): Attempt => async (who, c) => {
  try {
    await fn(ctx(who.viewer), c);
    return "ok";
  } catch (error) {
    if ([401, 403, 404].includes((error as { status?: number }).status ?? 0)) return "denied";
    throw error;
  }
};
const viaApi = (query: string, vars: (c: { id: string; code: string }) => object, field: string): Attempt => async (who, c) => {
  const r = await gql(query, vars(c), who.token ? { cookie: `session=${who.token}` } : {});
  const value = r.data?.[field];
  if (r.errors?.length || value === null || value === undefined) return "denied"; // scope-auth refusal
  if (value.__typename === "AppError") {
    expect(["error.forbidden", "error.unauthenticated", "error.notFoundRecord"]).toContain(value.code);
    return "denied";
  }
  expect(value.__typename, JSON.stringify(value)).toMatch(/Success$/);
  return "ok";
};
const onErr = `__typename ... on AppError { code }`;

const OPERATIONS: Record<keyof typeof MATRIX, { module: Attempt; api: Attempt }> = {
  read: { module: viaModule((c, k) => cases.staffView(c, k.code)), api: viaApi(`query($c: String!) { staffCase(idOrCode: $c) { ${onErr} } }`, (k) => ({ c: k.code }), "staffCase") },
  inbox: {
    module: async (who, k) => {
      try {
        const page = await cases.inbox(ctx(who.viewer), { status: "all", first: 100 });
        return page.cases.some((x) => x.code === k.code) ? "ok" : "denied";
      } catch (error) {
        if ([401, 403].includes((error as { status?: number }).status ?? 0)) return "denied";
        throw error;
      }
    },
    api: async (who, k) => {
      const r = await gql(`query($q: String!) { caseInbox(q: $q, status: "all") { __typename ... on QueryCaseInboxSuccess { data { cases { code } } } } }`, { q: k.code }, who.token ? { cookie: `session=${who.token}` } : {});
      return r.data?.caseInbox?.data?.cases?.some((x: { code: string }) => x.code === k.code) ? "ok" : "denied";
    },
  },
  refer: {
    module: viaModule((c, k) => cases.actOnCase(c, { action: "refer", caseId: k.id, regionId: 3 })),
    api: viaApi(`mutation($id: ID!) { referCase(caseId: $id, regionId: 3) { ${onErr} } }`, (k) => ({ id: k.id }), "referCase"),
  },
  answer: {
    module: viaModule((c, k) => cases.actOnCase(c, { action: "answer", caseId: k.id, answer: "An answer written by staff." })),
    api: viaApi(`mutation($id: ID!) { answerCase(caseId: $id, answer: "An answer written by staff.") { ${onErr} } }`, (k) => ({ id: k.id }), "answerCase"),
  },
  reject: {
    module: viaModule((c, k) => cases.actOnCase(c, { action: "reject", caseId: k.id, reason: "Not a municipal matter." })),
    api: viaApi(`mutation($id: ID!) { rejectCase(caseId: $id, reason: "Not a municipal matter.") { ${onErr} } }`, (k) => ({ id: k.id }), "rejectCase"),
  },
  note: {
    module: viaModule((c, k) => cases.actOnCase(c, { action: "note", caseId: k.id, reason: "Internal remark." })),
    api: viaApi(`mutation($id: ID!) { addCaseNote(caseId: $id, reason: "Internal remark.") { ${onErr} } }`, (k) => ({ id: k.id }), "addCaseNote"),
  },
  contacts: {
    module: viaModule((c) => cases.findContacts(c, { phone: "09120000000" })),
    api: viaApi(`{ findCaseContacts(phone: "09120000000") { ${onErr} } }`, () => ({}), "findCaseContacts"),
  },
  phoneChannel: {
    module: viaModule((c) => cases.submitCase(c, { categoryId: potholeId, description: "A call about a pothole.", regionId: 3, address: "Vanak square", contactPhone: "09120000001" }, { channel: "phone" })),
    api: viaApi(`mutation($i: SubmitCaseInput!) { submitCase(input: $i, channel: phone) { ${onErr} } }`, () => ({ i: { categoryId: potholeId, description: "A call about a pothole.", regionId: 3, address: "Vanak square", contactPhone: "09120000001" } }), "submitCase"),
  },
  performance: { module: viaModule((c) => cases.regionPerformance(c, {})), api: viaApi(`{ regionPerformance { ${onErr} } }`, () => ({}), "regionPerformance") },
  categories: {
    module: viaModule((c) => cases.updateCategory(c, { id: potholeId, slug: "streets.pothole", nameFa: "چاله و دست‌انداز", nameEn: "Pothole", slaHours: 72, active: true, parentId: streetsId })),
    api: viaApi(`mutation($id: Int!, $p: Int!) { updateCaseCategory(id: $id, input: { slug: "streets.pothole", nameFa: "چاله و دست‌انداز", nameEn: "Pothole", slaHours: 72, parentId: $p }) { ${onErr} } }`, () => ({ id: potholeId, p: streetsId }), "updateCaseCategory"),
  },
};

describe("authorization matrix (role × case operation, module and API)", () => {
  beforeAll(async () => {
    const citizen = await person("Citizen");
    const make = async (role: Parameters<typeof staff>[0], region: number | null) => {
      const s = await staff(role, region);
      return { viewer: s.viewer, token: s.token };
    };
    Object.assign(people, {
      anonymous: { viewer: undefined, token: null },
      citizen: { viewer: citizen.viewer, token: citizen.token },
      operator: await make("operator", null),
      officer3: await make("officer", 3),
      officer5: await make("officer", 5),
      manager3: await make("manager", 3),
      inspector: await make("inspector", null),
      admin: await make("admin", null),
    });
  });

  for (const op of Object.keys(MATRIX) as (keyof typeof MATRIX)[]) {
    it(`${op}: ${ROLES.map((r) => `${r} ${MATRIX[op][r]}`).join(", ")}`, async () => {
      for (const role of ROLES) {
        for (const door of ["module", "api"] as const) {
          const c = await newCase(); // a fresh region-3 case: actions change state
          const got = await OPERATIONS[op][door](people[role], c);
          expect(got, `${op} by ${role} through the ${door}`).toBe(MATRIX[op][role]);
        }
      }
    });
  }

  it("the staff case page answers 404 outside the officer's scope and 403 to a citizen", async () => {
    const c = await newCase();
    const page = (token: string) => staffCaseLoader({ request: new Request(`http://test.local/staff/cases/${c.code}`, { headers: { cookie: `session=${token}` } }), params: { code: c.code }, context: { ip: null, appendHeader: () => undefined } }).then(() => 200, (r: Response | { init?: { status: number } }) => (r instanceof Response ? r.status : (r.init?.status ?? 500)));
    expect(await page(people.officer3.token!)).toBe(200);
    expect(await page(people.officer5.token!)).toBe(404);
    expect(await page(people.citizen.token!)).toBe(403);
  });
});
