import "../support/db";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import * as cases from "../../app/modules/cases";
import { flagOverdueCases, notifyFollowers } from "../../app/modules/cases/worker.server";
import { pool, prisma } from "../../app/platform/db/client.server";
import { mediaBytes } from "../../app/platform/media.server";
import { AppError, ValidationError } from "../../app/platform/errors";
import { ctx, uniqueEmail } from "../support/context";
import { person, staff } from "../support/people";

// Real places (see tests/city/region-at.test.ts).
const VANAK = { latitude: 35.7575, longitude: 51.4097 }; // region 3
const BAZAAR = { latitude: 35.6725, longitude: 51.4218 }; // region 12
const KARAJ = { latitude: 35.8327, longitude: 50.9915 }; // outside Tehran

let pothole: { id: number; departmentId: number | null; slaHours: number };
let lightOut: { id: number; departmentId: number | null };
let streets: { id: number };

/** Moves a point by metres north/east (for "within 50 m" tests). */
const offset = (p: { latitude: number; longitude: number }, north: number, east: number) => ({
  latitude: p.latitude + north / 111_320,
  longitude: p.longitude + east / (111_320 * Math.cos((p.latitude * Math.PI) / 180)),
});
const MILAD = { latitude: 35.7448, longitude: 51.3753 }; // region 2
let spot = 0;
/** A fresh point in region 3, 60 m from any other (no accidental "nearby"): a 13 × 13 grid around Vanak square, all inside region 3. */
const freshPoint = () => {
  const n = spot++;
  return offset(VANAK, 60 * (Math.floor(n / 13) - 6), 60 * ((n % 13) - 6));
};

async function errorOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

async function submit(fields: Record<string, unknown> = {}, opts: Parameters<typeof cases.submitCase>[2] = {}, viewer = ctx()) {
  const result = await cases.submitCase(
    viewer,
    {
      categoryId: pothole.id,
      description: "A deep pothole in the right lane.",
      ...freshPoint(),
      contactEmail: uniqueEmail("citizen"),
      ...fields,
    },
    opts,
  );
  if (result.kind !== "created") throw new Error("expected a new case");
  return result;
}

/** The queued confirmation messages sent to an address (email or SMS). */
async function confirmationsTo(to: string) {
  const { rows } = await pool().query(
    `SELECT name, data FROM pgboss.job WHERE name IN ('email.send', 'sms.send') AND data->>'to' = $1 AND data->>'template' = 'case-follow-confirm' ORDER BY created_on`,
    [to],
  );
  return rows.map((r) => ({ queue: r.name as string, ...r.data }));
}

/** Opens the last confirmation link sent to an address, as its owner would. */
async function confirmFollowFrom(to: string) {
  const sent = (await confirmationsTo(to)).at(-1);
  const url = sent.props?.url ?? sent.params?.url;
  return cases.confirmFollow(ctx(), { token: new URL(url).searchParams.get("token") });
}

