import "../support/db";
// This file submits many cases from one (unknown) address; the per-address limit is tested in tests/cases.
process.env.CASE_SUBMIT_LIMIT_PER_HOUR = "0";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { handleGraphQL } from "../../graphql/yoga.server";
import * as cases from "../../app/modules/cases";
import { pool, prisma } from "../../app/platform/db/client.server";
import { loader as staffCaseLoader } from "../../app/routes/staff.cases.$code";
import { action as trackAction } from "../../app/routes/cases.track";
import { action as myCaseAction, loader as myCaseLoader } from "../../app/routes/cases.$code";
import { loader as myCasesLoader } from "../../app/routes/cases.mine";
import { loader as mediaLoader } from "../../app/routes/media.$id";
import { ctx, uniqueEmail, viewerFor } from "../support/context";
import { person, staff } from "../support/people";

async function gql(query: string, variables?: object, headers: Record<string, string> = {}) {
  const res = await handleGraphQL(
    new Request("http://api.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "en", ...headers },
      body: JSON.stringify({ query, variables }),
    }),
  );
  return (await res.json()) as { data?: any; errors?: { message: string }[] };
}

const VANAK = { latitude: 35.7575, longitude: 51.4097 };
let n = 0;
// Points 60 m apart around Vanak square (all in region 3), so no submission sees another as "nearby".
const point = () => {
  const i = n++;
  return {
    latitude: VANAK.latitude + (60 * (Math.floor(i / 13) - 6)) / 111_320,
    longitude: VANAK.longitude + (60 * ((i % 13) - 6)) / 90_300,
  };
};
let potholeId = 0;
let streetsId = 0;

const SUBMIT = `mutation($i: SubmitCaseInput!) { submitCase(input: $i) { __typename
  ... on MutationSubmitCaseSuccess { data { __typename ... on CaseReceipt { code status regionId replayed } ... on NearbyCasesFound { cases { reference distanceMetres } } } }
  ... on ValidationError { fieldErrors { field codes messages } } ... on AppError { code message } } }`;

async function newCase(email = uniqueEmail("api")) {
  const r = await gql(SUBMIT, {
    i: { categoryId: potholeId, description: "Pothole reported through an app.", ...point(), contactEmail: email },
  });
  return {
    code: r.data.submitCase.data.code as string,
    email,
    id: (await prisma.case.findUniqueOrThrow({ where: { code: r.data.submitCase.data.code } })).id,
  };
}

beforeAll(async () => {
  potholeId = (await prisma.caseCategory.findUniqueOrThrow({ where: { slug: "streets.pothole" } })).id;
  streetsId = (await prisma.caseCategory.findUniqueOrThrow({ where: { slug: "streets" } })).id;
});

describe("cases over GraphQL", () => {
  it("serves the category tree and regions in the reader's language", async () => {
    const r = await gql(`{ caseCategories { slug name slaHours children { slug name slaHours } } regions { id name } }`, undefined, {
      "accept-language": "fa",
    });
    expect(r.errors).toBeUndefined();
    const streets = r.data.caseCategories.find((c: { slug: string }) => c.slug === "streets");
    expect(streets.children).toContainEqual({ slug: "streets.pothole", name: "چاله و دست‌انداز", slaHours: 72 });
    expect(r.data.regions).toHaveLength(22);
  });

  it("submits idempotently and tracks, rates and reads the answer without an account", async () => {
    const key = `app-${Date.now()}`;
    const input = {
      categoryId: potholeId,
      description: "Pothole in front of the bakery.",
      ...point(),
      contactPhone: "09127654321",
      idempotencyKey: key,
    };
    const first = await gql(SUBMIT, { i: input });
    expect(first.data.submitCase.data).toMatchObject({ __typename: "CaseReceipt", status: "registered", regionId: 3, replayed: false });
    const again = await gql(SUBMIT, { i: input });
    expect(again.data.submitCase.data).toMatchObject({ code: first.data.submitCase.data.code, replayed: true });
    const code = first.data.submitCase.data.code;
    expect((await prisma.case.findUniqueOrThrow({ where: { code } })).channel).toBe("api");

    const officer = await staff("officer", 3);
    const id = (await prisma.case.findUniqueOrThrow({ where: { code } })).id;
    const answered = await gql(
      `mutation($id: ID!) { answerCase(caseId: $id, answer: "Filled this morning by the region 3 crew.") { __typename ... on MutationAnswerCaseSuccess { data { status } } } }`,
      { id },
      { cookie: `session=${officer.token}` },
    );
    expect(answered.data.answerCase.data.status).toBe("answered");

    const track = await gql(
      `query($c: String!, $k: String!) { trackCase(code: $c, contact: $k) { __typename ... on QueryTrackCaseSuccess { data { status answer answeredBy { regionId name } canRate history { kind label actorName } } } } }`,
      { c: code, k: "+98 912 765 4321" },
    );
    const view = track.data.trackCase.data;
    expect(view).toMatchObject({
      status: "answered",
      answer: "Filled this morning by the region 3 crew.",
      canRate: true,
      answeredBy: { regionId: 3 },
    });
    expect(view.history.map((h: { kind: string }) => h.kind)).toEqual(["registered", "answer"]);
    expect(view.history.every((h: { actorName: string | null }) => h.actorName === null)).toBe(true);

    const rate = await gql(
      `mutation($c: String!) { rateCase(code: $c, contact: "09127654321", rating: 4, comment: "Quick.") { __typename ... on MutationRateCaseSuccess { data { rating } } } }`,
      { c: code },
    );
    expect(rate.data.rateCase.data.rating).toBe(4);
  });

  it("answers bad input with translated per-field errors and stores nothing", async () => {
    const before = (await pool().query("SELECT count(*)::int AS n FROM cases")).rows[0].n;
    const r = await gql(
      SUBMIT,
      { i: { categoryId: potholeId, description: "short", latitude: 35.8327, longitude: 50.9915 } },
      { "accept-language": "fa" },
    );
    expect(r.data.submitCase.__typename).toBe("ValidationError");
    const fields = Object.fromEntries(
      r.data.submitCase.fieldErrors.map((f: { field: string; messages: string[] }) => [f.field, f.messages]),
    );
    expect(fields.description[0]).toMatch(/۱۰/);
    const outside = await gql(SUBMIT, {
      i: {
        categoryId: potholeId,
        description: "A pothole just outside the city.",
        latitude: 35.8327,
        longitude: 50.9915,
        contactEmail: uniqueEmail(),
      },
    });
    expect(outside.data.submitCase.fieldErrors).toEqual([
      {
        field: "location",
        codes: ["cases.error.outsideCity"],
        messages: ["This point is outside the city of Tehran. Please check the location."],
      },
    ]);
    const huge = await gql(SUBMIT, {
      i: { categoryId: potholeId, description: "x".repeat(100_000), ...point(), contactEmail: uniqueEmail() },
    });
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
  read: {
    anonymous: "denied",
    citizen: "denied",
    operator: "ok",
    officer3: "ok",
    officer5: "denied",
    manager3: "ok",
    inspector: "ok",
    admin: "ok",
  },
  inbox: {
    anonymous: "denied",
    citizen: "denied",
    operator: "ok",
    officer3: "ok",
    officer5: "denied",
    manager3: "ok",
    inspector: "ok",
    admin: "ok",
  },
  refer: {
    anonymous: "denied",
    citizen: "denied",
    operator: "ok",
    officer3: "ok",
    officer5: "denied",
    manager3: "ok",
    inspector: "denied",
    admin: "ok",
  },
  answer: {
    anonymous: "denied",
    citizen: "denied",
    operator: "denied",
    officer3: "ok",
    officer5: "denied",
    manager3: "ok",
    inspector: "denied",
    admin: "ok",
  },
  reject: {
    anonymous: "denied",
    citizen: "denied",
    operator: "denied",
    officer3: "ok",
    officer5: "denied",
    manager3: "ok",
    inspector: "denied",
    admin: "ok",
  },
  note: {
    anonymous: "denied",
    citizen: "denied",
    operator: "ok",
    officer3: "ok",
    officer5: "denied",
    manager3: "ok",
    inspector: "ok",
    admin: "ok",
  },
  contacts: {
    anonymous: "denied",
    citizen: "denied",
    operator: "ok",
    officer3: "denied",
    officer5: "denied",
    manager3: "denied",
    inspector: "denied",
    admin: "ok",
  },
  phoneChannel: {
    anonymous: "denied",
    citizen: "denied",
    operator: "ok",
    officer3: "denied",
    officer5: "denied",
    manager3: "denied",
    inspector: "denied",
    admin: "ok",
  },
  performance: {
    anonymous: "denied",
    citizen: "denied",
    operator: "ok",
    officer3: "ok",
    officer5: "ok",
    manager3: "ok",
    inspector: "ok",
    admin: "ok",
  },
  categories: {
    anonymous: "denied",
    citizen: "denied",
    operator: "denied",
    officer3: "denied",
    officer5: "denied",
    manager3: "denied",
    inspector: "denied",
    admin: "ok",
  },
};

type Attempt = (who: Who, c: { id: string; code: string }) => Promise<"ok" | "denied">;
const viaModule =
  (fn: (c: ReturnType<typeof ctx>, k: { id: string; code: string }) => Promise<unknown>): Attempt =>
  async (who, c) => {
    try {
      await fn(ctx(who.viewer), c);
      return "ok";
    } catch (error) {
      if ([401, 403, 404].includes((error as { status?: number }).status ?? 0)) return "denied";
      throw error;
    }
  };
const viaApi =
  (query: string, vars: (c: { id: string; code: string }) => object, field: string): Attempt =>
  async (who, c) => {
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
  read: {
    module: viaModule((c, k) => cases.staffView(c, k.code)),
    api: viaApi(`query($c: String!) { staffCase(idOrCode: $c) { ${onErr} } }`, (k) => ({ c: k.code }), "staffCase"),
  },
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
      const r = await gql(
        `query($q: String!) { caseInbox(q: $q, status: "all") { __typename ... on QueryCaseInboxSuccess { data { cases { code } } } } }`,
        { q: k.code },
        who.token ? { cookie: `session=${who.token}` } : {},
      );
      return r.data?.caseInbox?.data?.cases?.some((x: { code: string }) => x.code === k.code) ? "ok" : "denied";
    },
  },
  refer: {
    module: viaModule((c, k) => cases.actOnCase(c, { action: "refer", caseId: k.id, regionId: 3 })),
    api: viaApi(`mutation($id: ID!) { referCase(caseId: $id, regionId: 3) { ${onErr} } }`, (k) => ({ id: k.id }), "referCase"),
  },
  answer: {
    module: viaModule((c, k) => cases.actOnCase(c, { action: "answer", caseId: k.id, answer: "An answer written by staff." })),
    api: viaApi(
      `mutation($id: ID!) { answerCase(caseId: $id, answer: "An answer written by staff.") { ${onErr} } }`,
      (k) => ({ id: k.id }),
      "answerCase",
    ),
  },
  reject: {
    module: viaModule((c, k) => cases.actOnCase(c, { action: "reject", caseId: k.id, reason: "Not a municipal matter." })),
    api: viaApi(
      `mutation($id: ID!) { rejectCase(caseId: $id, reason: "Not a municipal matter.") { ${onErr} } }`,
      (k) => ({ id: k.id }),
      "rejectCase",
    ),
  },
  note: {
    module: viaModule((c, k) => cases.actOnCase(c, { action: "note", caseId: k.id, reason: "Internal remark." })),
    api: viaApi(
      `mutation($id: ID!) { addCaseNote(caseId: $id, reason: "Internal remark.") { ${onErr} } }`,
      (k) => ({ id: k.id }),
      "addCaseNote",
    ),
  },
  contacts: {
    module: viaModule((c) => cases.findContacts(c, { phone: "09120000000" })),
    api: viaApi(`{ findCaseContacts(phone: "09120000000") { ${onErr} } }`, () => ({}), "findCaseContacts"),
  },
  phoneChannel: {
    module: viaModule((c) =>
      cases.submitCase(
        c,
        {
          categoryId: potholeId,
          description: "A call about a pothole.",
          regionId: 3,
          address: "Vanak square",
          contactPhone: "09120000001",
        },
        { channel: "phone" },
      ),
    ),
    api: viaApi(
      `mutation($i: SubmitCaseInput!) { submitCase(input: $i, channel: phone) { ${onErr} } }`,
      () => ({
        i: {
          categoryId: potholeId,
          description: "A call about a pothole.",
          regionId: 3,
          address: "Vanak square",
          contactPhone: "09120000001",
        },
      }),
      "submitCase",
    ),
  },
  performance: {
    module: viaModule((c) => cases.regionPerformance(c, {})),
    api: viaApi(`{ regionPerformance { ${onErr} } }`, () => ({}), "regionPerformance"),
  },
  categories: {
    module: viaModule((c) =>
      cases.updateCategory(c, {
        id: potholeId,
        slug: "streets.pothole",
        nameFa: "چاله و دست‌انداز",
        nameEn: "Pothole",
        slaHours: 72,
        active: true,
        parentId: streetsId,
      }),
    ),
    api: viaApi(
      `mutation($id: Int!, $p: Int!) { updateCaseCategory(id: $id, input: { slug: "streets.pothole", nameFa: "چاله و دست‌انداز", nameEn: "Pothole", slaHours: 72, parentId: $p }) { ${onErr} } }`,
      () => ({ id: potholeId, p: streetsId }),
      "updateCaseCategory",
    ),
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
    const page = (token: string) =>
      staffCaseLoader({
        request: new Request(`http://test.local/staff/cases/${c.code}`, { headers: { cookie: `session=${token}` } }),
        params: { code: c.code },
        context: { ip: null, appendHeader: () => undefined },
      }).then(
        () => 200,
        (r: Response | { init?: { status: number } }) => (r instanceof Response ? r.status : (r.init?.status ?? 500)),
      );
    expect(await page(people.officer3.token!)).toBe(200);
    expect(await page(people.officer5.token!)).toBe(404);
    expect(await page(people.citizen.token!)).toBe(403);
  });
});