const countCases = async () => (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM cases")).rows[0].n;

beforeAll(async () => {
  const cats = await cases.listCategories();
  pothole = cats.find((c) => c.slug === "streets.pothole")!;
  lightOut = cats.find((c) => c.slug === "lighting.out")!;
  streets = cats.find((c) => c.slug === "streets")!;
});

describe("submitting a case", () => {
  it("routes by point-in-polygon to the region and by category to the department, with an SLA due date", async () => {
    const before = Date.now();
    const c = await submit({ ...BAZAAR, confirmNew: true });
    expect(c.regionId).toBe(12);
    expect(c.departmentId).toBe(pothole.departmentId);
    expect(c.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(c.dueAt.getTime()).toBeGreaterThanOrEqual(before + pothole.slaHours * 3_600_000);
    const history = await prisma.caseEvent.findMany({ where: { caseId: c.id } });
    expect(history.map((e) => e.kind)).toEqual(["registered"]);
  });

  it("answers a point outside the city with a clear field error, storing nothing", async () => {
    const n = await countCases();
    const error = await errorOf(
      cases.submitCase(ctx(), { categoryId: pothole.id, description: "A pothole in Karaj.", ...KARAJ, contactEmail: uniqueEmail() }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.location).toEqual(["cases.error.outsideCity"]);
    expect(await countCases()).toBe(n);
  });

  it("accepts a region and an address instead of a pin (no JavaScript)", async () => {
    const c = await submit({ latitude: "", longitude: "", regionId: "5", address: "Sattari highway, exit 4" });
    expect(c.regionId).toBe(5);
  });

  it("gives per-field errors for bad input and stores nothing", async () => {
    const n = await countCases();
    const error = (await errorOf(
      cases.submitCase(ctx(), { categoryId: "", description: "x".repeat(5000), latitude: "95", longitude: "51.4" }),
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys(error.fieldErrors)).toEqual(expect.arrayContaining(["categoryId", "description", "latitude"]));
    expect(error.fieldErrors.description[0]).toMatch(/validation.tooLong/);

    const noContact = (await errorOf(
      cases.submitCase(ctx(), { categoryId: pothole.id, description: "A pothole without contact.", ...freshPoint() }),
    )) as ValidationError;
    expect(noContact.fieldErrors.contact).toEqual(["cases.error.contactRequired"]);
    const parent = (await errorOf(submit({ categoryId: streets.id }))) as ValidationError;
    expect(parent.fieldErrors.categoryId[0]).toMatch(/cases.error.categoryLeaf/);
    const badPhoto = (await errorOf(
      submit({}, { uploads: [{ name: "virus.exe", bytes: new TextEncoder().encode("MZ not an image") }] }),
    )) as ValidationError;
    expect(badPhoto.fieldErrors.photos[0]).toMatch(/media.error.type/);
    expect(await countCases()).toBe(n);
  });

  it("is idempotent: retries and parallel duplicates with one key make one case", async () => {
    const key = `key-${Date.now()}`;
    const first = await submit({ idempotencyKey: key });
    const again = await submit({ idempotencyKey: key });
    expect(again).toMatchObject({ code: first.code, replayed: true });
    const key2 = `par-${Date.now()}`;
    const point = freshPoint();
    const results = await Promise.all(Array.from({ length: 12 }, () => submit({ idempotencyKey: key2, ...point })));
    expect(new Set(results.map((r) => r.code)).size).toBe(1);
    expect((await pool().query("SELECT count(*)::int AS n FROM cases WHERE idempotency_key = $1", [key2])).rows[0].n).toBe(1);
  });

  it("limits anonymous submissions per address (a clear 429, nothing stored)", async () => {
    const ip = "10.77.0.1";
    await pool().query(`INSERT INTO rate_limit_buckets (key, count, reset_at) VALUES ($1, 30, now() + interval '1 hour')`, [
      `cases.submit:ip:${ip}`,
    ]);
    const n = await countCases();
    await expect(submit({}, {}, ctx(undefined, { ip }))).rejects.toMatchObject({ code: "error.rateLimited", status: 429 });
    expect(await countCases()).toBe(n);
    // Operators registering calls are not limited.
    const operator = await staff("operator");
    expect(
      (
        await submit(
          { regionId: 3, address: "Vanak square", latitude: "", longitude: "", contactPhone: "09120000000" },
          { channel: "phone" },
          ctx(operator.viewer, { ip }),
        )
      ).kind,
    ).toBe("created");
  });

  it("stores photos re-encoded, without EXIF location", async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#345" } })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "35/1 44/1 36/1", GPSLongitudeRef: "E", GPSLongitude: "51/1 22/1 30/1" } })
      .toBuffer();
    const c = await submit({}, { uploads: [{ name: "a.jpg", bytes: jpeg }] });
    const files = await prisma.mediaFile.findMany({ where: { subjectType: "case", subjectId: c.id } });
    expect(files).toHaveLength(1);
    expect(files[0].public).toBe(false);
    expect((await sharp(Buffer.from(files[0].bytes)).metadata()).exif).toBeUndefined();
  });

  it("shows open cases of the same category within ~50 m before creating another; the citizen may follow one", async () => {
    const here = MILAD;
    const first = await submit({ ...here, address: "Milad tower, east gate" });
    const near = await cases.submitCase(ctx(), {
      categoryId: pothole.id,
      description: "Pothole again near the square.",
      ...offset(here, 30, 10),
      contactEmail: uniqueEmail(),
    });
    expect(near.kind).toBe("nearby");
    expect(near.kind === "nearby" && near.cases.map((c) => c.reference)).toEqual([first.reference]);
    // Other category, or farther than 50 m: not a duplicate candidate.
    expect((await cases.nearbyOpenCases({ categoryId: lightOut.id, ...offset(here, 10, 0) })).length).toBe(0);
    expect((await cases.nearbyOpenCases({ categoryId: pothole.id, ...offset(here, 80, 0) })).length).toBe(0);
    // Confirmed: a new case after all.
    expect((await submit({ ...offset(here, 30, 10), confirmNew: true })).code).not.toBe(first.code);

    const followerEmail = uniqueEmail("follower");
    expect(await cases.followCase(ctx(), { code: first.reference, contactEmail: followerEmail })).toEqual({
      reference: first.reference,
      confirmationSent: true,
    });
    expect(await prisma.caseFollower.count({ where: { caseId: first.id } })).toBe(2);
    // The follower can track it with their own email and the reference: the public view.
    expect(await cases.citizenView(ctx(), { code: first.reference, contact: followerEmail })).toMatchObject({
      reference: first.reference,
      relation: "following",
      code: null,
    });
  });
});

describe("following a case without an account", () => {
  it("needs the code and the email or phone given; one answer for a wrong code or a wrong contact", async () => {
    const email = uniqueEmail("tracker");
    const c = await submit({ contactEmail: email, contactPhone: "۰۹۱۲ ۳۴۵ ۶۷۸۹" });
    const view = await cases.citizenView(ctx(), { code: c.code.toLowerCase().replace("-", " "), contact: email.toUpperCase() });
    expect(view).toMatchObject({ code: c.code, status: "registered" });
    expect(view.history.map((h) => h.kind)).toEqual(["registered"]);
    expect((await cases.citizenView(ctx(), { code: c.code, contact: "+989123456789" })).code).toBe(c.code);
    const wrong = (await errorOf(cases.citizenView(ctx(), { code: c.code, contact: "someone@else.com" }))) as ValidationError;
    expect(wrong.fieldErrors.code).toEqual(["cases.error.trackNotFound"]);
    const noCase = (await errorOf(cases.citizenView(ctx(), { code: "ZZZZ-ZZZZ", contact: email }))) as ValidationError;
    expect(noCase.fieldErrors).toEqual(wrong.fieldErrors);
  });

  it("lists a signed-in citizen's cases in my cases", async () => {
    const citizen = await person("Mine");
    const c = await submit({ contactEmail: "" }, {}, ctx(citizen.viewer));
    expect((await cases.myCases(ctx(citizen.viewer))).map((x) => x.code)).toEqual([c.code]);
    expect((await cases.citizenView(ctx(citizen.viewer), { code: c.code })).code).toBe(c.code);
    const other = await person("Other");
    await expect(cases.citizenView(ctx(other.viewer), { code: c.code })).rejects.toMatchObject({ status: 404 });
    // Deleting the account forgets the contact details; the case stays.
    const { deleteAccount } = await import("../../app/modules/identity");
    await deleteAccount(ctx(citizen.viewer), { password: "people password 137" });
    const contact = await prisma.caseContact.findFirstOrThrow({ where: { userId: citizen.userId } });
    expect(contact).toMatchObject({ name: null, email: null, phone: null });
    expect(await prisma.case.count({ where: { code: c.code } })).toBe(1);
  });
});

describe("the workflow", () => {
  let officer3: Awaited<ReturnType<typeof staff>>;
  let operator: Awaited<ReturnType<typeof staff>>;
  beforeAll(async () => {
    officer3 = await staff("officer", 3);
    operator = await staff("operator");
  });

  it("registered → referred → in progress → answered → closed, only after the answer reached the citizen", async () => {
    const email = uniqueEmail("flow");
    const c = await submit({ contactEmail: email });
    const act = (input: Record<string, unknown>) => cases.actOnCase(ctx(officer3.viewer), { caseId: c.id, ...input });
    await act({ action: "refer", regionId: 3 });
    await act({ action: "start" });
    await expect(act({ action: "answer", answer: "short" })).rejects.toBeInstanceOf(ValidationError);
    await act({ action: "answer", answer: "The pothole was filled on Tuesday morning." });
    const refused = await errorOf(act({ action: "close" }));
    expect(refused).toMatchObject({ code: "cases.error.feedbackFirst", status: 409 });
    // The answer reached the citizen (the worker's receipt; over real SMTP in tests/notifications) → the case may close.
    await cases.markFeedbackDelivered(c.id, "message");
    expect((await act({ action: "close" })).status).toBe("closed");

    const view = await cases.citizenView(ctx(), { code: c.code, contact: email });
    expect(view.history.map((h) => h.kind)).toEqual(["registered", "refer", "start", "answer", "close"]);
    expect(view.answer).toBe("The pothole was filled on Tuesday morning.");
    expect(view.answeredBy?.regionId).toBe(3);
    // Staff names never reach the citizen.
    expect(JSON.stringify(view)).not.toContain("officer");
  });

  it("an operator's call-back counts as feedback delivered", async () => {
    const c = await submit();
    await cases.actOnCase(ctx(officer3.viewer), { caseId: c.id, action: "answer", answer: "Your street light is on the repair list." });
    await expect(cases.actOnCase(ctx(operator.viewer), { caseId: c.id, action: "callback", reason: "" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await cases.actOnCase(ctx(operator.viewer), { caseId: c.id, action: "callback", reason: "Called the citizen and read the answer." });
    expect((await cases.actOnCase(ctx(operator.viewer), { caseId: c.id, action: "close" })).status).toBe("closed");
  });

  it("requires written reasons where the citizen would ask why, and refuses impossible steps", async () => {
    const c = await submit();
    const noReason = (await errorOf(
      cases.actOnCase(ctx(officer3.viewer), { caseId: c.id, action: "reject", reason: "" }),
    )) as ValidationError;
    expect(noReason.fieldErrors.reason[0]).toMatch(/cases.error.reasonRequired/);
    await expect(
      cases.actOnCase(ctx(officer3.viewer), {
        caseId: c.id,
        action: "not_responsible",
        reason: "Water mains belong to the water company.",
        referredOnTo: "",
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(cases.actOnCase(ctx(officer3.viewer), { caseId: c.id, action: "close" })).rejects.toMatchObject({
      code: "cases.error.transition",
    });
    await cases.actOnCase(ctx(officer3.viewer), {
      caseId: c.id,
      action: "not_responsible",
      reason: "Water mains belong to the water company.",
      referredOnTo: "Tehran Water and Wastewater Co.",
    });
    const after = await prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(after).toMatchObject({ status: "not_responsible", referredOnTo: "Tehran Water and Wastewater Co." });
    await expect(cases.actOnCase(ctx(officer3.viewer), { caseId: c.id, action: "start" })).rejects.toMatchObject({ status: 409 });
  });

  it("merges a duplicate into the original and moves its followers", async () => {
    const original = await submit();
    const dup = await submit();
    const bad = (await errorOf(
      cases.actOnCase(ctx(officer3.viewer), { caseId: dup.id, action: "duplicate", duplicateOf: dup.code }),
    )) as ValidationError;
    expect(bad.fieldErrors.duplicateOf).toEqual(["cases.error.duplicateTarget"]);
    await cases.actOnCase(ctx(officer3.viewer), { caseId: dup.id, action: "duplicate", duplicateOf: original.code });
    expect(await prisma.caseFollower.count({ where: { caseId: original.id } })).toBe(2);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: dup.id } })).mergedIntoId).toBe(original.id);
  });

  it("keeps the history append-only", async () => {
    const c = await submit();
    await expect(pool().query("UPDATE case_events SET note = 'forged' WHERE case_id = $1", [c.id])).rejects.toThrow(/append-only/);
    await expect(pool().query("DELETE FROM case_events WHERE case_id = $1", [c.id])).rejects.toThrow(/append-only/);
  });
});

describe("feedback: rating and reopening", () => {
  it("rates once per answer and reopens once within 14 days", async () => {
    const officer = await staff("officer", 3);
    const email = uniqueEmail("rater");
    const c = await submit({ contactEmail: email });
    const access = { code: c.code, contact: email };
    await expect(cases.rateCase(ctx(), access, { rating: 4 })).rejects.toMatchObject({ code: "cases.error.cannotRate" });
    await cases.actOnCase(ctx(officer.viewer), { caseId: c.id, action: "answer", answer: "We will fill it within the week." });
    const badRating = (await errorOf(cases.rateCase(ctx(), access, { rating: 9 }))) as ValidationError;
    expect(badRating.fieldErrors.rating).toEqual(["cases.error.rating"]);
    await cases.rateCase(ctx(), access, { rating: 2, comment: "Still there." });
    await expect(cases.rateCase(ctx(), access, { rating: 3 })).rejects.toMatchObject({ code: "cases.error.cannotRate" });

    await expect(cases.reopenCase(ctx(), access, { reason: "short" })).rejects.toBeInstanceOf(ValidationError);
    expect((await cases.reopenCase(ctx(), access, { reason: "The pothole is still there a week later." })).status).toBe("referred");
    await cases.actOnCase(ctx(officer.viewer), { caseId: c.id, action: "answer", answer: "Filled today, sorry for the delay." });
    await expect(cases.reopenCase(ctx(), access, { reason: "Again it is not fixed properly." })).rejects.toMatchObject({
      code: "cases.error.reopenedOnce",
    });
    await cases.rateCase(ctx(), access, { rating: 5 }); // a new answer may be rated again

    const late = await submit();
    await cases.actOnCase(ctx(officer.viewer), { caseId: late.id, action: "answer", answer: "Fixed a long time ago, thanks." });
    await prisma.case.update({ where: { id: late.id }, data: { answeredAt: new Date(Date.now() - 15 * 86_400_000) } });
    const contact = (await prisma.caseContact.findFirstOrThrow({ where: { cases: { some: { id: late.id } } } })).email!;
    await expect(
      cases.reopenCase(ctx(), { code: late.code, contact }, { reason: "It broke again after two weeks." }),
    ).rejects.toMatchObject({ code: "cases.error.reopenWindow" });
  });
});

describe("notifications", () => {
  it("tells every follower by email and SMS, and asks for a receipt on the answer", async () => {
    const email = uniqueEmail("told");
    const c = await submit({ contactEmail: email, contactPhone: "09121112233" });
    const officer = await staff("officer", 3);
    await cases.actOnCase(ctx(officer.viewer), { caseId: c.id, action: "answer", answer: "Repaired this morning by the district team." });
    const event = await prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, kind: "answer" } });
    await notifyFollowers({ caseId: c.id, eventId: String(event.id), origin: "http://test.local" });
    const { rows } = await pool().query(
      `SELECT name, data FROM pgboss.job WHERE data->'props'->>'code' = $1 OR data->'params'->>'code' = $1`,
      [c.code],
    );
    const email1 = rows.find((r) => r.name === "email.send" && r.data.to === email);
    const sms = rows.find((r) => r.name === "sms.send" && r.data.to === "09121112233");
    expect(email1.data).toMatchObject({
      template: "case-update",
      receipt: { kind: "case.feedback", id: c.id },
      props: { status: "answered", text: "Repaired this morning by the district team." },
    });
    expect(sms.data.receipt).toEqual({ kind: "case.feedback", id: c.id });
  });
});

describe("a case stays the citizen's: public reference, following ≠ owning", () => {
  const WORDS = "Water leaks from the pipe — my name is B and my flat is No. 12.";
  const ADDRESS = "Vanak, Kish alley, flat No. 12";
  let officer: Awaited<ReturnType<typeof staff>>;
  beforeAll(async () => {
    officer = await staff("officer", 3);
  });
  const png = () =>
    sharp({ create: { width: 8, height: 8, channels: 3, background: "#a33" } })
      .png()
      .toBuffer();

  /** A reported case with a photo, followed by a stranger who found it nearby. */
  async function reportedAndFollowed(viewer = ctx()) {
    const email = uniqueEmail("reporter");
    const here = freshPoint();
    const c = await submit(
      { ...here, description: WORDS, address: ADDRESS, contactEmail: email },
      { uploads: [{ name: "p.png", bytes: await png() }] },
      viewer,
    );
    const stranger = uniqueEmail("stranger");
    const nearby = await cases.nearbyOpenCases({ categoryId: pothole.id, ...offset(here, 5, 5) });
    const followed = await cases.followCase(ctx(), { code: nearby[0].reference, contactEmail: stranger });
    await confirmFollowFrom(stranger);
    return { c, email, stranger, followed, nearby };
  }

  it("gives every case a public reference that is not, and does not lead to, the tracking code", async () => {
    const a = await submit();
    const b = await submit();
    for (const c of [a, b]) {
      expect(c.reference).toMatch(/^C-[2-9A-Z]{6}$/);
      expect(c.reference.replace("C-", "")).not.toEqual(c.code.replace("-", "").slice(0, 6));
      expect((await prisma.case.findUniqueOrThrow({ where: { reference: c.reference } })).id).toBe(c.id);
    }
    expect(a.reference).not.toBe(b.reference);
    // The index refuses a second case with the same reference.
    await expect(pool().query("UPDATE cases SET reference = $1 WHERE id = $2", [a.reference, b.id])).rejects.toThrow(/cases_reference_key/);
    // Typed references are forgiven like codes (lower case, spaces, Persian digits), and are never taken for a code.
    expect(cases.caseKey.parse(` ${a.reference.toLowerCase().replace("-", " ")} `)).toEqual({ reference: a.reference });
    expect(cases.caseKey.parse(a.code.toLowerCase())).toEqual({ code: a.code });
    expect(cases.caseKey.safeParse("C-12").success).toBe(false);
  });

  it("nearby shows the reference, status and distance — never the tracking code, the address or the words", async () => {
    const { c, nearby } = await reportedAndFollowed();
    expect(nearby).toHaveLength(1);
    expect(Object.keys(nearby[0]).sort()).toEqual(["createdAt", "distanceMetres", "followers", "reference", "status"]);
    expect(nearby[0]).toMatchObject({ reference: c.reference, status: "registered", followers: 1 }); // read before the stranger followed
    expect(JSON.stringify(nearby)).not.toContain(c.code);
  });

  it("a stranger who follows sees the public view only, and may neither rate nor reopen; the reporter may", async () => {
    const { c, email, stranger, followed } = await reportedAndFollowed();
    expect(followed).toEqual({ reference: c.reference, confirmationSent: true });
    await cases.actOnCase(ctx(officer.viewer), { caseId: c.id, action: "answer", answer: "The pipe was repaired by the region 3 crew." });

    // The follower, with the reference (or even the tracking code, were they to learn it) and their own contact.
    for (const key of [c.reference, c.code]) {
      const view = await cases.citizenView(ctx(), { code: key, contact: stranger });
      expect(view).toMatchObject({
        relation: "following",
        reference: c.reference,
        code: null,
        description: null,
        address: null,
        lat: null,
        lng: null,
        photos: [],
        canRate: false,
        canReopen: false,
        status: "answered",
        answer: "The pipe was repaired by the region 3 crew.",
      });
      expect(view.unit?.regionId).toBe(3);
      const json = JSON.stringify(view);
      for (const secret of [c.code, WORDS, ADDRESS, email]) expect(json).not.toContain(secret);
    }
    // The follower's reading is not the reporter's: the answer has not reached the citizen yet.
    expect((await prisma.case.findUniqueOrThrow({ where: { id: c.id } })).feedbackDeliveredAt).toBeNull();

    // Rating and reopening are the reporter's: refused, nothing changed.
    const follower = { code: c.reference, contact: stranger };
    await expect(cases.rateCase(ctx(), follower, { rating: 1 })).rejects.toMatchObject({ status: 403 });
    await expect(cases.reopenCase(ctx(), follower, { reason: "Not fixed at all, says the stranger." })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      cases.reopenCase(ctx(), { code: c.code, contact: stranger }, { reason: "Not fixed at all, says the stranger." }),
    ).rejects.toMatchObject({ status: 403 });
    // The reporter's contact with the public reference: the public view too (the reference is public, a contact guessable).
    expect((await cases.citizenView(ctx(), { code: c.reference, contact: email })).relation).toBe("following");
    await expect(cases.rateCase(ctx(), { code: c.reference, contact: email }, { rating: 1 })).rejects.toMatchObject({ status: 403 });
    expect(await prisma.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      rating: null,
      reopenedAt: null,
      status: "answered",
    });

    // The reporter (tracking code + their contact) sees it whole, rates it and spends their one reopening.
    const own = await cases.citizenView(ctx(), { code: c.code, contact: email });
    expect(own).toMatchObject({
      relation: "reported",
      code: c.code,
      reference: c.reference,
      description: WORDS,
      address: ADDRESS,
      canRate: true,
      canReopen: true,
    });
    expect((await prisma.case.findUniqueOrThrow({ where: { id: c.id } })).feedbackDeliveredAt).not.toBeNull();
    const reporter = { code: c.code, contact: email };
    await cases.rateCase(ctx(), reporter, { rating: 2, comment: "My neighbour B still has no water." });
    expect((await cases.reopenCase(ctx(), reporter, { reason: "Still leaking into flat No. 12." })).status).toBe("referred");
    // The reporter's words in the history (the rating's comment, the reason) stay out of the follower's view.
    const later = await cases.citizenView(ctx(), { code: c.reference, contact: stranger });
    expect(later.history.map((h) => h.kind)).toEqual(["registered", "answer", "rated", "reopened"]);
    expect(later.history.filter((h) => h.kind === "rated" || h.kind === "reopened").map((h) => h.note)).toEqual([null, null]);
    expect(later.rating).toBeNull();
    expect(JSON.stringify(later)).not.toContain("flat No. 12");
  });

  it("signed in: my cases marks reported and following; photos are the reporter's account's and staff's", async () => {
    const reporter = await person("Reporter");
    const fan = await person("Fan");
    const { c } = await reportedAndFollowed(ctx(reporter.viewer));
    await cases.followCase(ctx(fan.viewer), { code: c.reference });

    expect((await cases.myCases(ctx(reporter.viewer))).map((x) => [x.code, x.reference, x.relation])).toEqual([
      [c.code, c.reference, "reported"],
    ]);
    const theirs = await cases.myCases(ctx(fan.viewer));
    expect(theirs).toEqual([expect.objectContaining({ reference: c.reference, relation: "following", code: null, address: null })]);

    const fanView = await cases.citizenView(ctx(fan.viewer), { code: c.reference });
    expect(fanView).toMatchObject({ relation: "following", code: null, description: null, photos: [], canRate: false });
    // Even by the tracking code, the account that only follows gets the public view.
    expect((await cases.citizenView(ctx(fan.viewer), { code: c.code })).relation).toBe("following");
    await cases.actOnCase(ctx(officer.viewer), { caseId: c.id, action: "answer", answer: "Repaired, thank you for telling us." });
    await expect(cases.rateCase(ctx(fan.viewer), { code: c.reference }, { rating: 5 })).rejects.toMatchObject({ status: 403 });
    await expect(
      cases.reopenCase(ctx(fan.viewer), { code: c.reference }, { reason: "Reopened by someone who only follows." }),
    ).rejects.toMatchObject({ status: 403 });

    const ownView = await cases.citizenView(ctx(reporter.viewer), { code: c.reference });
    expect(ownView).toMatchObject({ relation: "reported", code: c.code, description: WORDS });
    expect(ownView.photos).toHaveLength(1);
    const photo = ownView.photos[0];
    expect(await cases.canViewCasePhoto(reporter.viewer, photo)).toBe(true);
    expect(await cases.canViewCasePhoto(fan.viewer, photo)).toBe(false);
    expect(await cases.canViewCasePhoto(officer.viewer, photo)).toBe(true);
    expect(await cases.canViewCasePhoto((await staff("officer", 5)).viewer, photo)).toBe(false);
    await cases.rateCase(ctx(reporter.viewer), { code: c.reference }, { rating: 5 });
  });

  it("tells followers of the status and the city's answer by the reference; the reporter's words and code stay the reporter's", async () => {
    const { c, email, stranger } = await reportedAndFollowed();
    await cases.actOnCase(ctx(officer.viewer), { caseId: c.id, action: "answer", answer: "The leak was sealed this morning." });
    await cases.reopenCase(ctx(), { code: c.code, contact: email }, { reason: "Still leaking into flat No. 12 of B." });
    const jobs = async (to: string) =>
      (
        await pool().query(
          `SELECT data FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1 AND data->>'template' = 'case-update' ORDER BY created_on`,
          [to],
        )
      ).rows.map((r) => r.data);
    for (const kind of ["answer", "reopened"]) {
      const event = await prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, kind } });
      await notifyFollowers({ caseId: c.id, eventId: String(event.id), origin: "http://test.local" });
    }
    const [toFollowerAnswer, toFollowerReopen] = await jobs(stranger);
    expect(toFollowerAnswer).toMatchObject({
      template: "case-update",
      props: {
        code: c.reference,
        status: "answered",
        text: "The leak was sealed this morning.",
        following: true,
        url: `http://test.local/cases/track?code=${c.reference}`,
      },
    });
    expect(toFollowerAnswer.receipt).toBeUndefined();
    expect(toFollowerReopen.props).toMatchObject({ code: c.reference, status: "referred", text: null });
    const followerMail = JSON.stringify([toFollowerAnswer, toFollowerReopen]);
    for (const secret of [c.code, WORDS, ADDRESS, email, "flat No. 12"]) expect(followerMail).not.toContain(secret);

    const toReporter = (await jobs(email)).filter((j) => j.props.status !== "registered");
    expect(toReporter.map((j) => [j.props.code, j.props.following, j.props.text])).toEqual([
      [c.code, false, "The leak was sealed this morning."],
      [c.code, false, "Still leaking into flat No. 12 of B."],
    ]);
    expect(toReporter[0].receipt).toEqual({ kind: "case.feedback", id: c.id });
    // The email itself, as rendered for a follower.
    const { renderEmail } = await import("../../app/modules/notifications/worker.server");
    const rendered = await renderEmail({ to: stranger, template: "case-update", locale: "en", props: toFollowerAnswer.props });
    expect(rendered.text).toContain(`use the case reference ${c.reference}`);
    expect(rendered.text).toContain("The leak was sealed this morning.");
    for (const secret of [c.code, WORDS, ADDRESS]) expect(JSON.stringify(rendered)).not.toContain(secret);
    const sms = await pool().query(`SELECT data FROM pgboss.job WHERE name = 'sms.send' AND data->'params'->>'code' = $1`, [c.code]);
    expect(sms.rowCount).toBe(0); // nobody here gave a phone; the reporter's SMS would carry the code, a follower's the reference
  });

  it("a merged duplicate names its original by the reference", async () => {
    const original = await submit();
    const dup = await submit();
    const email = (await prisma.caseContact.findFirstOrThrow({ where: { cases: { some: { id: dup.id } } } })).email!;
    await cases.actOnCase(ctx(officer.viewer), { caseId: dup.id, action: "duplicate", duplicateOf: original.reference });
    const view = await cases.citizenView(ctx(), { code: dup.code, contact: email });
    expect(view.mergedIntoReference).toBe(original.reference);
    expect(view.history.find((h) => h.kind === "duplicate")?.note).toBe(original.reference);
    expect(JSON.stringify(view)).not.toContain(original.code);
    // The dup's reporter now follows the original: its public view, not its reporter's.
    expect(await cases.citizenView(ctx(), { code: original.reference, contact: email })).toMatchObject({
      relation: "following",
      description: null,
    });
  });

  it("staff see the reference beside the code, and find a case by either", async () => {
    const c = await submit();
    const byRef = await cases.staffView(ctx(officer.viewer), c.reference.toLowerCase());
    expect(byRef).toMatchObject({ id: c.id, code: c.code, reference: c.reference });
    expect((await cases.inbox(ctx(officer.viewer), { q: c.reference, status: "all" })).cases.map((x) => [x.code, x.reference])).toEqual([
      [c.code, c.reference],
    ]);
    expect((await cases.inbox(ctx(officer.viewer), { q: c.code, status: "all" })).cases.map((x) => x.id)).toEqual([c.id]);
  });

  it("the migration backfills a unique reference for every existing case", async () => {
    await submit();
    await submit();
    const sql = await import("node:fs/promises").then((fs) =>
      fs.readFile(new URL("../../prisma/migrations/20261201100000_case_public_reference/migration.sql", import.meta.url), "utf8"),
    );
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query(`ALTER TABLE cases DROP COLUMN reference`); // the table as it was before the migration
      await client.query(sql);
      const { rows } = await client.query<{ n: number; distinct: number; shaped: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT reference)::int AS distinct, count(*) FILTER (WHERE reference ~ '^C-[2-9A-HJKMNP-TV-Z]{6}$')::int AS shaped FROM cases`,
      );
      expect(rows[0].n).toBeGreaterThan(1);
      expect(rows[0]).toEqual({ n: rows[0].n, distinct: rows[0].n, shaped: rows[0].n });
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});

describe("SLA", () => {
  it("flags overdue cases once, records the neglect against the unit and escalates to the region's manager", async () => {
    const manager = await staff("manager", 3);
    const c = await submit();
    await prisma.case.update({ where: { id: c.id }, data: { dueAt: new Date(Date.now() - 60_000) } });
    expect(await flagOverdueCases()).toBeGreaterThanOrEqual(1);
    expect(await flagOverdueCases()).toBe(0);
    const neglect = await prisma.caseNeglect.findMany({ where: { caseId: c.id } });
    expect(neglect).toMatchObject([{ kind: "overdue", regionId: 3, departmentId: pothole.departmentId }]);
    const { rows } = await pool().query(`SELECT data FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1`, [manager.email]);
    expect(rows.map((r) => r.data.props.code)).toContain(c.code);
    expect((await cases.inbox(ctx(manager.viewer), { overdue: "1" })).cases.map((x) => x.code)).toContain(c.code);
  });
});

describe("following needs the address's consent", () => {
  const jobsTo = async (to: string, template: string) =>
    Number(
      (await pool().query(`SELECT count(*) AS n FROM pgboss.job WHERE data->>'to' = $1 AND data->>'template' = $2`, [to, template])).rows[0]
        .n,
    );
  const tell = async (caseId: string, kind: string) => {
    const event = await prisma.caseEvent.findFirstOrThrow({ where: { caseId, kind }, orderBy: { id: "desc" } });
    await notifyFollowers({ caseId, eventId: String(event.id), origin: "http://test.local" });
  };

  it("an address someone typed hears nothing until it opens the link it was sent; the link works once", async () => {
    const c = await submit();
    const victim = uniqueEmail("victim");
    expect(await cases.followCase(ctx(), { code: c.reference, contactEmail: victim })).toEqual({
      reference: c.reference,
      confirmationSent: true,
    });
    const [sent] = await confirmationsTo(victim);
    expect(sent).toMatchObject({ queue: "email.send", template: "case-follow-confirm", props: { reference: c.reference } });
    // Staff act: the unconfirmed address is not told.
    const officer = await staff("officer", 3);
    await cases.actOnCase(ctx(officer.viewer), { caseId: c.id, action: "answer", answer: "Filled today." });
    await tell(c.id, "answer");
    expect(await jobsTo(victim, "case-update")).toBe(0);
    // The owner of the address says yes: from then on, every step.
    expect(await confirmFollowFrom(victim)).toEqual({ reference: c.reference });
    await tell(c.id, "answer");
    expect(await jobsTo(victim, "case-update")).toBe(1);
    // The link is spent; a made-up one is refused the same way.
    await expect(confirmFollowFrom(victim)).rejects.toMatchObject({ code: "cases.error.followToken", status: 404 });
    await expect(cases.confirmFollow(ctx(), { token: "x".repeat(32) })).rejects.toMatchObject({
      code: "cases.error.followToken",
      status: 404,
    });
    await expect(cases.confirmFollow(ctx(), { token: "bad token\u0000".repeat(3) })).rejects.toBeInstanceOf(ValidationError);
  });

  it("a phone number gets its link by SMS; a signed-in account's own verified email needs no link", async () => {
    const c = await submit();
    const phone = `0912${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    await cases.followCase(ctx(), { code: c.reference, contactPhone: phone });
    const bySms = await confirmationsTo(phone); // stored as typed here: 09…
    expect(bySms).toEqual([expect.objectContaining({ queue: "sms.send", template: "case-follow-confirm" })]);

    const fan = await person("Fan");
    expect(await cases.followCase(ctx(fan.viewer), { code: c.reference })).toEqual({ reference: c.reference, confirmationSent: false });
    expect(await confirmationsTo(fan.email)).toEqual([]);
    const row = await prisma.caseFollower.findFirstOrThrow({ where: { caseId: c.id, contact: { email: fan.email } } });
    expect(row.confirmedAt).not.toBeNull();
    // Signed in but naming another address: that address is asked first.
    const other = uniqueEmail("other");
    expect(await cases.followCase(ctx(fan.viewer), { code: c.reference, contactEmail: other })).toMatchObject({ confirmationSent: true });
  });

  it("limits confirmation requests per address, so nobody's inbox can be flooded", async () => {
    const target = uniqueEmail("flooded");
    for (let i = 0; i < cases.FOLLOW_LIMIT.perAddress; i++) {
      const c = await submit();
      await cases.followCase(ctx(), { code: c.reference, contactEmail: target });
    }
    const c = await submit();
    await expect(cases.followCase(ctx(), { code: c.reference, contactEmail: target })).rejects.toMatchObject({ status: 429 });
    expect(await confirmationsTo(target)).toHaveLength(cases.FOLLOW_LIMIT.perAddress);
    expect(await prisma.caseFollower.count({ where: { caseId: c.id } })).toBe(1); // the reporter only
  });
});