// ── Reporter ≠ follower: the reporter's words and photos, rating and reopening — module, API and site ──
//
// One case reported by a signed-in citizen (with a photo) and followed by a stranger (by email, who
// found it nearby), and by another account. Only the reporter — the tracking code with the contact
// given, or the reporter's account — sees the description and photos, rates and reopens.

type Rel = "reporterContact" | "reporterAccount" | "followerContact" | "followerAccount" | "followerWithCode";
const RELS: Rel[] = ["reporterContact", "reporterAccount", "followerContact", "followerAccount", "followerWithCode"];
type CitizenOp = "seeDescription" | "seePhotos" | "rate" | "reopen";
const CITIZEN_MATRIX: Record<CitizenOp, Record<Rel, "ok" | "denied">> = {
  seeDescription: {
    reporterContact: "ok",
    reporterAccount: "ok",
    followerContact: "denied",
    followerAccount: "denied",
    followerWithCode: "denied",
  },
  // Photos are served to the reporter's account (and staff): without an account, none are shown.
  seePhotos: {
    reporterContact: "denied",
    reporterAccount: "ok",
    followerContact: "denied",
    followerAccount: "denied",
    followerWithCode: "denied",
  },
  rate: { reporterContact: "ok", reporterAccount: "ok", followerContact: "denied", followerAccount: "denied", followerWithCode: "denied" },
  reopen: {
    reporterContact: "ok",
    reporterAccount: "ok",
    followerContact: "denied",
    followerAccount: "denied",
    followerWithCode: "denied",
  },
};

const WORDS = "Water leaks from the pipe — my name is B and my flat is No. 12.";
type Fixture = { id: string; code: string; reference: string; reporterEmail: string; strangerEmail: string; photo: string };
type Access = { token: string | null; code: string; contact?: string };
const citizens = {} as {
  reporter: Awaited<ReturnType<typeof person>>;
  fan: Awaited<ReturnType<typeof person>>;
  officer: Awaited<ReturnType<typeof staff>>;
};

async function followedCase(): Promise<Fixture> {
  const reporterEmail = uniqueEmail("reporter");
  const strangerEmail = uniqueEmail("stranger");
  const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#a33" } })
    .png()
    .toBuffer();
  const r = await cases.submitCase(
    ctx(citizens.reporter.viewer),
    { categoryId: potholeId, description: WORDS, address: "Kish alley, flat 12", ...point(), contactEmail: reporterEmail },
    { uploads: [{ name: "p.png", bytes: photo }] },
  );
  if (r.kind !== "created") throw new Error("expected a case");
  await cases.followCase(ctx(), { code: r.reference, contactEmail: strangerEmail });
  await cases.followCase(ctx(citizens.fan.viewer), { code: r.reference });
  await cases.actOnCase(ctx(citizens.officer.viewer), { caseId: r.id, action: "answer", answer: "The pipe was repaired this morning." });
  const media = await prisma.mediaFile.findFirstOrThrow({ where: { subjectType: "case", subjectId: r.id } });
  // Tracking attempts are limited per address; this file tracks a great deal from one.
  await pool().query(`DELETE FROM rate_limit_buckets WHERE key LIKE 'cases.track:%'`);
  return { id: r.id, code: r.code, reference: r.reference, reporterEmail, strangerEmail, photo: media.id };
}