describe("photos on the public card", () => {
  const png = () =>
    sharp({ create: { width: 8, height: 8, channels: 3, background: "#3a3" } })
      .png()
      .toBuffer();
  it("a case photo is public only once staff in scope show it; they can take it back; audited", async () => {
    const c = await submit({ ...freshPoint() }, { uploads: [{ name: "p.png", bytes: await png() }] });
    const [photo] = (await prisma.mediaFile.findMany({ where: { subjectType: "case", subjectId: c.id } })).map((m) => m.id);
    expect((await cases.publicCase(c.reference))?.photos).toEqual([]);
    expect(await mediaBytes(photo, false)).toBeNull(); // /media serves it to nobody but the reporter and staff
    const elsewhere = await staff("officer", 5);
    await expect(cases.setCasePhotoPublic(ctx(elsewhere.viewer), { caseId: c.id, mediaId: photo, public: true })).rejects.toMatchObject({
      status: 404,
    });
    await expect(cases.setCasePhotoPublic(ctx(), { caseId: c.id, mediaId: photo, public: true })).rejects.toMatchObject({ status: 401 });
    const officer = await staff("officer", 3);
    await cases.setCasePhotoPublic(ctx(officer.viewer), { caseId: c.id, mediaId: photo, public: "true" });
    expect((await cases.publicCase(c.reference))?.photos).toEqual([photo]);
    expect(await mediaBytes(photo, false)).not.toBeNull();
    // Not a photo of this case: nothing changes.
    const other = await submit({ ...freshPoint() }, { uploads: [{ name: "q.png", bytes: await png() }] });
    const [otherPhoto] = (await prisma.mediaFile.findMany({ where: { subjectType: "case", subjectId: other.id } })).map((m) => m.id);
    await expect(cases.setCasePhotoPublic(ctx(officer.viewer), { caseId: c.id, mediaId: otherPhoto, public: true })).rejects.toMatchObject({
      status: 404,
    });
    await cases.setCasePhotoPublic(ctx(officer.viewer), { caseId: c.id, mediaId: photo, public: "false" });
    expect((await cases.publicCase(c.reference))?.photos).toEqual([]);
    expect(
      await prisma.auditEvent.count({ where: { subjectId: c.id, action: { in: ["cases.photoPublished", "cases.photoWithdrawn"] } } }),
    ).toBe(2);
  });
});