function accessOf(rel: Rel, f: Fixture): Access {
  switch (rel) {
    case "reporterContact":
      return { token: null, code: f.code, contact: f.reporterEmail };
    case "reporterAccount":
      return { token: citizens.reporter.token, code: f.reference };
    case "followerContact":
      return { token: null, code: f.reference, contact: f.strangerEmail };
    case "followerAccount":
      return { token: citizens.fan.token, code: f.reference };
    case "followerWithCode":
      return { token: null, code: f.code, contact: f.strangerEmail };
  }
}

const viewerOf = async (a: Access) => (a.token ? viewerFor(a.token) : undefined);

/** A site request's outcome: status and the data it carries (Remix `data()`, a Response, or a plain object). */
async function site(fn: () => Promise<unknown>): Promise<{ status: number; data: any }> {
  const unwrap = async (out: unknown) => {
    if (out instanceof Response)
      return { status: out.status, data: out.headers.get("content-type")?.includes("json") ? await out.json() : null };
    const o = out as { type?: string; init?: { status?: number } | null; data?: unknown };
    if (o?.type === "DataWithResponseInit") return { status: o.init?.status ?? 200, data: o.data };
    return { status: 200, data: out };
  };
  try {
    return await unwrap(await fn());
  } catch (thrown) {
    return unwrap(thrown);
  }
}
let siteIp = 0;
function siteArgs(a: Access, path: string, form?: Record<string, string>, params: Record<string, string> = {}) {
  const headers: Record<string, string> = a.token ? { cookie: `session=${a.token}` } : {};
  const request = new Request(`http://test.local${path}`, {
    method: form ? "POST" : "GET",
    headers,
    body: form ? new URLSearchParams(form) : undefined,
  });
  return { request, params, context: { ip: `192.0.2.${++siteIp % 250}`, appendHeader: () => undefined } };
}

/** The case as each door shows it to this citizen (null: refused). */
const views = {
  module: async (a: Access) => cases.citizenView(ctx(await viewerOf(a)), { code: a.code, contact: a.contact }).catch(() => null),
  api: async (a: Access) => {
    const fields = `reference relation description photoUrls`;
    if (a.contact) {
      const r = await gql(
        `query($c: String!, $k: String!) { trackCase(code: $c, contact: $k) { __typename ... on QueryTrackCaseSuccess { data { ${fields} } } } }`,
        { c: a.code, k: a.contact },
      );
      return r.data?.trackCase?.data ?? null;
    }
    const r = await gql(
      `{ myCases { __typename ... on QueryMyCasesSuccess { data { ${fields} } } } }`,
      {},
      { cookie: `session=${a.token}` },
    );
    return r.data?.myCases?.data?.find((c: { reference: string }) => c.reference === a.code) ?? null;
  },
  site: async (a: Access) => {
    const out = a.contact
      ? await site(() => trackAction(siteArgs(a, "/cases/track", { code: a.code, contact: a.contact! })))
      : await site(() => myCaseLoader(siteArgs(a, `/cases/${a.code}`, undefined, { code: a.code })));
    return out.status === 200 ? (out.data.view ?? null) : null;
  },
};
const photoIds = (view: { photos?: string[]; photoUrls?: string[] } | null) =>
  view?.photos ?? view?.photoUrls?.map((u) => u.replace("/media/", "")) ?? [];
const served = async (a: Access, id: string) =>
  (await site(() => mediaLoader(siteArgs(a, `/media/${id}`, undefined, { id })))).status === 200;

type CitizenDoor = "module" | "api" | "site";
const CITIZEN_OPS: Record<CitizenOp, (door: CitizenDoor, a: Access, f: Fixture) => Promise<"ok" | "denied">> = {
  seeDescription: async (door, a) => ((await views[door](a))?.description === WORDS ? "ok" : "denied"),
  seePhotos: async (door, a, f) => {
    const listed = photoIds(await views[door](a)).includes(f.photo);
    const allowed =
      door === "module" ? await cases.canViewCasePhoto((await viewerOf(a)) ?? { kind: "anonymous" }, f.photo) : await served(a, f.photo);
    expect(listed, "a photo is listed exactly when it is served").toBe(allowed);
    return listed && allowed ? "ok" : "denied";
  },
  rate: (door, a) => citizenStep(door, a, "rate", { rating: "4", comment: "Quick." }),
  reopen: (door, a) => citizenStep(door, a, "reopen", { reason: "Still leaking into the flat below." }),
};

async function citizenStep(
  door: CitizenDoor,
  a: Access,
  intent: "rate" | "reopen",
  values: Record<string, string>,
): Promise<"ok" | "denied"> {
  if (door === "module") {
    const access = { code: a.code, contact: a.contact };
    const viewer = ctx(await viewerOf(a));
    try {
      await (intent === "rate" ? cases.rateCase(viewer, access, values) : cases.reopenCase(viewer, access, values));
      return "ok";
    } catch (error) {
      if ((error as { status?: number }).status === 403) return "denied";
      throw error;
    }
  }
  if (door === "api") {
    const field = intent === "rate" ? "rateCase" : "reopenCase";
    const args = intent === "rate" ? `rating: 4, comment: "Quick."` : `reason: "${values.reason}"`;
    const r = await gql(
      `mutation($c: String!, $k: String) { ${field}(code: $c, contact: $k, ${args}) { __typename ... on AppError { code message } } }`,
      { c: a.code, k: a.contact ?? null },
      a.token ? { cookie: `session=${a.token}` } : {},
    );
    const value = r.data?.[field];
    if (value?.__typename === "AppError") {
      expect(value).toEqual({ __typename: "AppError", code: "error.forbidden", message: expect.any(String) });
      return "denied";
    }
    expect(value?.__typename, JSON.stringify(r)).toMatch(/Success$/);
    return "ok";
  }
  const form = { intent, ...values };
  const out = a.contact
    ? await site(() => trackAction(siteArgs(a, "/cases/track", { ...form, code: a.code, contact: a.contact! })))
    : await site(() => myCaseAction(siteArgs(a, `/cases/${a.code}`, form, { code: a.code })));
  if (out.status === 403) {
    expect(out.data).toMatchObject({ ok: false, formError: "error.forbidden", intent });
    return "denied";
  }
  expect(out, JSON.stringify(out.data)).toMatchObject({ status: 200, data: { ok: true, intent } });
  return "ok";
}