describe("the inbox", () => {
  it("shows officers their scope only, filters, and pages by keyset", async () => {
    const officer12 = await staff("officer", 12);
    const inRegion12 = [];
    for (let i = 0; i < 3; i++) inRegion12.push(await submit({ ...offset(BAZAAR, 0, 300 * i), confirmNew: true }));
    const page1 = await cases.inbox(ctx(officer12.viewer), { first: 2 });
    expect(page1.cases.every((x) => x.regionId === 12)).toBe(true);
    expect(page1.cases).toHaveLength(2);
    const page2 = await cases.inbox(ctx(officer12.viewer), { first: 2, after: page1.nextCursor });
    const seen = [...page1.cases, ...page2.cases].map((x) => x.code);
    for (const c of inRegion12) expect(seen).toContain(c.code);
    expect(new Set(seen).size).toBe(seen.length);
    // Asking for another region's cases gives nothing, not those cases.
    expect((await cases.inbox(ctx(officer12.viewer), { regionId: 3 })).cases).toHaveLength(0);
  });
});

describe("region performance", () => {
  it("counts received, answered, within SLA, feedback and satisfaction, beside a year earlier", async () => {
    const admin = await staff("admin");
    const officer = await staff("officer", 12);
    const a = await submit({ ...offset(BAZAAR, 500, 0), confirmNew: true });
    await cases.actOnCase(ctx(officer.viewer), { caseId: a.id, action: "answer", answer: "Filled and levelled this morning." });
    await cases.markFeedbackDelivered(a.id, "seen");
    await prisma.case.update({ where: { id: a.id }, data: { rating: 4, ratedAt: new Date() } });
    const lastYear = await submit({ ...offset(BAZAAR, 600, 0), confirmNew: true });
    await prisma.case.update({ where: { id: lastYear.id }, data: { createdAt: new Date(Date.now() - 365 * 86_400_000 - 3_600_000) } });
    const report = await cases.regionPerformance(ctx(admin.viewer), {});
    const r12 = report.regions.find((r) => r.regionId === 12)!;
    expect(r12.answered).toBeGreaterThanOrEqual(1);
    expect(r12.answeredWithinSlaPct).toBeGreaterThan(0);
    expect(r12.feedbackDeliveredPct).toBeGreaterThan(0);
    expect(r12.avgSatisfaction).toBeGreaterThan(0);
    expect(r12.previous?.received).toBe(1);
    await expect(cases.regionPerformance(ctx(), {})).rejects.toBeInstanceOf(AppError);
    const citizen = await person("Curious");
    await expect(cases.regionPerformance(ctx(citizen.viewer), {})).rejects.toMatchObject({ status: 403 });
  });
});

// Last in the file: it adds hundreds of cases to this file's database.
describe("the bulk demo generator (scripts/generate-cases.ts)", () => {
  it("gives every generated case a unique public reference, and names a duplicate's original by it", async () => {
    const { generateCases } = await import("../../scripts/generate-cases");
    const client = await pool().connect();
    try {
      await generateCases(client, { count: 400, days: 60, seed: 7 });
    } finally {
      client.release();
    }
    const { rows } = await pool().query<{ n: number; distinct: number; shaped: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT reference)::int AS distinct, count(*) FILTER (WHERE reference ~ '^C-[2-9A-HJKMNP-TV-Z]{6}$')::int AS shaped FROM cases`,
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(400);
    expect(rows[0]).toEqual({ n: rows[0].n, distinct: rows[0].n, shaped: rows[0].n });
    const dups = await pool().query<{ note: string; reference: string; code: string }>(
      `SELECT e.note, o.reference, o.code FROM case_events e JOIN cases c ON c.id = e.case_id JOIN cases o ON o.id = c.merged_into_id WHERE e.kind = 'duplicate'`,
    );
    expect(dups.rowCount).toBeGreaterThan(0);
    for (const d of dups.rows) expect(d.note).toBe(d.reference);
  });
});