describe("reporter ≠ follower (relation × citizen operation, module, API and site)", () => {
  beforeAll(async () => {
    citizens.reporter = await person("Reporter");
    citizens.fan = await person("Fan");
    citizens.officer = await staff("officer", 3);
  });

  for (const op of Object.keys(CITIZEN_MATRIX) as CitizenOp[]) {
    it(`${op}: ${RELS.map((r) => `${r} ${CITIZEN_MATRIX[op][r]}`).join(", ")}`, async () => {
      for (const rel of RELS) {
        for (const door of ["module", "api", "site"] as const) {
          const f = await followedCase(); // fresh: rating and reopening change the case
          const got = await CITIZEN_OPS[op](door, accessOf(rel, f), f);
          expect(got, `${op} by ${rel} through the ${door}`).toBe(CITIZEN_MATRIX[op][rel]);
          if (op === "reopen" || op === "rate") {
            const after = await prisma.case.findUniqueOrThrow({ where: { id: f.id } });
            expect(op === "rate" ? after.rating !== null : after.reopenedAt !== null, `${op} by ${rel} through the ${door} stored`).toBe(
              got === "ok",
            );
          }
        }
      }
    });
  }

  it("nearby and following speak the reference only; the follower's views never carry the reporter's words, code or contact", async () => {
    const f = await followedCase();
    const near = await gql(
      `query($cat: Int!, $lat: Float!, $lng: Float!) { nearbyCases(categoryId: $cat, latitude: $lat, longitude: $lng) { __typename ... on QueryNearbyCasesSuccess { data { reference status followers } } } }`,
      {
        cat: potholeId,
        ...(await prisma.case
          .findUniqueOrThrow({ where: { id: f.id }, select: { lat: true, lng: true } })
          .then((c) => ({ lat: c.lat, lng: c.lng }))),
      },
    );
    // Answered, so no longer open: nothing nearby. An open one is listed by its reference.
    expect(near.data.nearbyCases.data).toEqual([]);
    const open = await newCase();
    const openRow = await prisma.case.findUniqueOrThrow({ where: { id: open.id } });
    const listed = await gql(
      `query($cat: Int!, $lat: Float!, $lng: Float!) { nearbyCases(categoryId: $cat, latitude: $lat, longitude: $lng) { __typename ... on QueryNearbyCasesSuccess { data { reference status followers } } } }`,
      { cat: potholeId, lat: openRow.lat, lng: openRow.lng },
    );
    expect(listed.data.nearbyCases.data).toEqual([{ reference: openRow.reference, status: "registered", followers: 1 }]);
    const followed = await gql(
      `mutation($c: String!) { followCase(code: $c, contactEmail: "stranger.api@example.com") { __typename ... on MutationFollowCaseSuccess { data { reference } } } }`,
      { c: openRow.reference },
    );
    expect(followed.data.followCase.data).toEqual({ reference: openRow.reference });

    const fields = `code reference relation description address latitude photoUrls canRate canReopen rating history { kind note }`;
    const track = await gql(
      `query($c: String!, $k: String!) { trackCase(code: $c, contact: $k) { __typename ... on QueryTrackCaseSuccess { data { ${fields} } } } }`,
      { c: f.reference, k: f.strangerEmail },
    );
    expect(track.data.trackCase.data).toMatchObject({
      code: null,
      reference: f.reference,
      relation: "following",
      description: null,
      address: null,
      latitude: null,
      photoUrls: [],
      canRate: false,
      canReopen: false,
    });
    const mine = await gql(
      `{ myCases { __typename ... on QueryMyCasesSuccess { data { ${fields} } } } }`,
      {},
      { cookie: `session=${citizens.fan.token}` },
    );
    const fanCase = mine.data.myCases.data.find((c: { reference: string }) => c.reference === f.reference);
    expect(fanCase).toMatchObject({ relation: "following", code: null, description: null });
    const listPage = await site(() => myCasesLoader(siteArgs({ token: citizens.fan.token, code: "" }, "/cases/mine")));
    expect(listPage.data.cases.find((c: { reference: string }) => c.reference === f.reference)).toMatchObject({
      relation: "following",
      code: null,
      address: null,
    });
    const reporterList = await site(() => myCasesLoader(siteArgs({ token: citizens.reporter.token, code: "" }, "/cases/mine")));
    expect(reporterList.data.cases.find((c: { reference: string }) => c.reference === f.reference)).toMatchObject({
      relation: "reported",
      code: f.code,
    });
    for (const out of [track, mine, listPage.data])
      for (const secret of [f.code, WORDS, f.reporterEmail, "flat 12"]) expect(JSON.stringify(out)).not.toContain(secret);
  });
});
