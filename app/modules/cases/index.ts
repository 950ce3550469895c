// Case intake (the 137 module): a citizen's message is registered with a tracking code, routed to a
// region (point-in-polygon) and a department (by category), worked through the workflow, answered —
// and the citizen is always told. The case's own history (case_events, append-only) is its audit
// trail: every step records who, when, from, to and why.
//
// Corruption reports (the whistleblower channel) are a separate, inspector-only part of this
// module: see reports.server.ts. Nothing here reads or lists them.
import type pg from "pg";
import { pool, prisma, type Tx } from "~/platform/db/client.server";
import { config } from "~/platform/config.server";
import type { RequestContext, Viewer } from "~/platform/context";
import { AppError, forbidden, notFound, parseInput, ValidationError } from "~/platform/errors";
import { encodeMessage, type Locale } from "~/platform/i18n";
import { enqueue } from "~/platform/jobs.server";
import { attachPhotos, photosOf, processPhotos, type Upload } from "~/platform/media.server";
import { hit, minutesUntil } from "~/platform/rate-limit.server";
import { hasRole, isSignedIn, isStaff, onAccountDeleted, requireUser } from "~/modules/identity";
import { phone as phoneSchema } from "~/modules/identity/schemas";
import { regionAt, regionExists, unitNames } from "~/modules/city";
import { metresBetween, newTrackingCode } from "./codes";
import {
  CategoryInput,
  ContactSearchInput,
  FollowCaseInput,
  InboxInput,
  LIMITS,
  NearbyInput,
  OPEN_STATUSES,
  RateCaseInput,
  ReopenCaseInput,
  StaffCaseInput,
  SubmitCaseInput,
  TrackInput,
  TransitionInput,
  trackingCode,
  UpdateCategoryInput,
  type CaseStatus,
  type StaffAction,
} from "./schemas";
import { parseUnit, unitOf, type Unit } from "./units";
import { actionsFor, canRegisterCalls, canSeeCase, mayAct, WORKFLOW } from "./workflow";

export * from "./schemas";
export { actionsFor, canRegisterCalls, canSeeCase, WORKFLOW } from "./workflow";
export { unitName, unitOf, type Unit } from "./units";
export { regionPerformance, type RegionFigures, type RegionPerformance } from "./performance";

// A deleted account's contact details go; its cases stay (the city's record), without personal data.
async function forgetContacts(tx: Tx, userId: string) {
  await tx.caseContact.updateMany({ where: { userId }, data: { name: null, email: null, phone: null } });
}
onAccountDeleted(forgetContacts);

// ── Categories (admin-managed tree) ────────────────────────────────────────────────────────

export type Category = { id: number; slug: string; parentId: number | null; nameFa: string; nameEn: string; departmentId: number | null; slaHours: number; active: boolean; position: number };

// Read on every submission: cached per process for a short while (admins' edits show within
// CATEGORY_TTL_MS on every process; the editing process drops its cache at once).
const CATEGORY_TTL_MS = 30_000;
let categoryCache: { at: number; rows: Promise<Category[]> } | undefined;

function allCategories(): Promise<Category[]> {
  if (!categoryCache || Date.now() - categoryCache.at > CATEGORY_TTL_MS) {
    const rows = prisma.caseCategory.findMany({
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: { id: true, slug: true, parentId: true, nameFa: true, nameEn: true, departmentId: true, slaHours: true, active: true, position: true },
    });
    categoryCache = { at: Date.now(), rows };
    rows.catch(() => (categoryCache = undefined));
  }
  return categoryCache.rows;
}

export type CategoryNode = Category & { children: CategoryNode[] };

/** The category tree; citizens see active categories only, admins everything. */
export async function categoryTree(opts: { includeInactive?: boolean } = {}): Promise<CategoryNode[]> {
  const rows = (await allCategories()).filter((c) => opts.includeInactive || c.active);
  const byParent = new Map<number | null, Category[]>();
  for (const c of rows) byParent.set(c.parentId, [...(byParent.get(c.parentId) ?? []), c]);
  const build = (parentId: number | null): CategoryNode[] => (byParent.get(parentId) ?? []).map((c) => ({ ...c, children: build(c.id) }));
  return build(null);
}

export async function listCategories(opts: { includeInactive?: boolean } = {}) {
  return (await allCategories()).filter((c) => opts.includeInactive || c.active);
}

export async function createCategory(ctx: RequestContext, raw: unknown) {
  const admin = requireAdmin(ctx.viewer);
  const input = parseInput(CategoryInput, raw);
  return saveCategory(admin.user.id, null, input);
}

export async function updateCategory(ctx: RequestContext, raw: unknown) {
  const admin = requireAdmin(ctx.viewer);
  const { id, ...input } = parseInput(UpdateCategoryInput, raw);
  if (!(await prisma.caseCategory.findUnique({ where: { id } }))) throw notFound();
  if (input.parentId !== undefined && (await isDescendant(input.parentId, id))) throw new ValidationError({ parentId: [encodeMessage("cases.error.parentCycle")] });
  return saveCategory(admin.user.id, id, input);
}

async function isDescendant(candidate: number, of: number) {
  const rows = await allCategories();
  for (let at: number | null | undefined = candidate; at != null; at = rows.find((c) => c.id === at)?.parentId) if (at === of) return true;
  return false;
}

async function saveCategory(actorId: string, id: number | null, input: ReturnType<typeof CategoryInput.parse>) {
  const data = { ...input, parentId: input.parentId ?? null, departmentId: input.departmentId ?? null };
  try {
    const row = await prisma.$transaction(async (tx) => {
      const saved = id ? await tx.caseCategory.update({ where: { id }, data }) : await tx.caseCategory.create({ data });
      await tx.auditEvent.create({ data: { actorId, action: id ? "cases.updateCategory" : "cases.createCategory", subjectType: "caseCategory", subjectId: String(saved.id), data: input } });
      return saved;
    });
    categoryCache = undefined;
    return row;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "P2002") throw new ValidationError({ slug: [encodeMessage("cases.error.slugTaken")] });
    if (code === "P2003") throw new ValidationError({ departmentId: [encodeMessage("validation.invalid")] });
    throw error;
  }
}

function requireAdmin(viewer: Viewer) {
  const user = requireUser(viewer);
  if (!hasRole(viewer, "admin")) throw forbidden();
  return user;
}

// ── Submission ─────────────────────────────────────────────────────────────────────────────

export type NearbyCase = { id: string; code: string; status: CaseStatus; address: string | null; createdAt: Date; distanceMetres: number; followers: number };
export type SubmitResult =
  | { kind: "created"; id: string; code: string; status: CaseStatus; regionId: number | null; departmentId: number | null; dueAt: Date; replayed: boolean }
  | { kind: "nearby"; cases: NearbyCase[] };

type Channel = "web" | "phone" | "api";

/**
 * Registers a citizen's case (site, call centre or API). Idempotent on `idempotencyKey`. Unless the
 * citizen confirmed (`confirmNew`), open cases of the same category within ~50 m come back instead
 * of a new case, so the citizen can follow one of them.
 *
 * The write is plain SQL in one transaction of four round trips (BEGIN; one statement writing the
 * contact, case, follower and history entry; the notify job; COMMIT), with prepared statements:
 * the intake must take the city's record day in bursts, and Prisma costs several times more CPU
 * per row (bench/cases.ts measures it).
 */
export async function submitCase(ctx: RequestContext, raw: unknown, opts: { channel?: Channel; uploads?: Upload[] } = {}): Promise<SubmitResult> {
  const channel = opts.channel ?? "web";
  if (channel === "phone" && !canRegisterCalls(ctx.viewer)) throw forbidden();
  const input = parseInput(SubmitCaseInput, raw);

  if (input.idempotencyKey) {
    const existing = await existingByKey(input.idempotencyKey);
    if (existing) return { ...existing, kind: "created", replayed: true };
  }

  const category = (await allCategories()).find((c) => c.id === input.categoryId && c.active);
  if (!category) throw new ValidationError({ categoryId: [encodeMessage("validation.invalid")] });
  if ((await allCategories()).some((c) => c.parentId === category.id && c.active)) throw new ValidationError({ categoryId: [encodeMessage("cases.error.categoryLeaf")] });

  let regionId: number | null;
  if (input.latitude !== undefined && input.longitude !== undefined) {
    regionId = await regionAt(input.latitude, input.longitude);
    if (regionId === null) throw new ValidationError({ location: [encodeMessage("cases.error.outsideCity")] });
  } else {
    regionId = input.regionId!;
    if (!(await regionExists(regionId))) throw new ValidationError({ location: [encodeMessage("validation.invalid")] });
  }

  const contact = await contactFor(ctx, channel, input);
  const photos = await processPhotos("photos", opts.uploads ?? []);
  await throttleSubmissions(ctx, channel);

  if (!input.confirmNew && input.latitude !== undefined && input.longitude !== undefined) {
    const cases = await nearbyOpenCases({ categoryId: category.id, latitude: input.latitude, longitude: input.longitude });
    if (cases.length > 0) {
      // A retry racing its own first attempt must get the case, not "already reported nearby".
      const existing = input.idempotencyKey ? await existingByKey(input.idempotencyKey) : null;
      return existing ? { ...existing, kind: "created", replayed: true } : { kind: "nearby", cases };
    }
  }

  const dueAt = new Date(Date.now() + category.slaHours * 3_600_000);
  const client = await pool().connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query("BEGIN");
        const code = newTrackingCode();
        // Contact (unless known), case, first follower and the "registered" history entry in one
        // statement: one round trip instead of four.
        const inserted = await client.query<{ id: string; event_id: string }>({
          name: "cases.submit",
          text: REGISTER_CASE_SQL,
          values: [
            code, input.idempotencyKey ?? null, channel, category.id, regionId, category.departmentId, input.description, input.address ?? null,
            input.latitude ?? null, input.longitude ?? null, channel === "phone" ? viewerId(ctx.viewer) : null, dueAt,
            contact.id ?? null, contact.userId, contact.name, contact.email, contact.phone, contact.locale,
            viewerId(ctx.viewer), unitOf(regionId, category.departmentId), channel,
          ],
        });
        if (!inserted.rows[0]) {
          // The same key won a race with this request: answer with the case that exists.
          await client.query("ROLLBACK");
          const existing = await existingByKey(input.idempotencyKey!, client);
          return { ...existing!, kind: "created", replayed: true };
        }
        const { id, event_id: eventId } = inserted.rows[0];
        await attachPhotos(client, photos, { type: "case", id, public: false, createdById: viewerId(ctx.viewer) });
        await enqueue(client, "caseNotify", { caseId: id, eventId: String(eventId) });
        await client.query("COMMIT");
        return { kind: "created", id, code, status: "registered", regionId, departmentId: category.departmentId, dueAt, replayed: false };
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        // A tracking-code collision (1 in ~10⁶ at a million cases): draw again.
        if ((error as { constraint?: string }).constraint === "cases_code_key" && attempt < 3) continue;
        throw error;
      }
    }
  } finally {
    client.release();
  }
}

// $1–$12: the case; $13: an existing contact's id, else $14–$18 make a new contact; $19–$21: the
// history entry's actor, unit and note (the channel). No row when the idempotency key is already
// taken: nothing is kept (the caller rolls back the new contact).
const REGISTER_CASE_SQL = `
  WITH new_contact AS (
    INSERT INTO case_contacts (user_id, name, email, phone, locale)
    SELECT $14::uuid, $15::text, $16::text, $17::text, $18::"Locale" WHERE $13::uuid IS NULL
    RETURNING id
  ), created AS (
    INSERT INTO cases (code, idempotency_key, channel, category_id, region_id, department_id, description, address, lat, lng, registered_by_id, due_at, contact_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, coalesce($13::uuid, (SELECT id FROM new_contact)))
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, contact_id
  ), follower AS (
    INSERT INTO case_followers (case_id, contact_id) SELECT id, contact_id FROM created
  ), registered AS (
    INSERT INTO case_events (case_id, kind, to_status, actor_id, unit, note)
    SELECT id, 'registered', 'registered'::"CaseStatus", $19::uuid, $20::text, $21::text FROM created
    RETURNING id
  )
  SELECT created.id, registered.id AS event_id FROM created, registered`;

/** `db`: the caller's client when it holds one (never wait for a second pooled connection while holding one). */
async function existingByKey(key: string, db: pg.Pool | pg.PoolClient = pool()) {
  const { rows } = await db.query<{ id: string; code: string; status: CaseStatus; region_id: number | null; department_id: number | null; due_at: Date }>({
    name: "cases.byKey", // prepared once per connection: parsed and planned once
    text: `SELECT id, code, status, region_id, department_id, due_at FROM cases WHERE idempotency_key = $1`,
    values: [key],
  });
  const r = rows[0];
  return r ? { id: r.id, code: r.code, status: r.status, regionId: r.region_id, departmentId: r.department_id, dueAt: r.due_at } : null;
}

const viewerId = (viewer: Viewer) => (isSignedIn(viewer) ? viewer.user.id : null);

type ContactDraft = { id?: string; userId: string | null; name: string | null; email: string | null; phone: string | null; locale: Locale };

async function contactFor(ctx: RequestContext, channel: Channel, input: ReturnType<typeof SubmitCaseInput.parse>): Promise<ContactDraft> {
  if (channel === "phone") {
    // The operator found the caller (contactId) or is creating a contact from the caller's number.
    if (input.contactId) {
      const found = await prisma.caseContact.findUnique({ where: { id: input.contactId }, select: { id: true, userId: true, name: true, email: true, phone: true, locale: true } });
      if (!found) throw new ValidationError({ contactId: [encodeMessage("validation.invalid")] });
      return found;
    }
    if (!input.contactPhone) throw new ValidationError({ contactPhone: [encodeMessage("validation.required")] });
    return { userId: null, name: input.contactName ?? null, email: input.contactEmail ?? null, phone: input.contactPhone, locale: ctx.locale };
  }
  if (isSignedIn(ctx.viewer)) {
    const user = ctx.viewer.user;
    const email = input.contactEmail ?? user.email;
    const phone = input.contactPhone ?? user.phone;
    const existing = await prisma.caseContact.findFirst({ where: { userId: user.id, email, phone }, select: { id: true, userId: true, name: true, email: true, phone: true, locale: true } });
    return existing ?? { userId: user.id, name: input.contactName ?? user.displayName, email, phone, locale: ctx.locale };
  }
  if (!input.contactEmail && !input.contactPhone) throw new ValidationError({ contact: [encodeMessage("cases.error.contactRequired")] });
  return { userId: null, name: input.contactName ?? null, email: input.contactEmail ?? null, phone: input.contactPhone ?? null, locale: ctx.locale };
}

async function throttleSubmissions(ctx: RequestContext, channel: Channel) {
  const perHour = config().caseSubmitLimitPerHour;
  if (perHour === 0 || channel === "phone" || isStaff(ctx.viewer)) return;
  const who = isSignedIn(ctx.viewer) ? `user:${ctx.viewer.user.id}` : `ip:${ctx.ip ?? "unknown"}`;
  const bucket = await hit(`cases.submit:${who}`, 3600);
  if (bucket.count > perHour) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(bucket.resetAt) });
}

/** Open cases of a category within ~50 m of a point (nearest first): "is this already reported?" */
export async function nearbyOpenCases(raw: unknown): Promise<NearbyCase[]> {
  const { categoryId, latitude, longitude } = parseInput(NearbyInput, raw);
  // A bounding box the (category, lat, lng) index can serve, then the exact distance.
  const dLat = LIMITS.nearbyMetres / 111_320;
  const dLng = LIMITS.nearbyMetres / (111_320 * Math.cos((latitude * Math.PI) / 180));
  // Plain SQL: Prisma's `_count` joins an aggregate of every follower row (over a second at a
  // million cases) whenever an open case is near; here followers are counted for the ≤ 20 rows only.
  const { rows } = await pool().query<{ id: string; code: string; status: CaseStatus; address: string | null; lat: number; lng: number; created_at: Date; followers: number }>({
    name: "cases.nearby",
    text: `SELECT c.id, c.code, c.status, c.address, c.lat, c.lng, c.created_at,
                  (SELECT count(*)::int FROM case_followers f WHERE f.case_id = c.id) AS followers
             FROM cases c
            WHERE c.category_id = $1 AND c.status = ANY($2::"CaseStatus"[])
              AND c.lat >= $3 AND c.lat <= $4 AND c.lng >= $5 AND c.lng <= $6
            ORDER BY c.id LIMIT 20`,
    values: [categoryId, [...OPEN_STATUSES], latitude - dLat, latitude + dLat, longitude - dLng, longitude + dLng],
  });
  return rows
    .map((r) => ({ id: r.id, code: r.code, status: r.status, address: r.address, createdAt: r.created_at, followers: r.followers, distanceMetres: Math.round(metresBetween(latitude, longitude, r.lat, r.lng)) }))
    .filter((r) => r.distanceMetres <= LIMITS.nearbyMetres)
    .sort((a, b) => a.distanceMetres - b.distanceMetres)
    .slice(0, 5);
}

/** Adds the citizen as a follower of an open case (instead of reporting it again). */
export async function followCase(ctx: RequestContext, raw: unknown) {
  const input = parseInput(FollowCaseInput, raw);
  const c = await prisma.case.findUnique({ where: { code: input.code }, select: { id: true, code: true, status: true } });
  if (!c || !(OPEN_STATUSES as readonly string[]).includes(c.status)) throw new ValidationError({ code: [encodeMessage("cases.error.notOpen")] });
  let contact: ContactDraft;
  if (isSignedIn(ctx.viewer)) {
    const user = ctx.viewer.user;
    const email = input.contactEmail ?? user.email;
    const phone = input.contactPhone ?? user.phone;
    contact = (await prisma.caseContact.findFirst({ where: { userId: user.id, email, phone } })) ?? { userId: user.id, name: user.displayName, email, phone, locale: ctx.locale };
  } else {
    if (!input.contactEmail && !input.contactPhone) throw new ValidationError({ contact: [encodeMessage("cases.error.contactRequired")] });
    contact = { userId: null, name: input.contactName ?? null, email: input.contactEmail ?? null, phone: input.contactPhone ?? null, locale: ctx.locale };
  }
  await prisma.$transaction(async (tx) => {
    const contactId = contact.id ?? (await tx.caseContact.create({ data: { userId: contact.userId, name: contact.name, email: contact.email, phone: contact.phone, locale: contact.locale } })).id;
    const added = await tx.caseFollower.createMany({ data: [{ caseId: c.id, contactId }], skipDuplicates: true });
    if (added.count) await tx.caseEvent.create({ data: { caseId: c.id, kind: "followed", actorId: viewerId(ctx.viewer), public: false } });
  });
  return { code: c.code };
}

// ── Citizens: tracking, my cases, rating, reopening ────────────────────────────────────────

const TRACK_LIMIT = { attempts: 30, windowSeconds: 15 * 60 };

/** How a citizen reaches their case: tracking code + contact, or being signed in. */
export type CitizenAccess = { code: string; contact?: string };

async function citizenCaseId(ctx: RequestContext, access: CitizenAccess): Promise<string> {
  if (access.contact === undefined || access.contact === "") {
    // Signed in: the case must be one the account follows.
    if (!isSignedIn(ctx.viewer)) throw new ValidationError({ contact: [encodeMessage("validation.required")] });
    const code = parseInput(TrackInput.shape.code, access.code);
    const c = await prisma.case.findFirst({ where: { code, followers: { some: { contact: { userId: ctx.viewer.user.id } } } }, select: { id: true } });
    if (!c) throw notFound();
    return c.id;
  }
  const { code, contact } = parseInput(TrackInput, access);
  // Throttled per address: codes are not guessable, but a contact can be.
  const bucket = await hit(`cases.track:${ctx.ip ?? "unknown"}`, TRACK_LIMIT.windowSeconds);
  if (bucket.count > TRACK_LIMIT.attempts) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(bucket.resetAt) });
  const asPhone = phoneSchema.safeParse(contact);
  const c = await prisma.case.findFirst({
    where: { code, followers: { some: { contact: asPhone.success ? { phone: asPhone.data } : { email: contact } } } },
    select: { id: true },
  });
  // One answer for "no such code" and "not your contact": a code alone tells nothing.
  if (!c) throw new ValidationError({ code: [encodeMessage("cases.error.trackNotFound")] });
  return c.id;
}

export type HistoryEntry = { id: string; kind: string; fromStatus: CaseStatus | null; toStatus: CaseStatus | null; unit: Unit | null; note: string | null; public: boolean; createdAt: Date; actorName?: string | null };
/** A stored unit with its region and department names (both languages). */
export async function unitFrom(stored: string | null): Promise<Unit | null> {
  const ids = parseUnit(stored);
  if (!ids) return null;
  const names = await unitNames();
  return { ...ids, region: ids.regionId ? (names.regions.get(ids.regionId) ?? null) : null, department: ids.departmentId ? (names.departments.get(ids.departmentId) ?? null) : null };
}

const caseSelect = {
  id: true, code: true, status: true, channel: true, description: true, address: true, lat: true, lng: true,
  regionId: true, departmentId: true, dueAt: true, overdueAt: true, createdAt: true, updatedAt: true,
  answer: true, answeredAt: true, feedbackDeliveredAt: true, closedAt: true, referredOnTo: true,
  rating: true, ratingComment: true, ratedAt: true, reopenedAt: true,
  category: { select: { id: true, nameFa: true, nameEn: true, slaHours: true } },
  mergedInto: { select: { code: true } },
} as const;

/** What a citizen sees of their case: no staff names, no internal notes, no other followers. */
export async function citizenView(ctx: RequestContext, access: CitizenAccess) {
  const id = await citizenCaseId(ctx, access);
  let c = await prisma.case.findUniqueOrThrow({ where: { id }, select: caseSelect });
  if (c.status === "answered" && !c.feedbackDeliveredAt) {
    // The citizen is reading the answer: it has reached them.
    await markFeedbackDelivered(id, "seen");
    c = { ...c, feedbackDeliveredAt: new Date() };
  }
  const events = await prisma.caseEvent.findMany({ where: { caseId: id, public: true }, orderBy: { id: "asc" } });
  const answerEvent = [...events].reverse().find((e) => e.kind === "answer");
  const photos = isSignedIn(ctx.viewer) ? await photosOf("case", [id]) : [];
  return {
    ...c,
    mergedIntoCode: c.mergedInto?.code ?? null,
    answeredBy: answerEvent ? await unitFrom(answerEvent.unit) : null,
    unit: await unitFrom(unitOf(c.regionId, c.departmentId)),
    history: await Promise.all(events.map(async (e) => ({ id: String(e.id), kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, unit: await unitFrom(e.unit), note: e.note, public: e.public, createdAt: e.createdAt }))),
    photos: photos.map((p) => p.id),
    canRate: canRate(c),
    canReopen: canReopen(c),
  };
}

const canRate = (c: { status: CaseStatus; answeredAt: Date | null; ratedAt: Date | null }) =>
  (c.status === "answered" || c.status === "closed") && c.answeredAt !== null && (c.ratedAt === null || c.ratedAt < c.answeredAt);
const canReopen = (c: { status: CaseStatus; answeredAt: Date | null; reopenedAt: Date | null }, now = new Date()) =>
  (c.status === "answered" || c.status === "closed") && c.reopenedAt === null && c.answeredAt !== null && now.getTime() - c.answeredAt.getTime() <= LIMITS.reopenDays * 86_400_000;

/** The signed-in citizen's cases (submitted or followed), newest first. */
export async function myCases(ctx: RequestContext) {
  const viewer = requireUser(ctx.viewer);
  return prisma.case.findMany({
    where: { followers: { some: { contact: { userId: viewer.user.id } } } },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, code: true, status: true, createdAt: true, dueAt: true, answeredAt: true, address: true, regionId: true, category: { select: { nameFa: true, nameEn: true } } },
  });
}

export async function rateCase(ctx: RequestContext, access: CitizenAccess, raw: unknown) {
  const id = await citizenCaseId(ctx, access);
  const { rating, comment } = parseInput(RateCaseInput, raw);
  return prisma.$transaction(async (tx) => {
    const c = await lockCase(tx, id);
    if (!canRate(c)) throw new AppError("cases.error.cannotRate", 409);
    await tx.case.update({ where: { id }, data: { rating, ratingComment: comment ?? null, ratedAt: new Date() } });
    await tx.caseEvent.create({ data: { caseId: id, kind: "rated", actorId: viewerId(ctx.viewer), note: comment ? `${rating}/5 — ${comment}` : `${rating}/5`, public: true } });
    return { code: c.code, rating };
  });
}

/** Once, within 14 days of the answer, a dissatisfied citizen sends the case back to the unit. */
export async function reopenCase(ctx: RequestContext, access: CitizenAccess, raw: unknown) {
  const id = await citizenCaseId(ctx, access);
  const { reason } = parseInput(ReopenCaseInput, raw);
  return prisma.$transaction(async (tx) => {
    const c = await lockCase(tx, id);
    if (!canReopen(c)) throw new AppError(c.reopenedAt ? "cases.error.reopenedOnce" : "cases.error.reopenWindow", 409, { days: LIMITS.reopenDays });
    const category = await tx.caseCategory.findUniqueOrThrow({ where: { id: c.categoryId }, select: { slaHours: true } });
    await tx.case.update({
      where: { id },
      data: { status: "referred", reopenedAt: new Date(), answer: null, answeredAt: null, answeredById: null, feedbackDeliveredAt: null, closedAt: null, overdueAt: null, dueAt: new Date(Date.now() + category.slaHours * 3_600_000) },
    });
    const event = await tx.caseEvent.create({ data: { caseId: id, kind: "reopened", fromStatus: c.status, toStatus: "referred", actorId: viewerId(ctx.viewer), unit: unitOf(c.regionId, c.departmentId), note: reason, public: true } });
    await enqueue(tx, "caseNotify", { caseId: id, eventId: String(event.id) });
    return { code: c.code, status: "referred" as const };
  });
}

/** Locks the case's row for the transaction and reads it; not found is the caller's 404. */
async function lockCase(tx: Tx, id: string) {
  await tx.$executeRaw`SELECT 1 FROM cases WHERE id = ${id}::uuid FOR UPDATE`;
  const c = await tx.case.findUnique({ where: { id } });
  if (!c) throw notFound();
  return c;
}

// ── Staff: inbox, case page, workflow ──────────────────────────────────────────────────────

/** A typed code as stored (XXXX-XXXX); what does not parse stays as typed (it then matches nothing). */
const normalCode = (typed: string) => {
  const parsed = trackingCode.safeParse(typed);
  return parsed.success ? parsed.data : typed;
};

function requireCaseStaff(viewer: Viewer) {
  const user = requireUser(viewer);
  if (!(["admin", "operator", "inspector", "officer", "manager"] as const).some((r) => hasRole(viewer, r))) throw forbidden();
  return user;
}

/** The scopes a viewer's inbox covers: null = every case (operators, inspectors, admins). */
function inboxScopes(viewer: Viewer) {
  if (hasRole(viewer, "admin") || hasRole(viewer, "operator") || hasRole(viewer, "inspector")) return null;
  if (!isSignedIn(viewer)) return [];
  return viewer.roles.filter((g) => g.role === "officer" || g.role === "manager").map((g) => ({ regionId: g.regionId, departmentId: g.departmentId }));
}

export type InboxRow = { id: string; code: string; status: CaseStatus; createdAt: Date; dueAt: Date; overdueAt: Date | null; regionId: number | null; departmentId: number | null; address: string | null; channel: string; categoryId: number; description: string };

/** The officer's inbox: cases in their regions/departments, filtered, newest first, by keyset pages. */
export async function inbox(ctx: RequestContext, raw: unknown) {
  requireCaseStaff(ctx.viewer);
  const input = parseInput(InboxInput, raw);
  const scopes = inboxScopes(ctx.viewer);
  const where: Record<string, unknown>[] = [];
  if (scopes) {
    where.push({ OR: scopes.map((s) => ({ ...(s.regionId !== null ? { regionId: s.regionId } : {}), ...(s.departmentId !== null ? { departmentId: s.departmentId } : {}) })) });
  }
  if (input.status === "open") where.push({ status: { in: [...OPEN_STATUSES] } });
  else if (input.status !== "all") where.push({ status: input.status });
  if (input.regionId) where.push({ regionId: input.regionId });
  if (input.departmentId) where.push({ departmentId: input.departmentId });
  if (input.categoryId) where.push({ categoryId: input.categoryId });
  if (input.overdue) where.push({ overdueAt: { not: null } });
  if (input.q) where.push({ code: normalCode(input.q) });
  if (input.after) {
    const [at, id] = input.after.split("_");
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? "")) throw new ValidationError({ after: [encodeMessage("validation.invalid")] });
    where.push({ OR: [{ createdAt: { lt: date } }, { createdAt: date, id: { lt: id } }] });
  }
  const rows = await prisma.case.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.first + 1,
    select: { id: true, code: true, status: true, createdAt: true, dueAt: true, overdueAt: true, regionId: true, departmentId: true, address: true, channel: true, categoryId: true, description: true },
  });
  const page = rows.slice(0, input.first);
  const last = page.at(-1);
  return {
    cases: page.map((r) => ({ ...r, description: r.description.slice(0, 160) })) as InboxRow[],
    nextCursor: rows.length > input.first && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
  };
}

/** The whole case for staff who may see it: contact, photos, full history, and the actions open to them. */
export async function staffView(ctx: RequestContext, idOrCode: string) {
  requireCaseStaff(ctx.viewer);
  ({ idOrCode } = parseInput(StaffCaseInput, { idOrCode }));
  const where = /^[0-9a-f-]{36}$/i.test(idOrCode) ? { id: idOrCode } : { code: normalCode(idOrCode) };
  const c = await prisma.case.findUnique({
    where,
    select: { ...caseSelect, contact: { select: { id: true, name: true, email: true, phone: true } }, registeredById: true, _count: { select: { followers: true } }, neglects: { select: { kind: true, createdAt: true } } },
  });
  // A case outside the viewer's scope does not exist for them.
  if (!c || !canSeeCase(ctx.viewer, c)) throw notFound();
  const events = await prisma.caseEvent.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" } });
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))];
  const actors = new Map((await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]));
  const photos = await photosOf("case", [c.id]);
  return {
    ...c,
    mergedIntoCode: c.mergedInto?.code ?? null,
    followers: c._count.followers,
    unit: await unitFrom(unitOf(c.regionId, c.departmentId)),
    history: await Promise.all(events.map(async (e) => ({ id: String(e.id), kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, unit: await unitFrom(e.unit), note: e.note, public: e.public, createdAt: e.createdAt, actorName: e.actorId ? (actors.get(e.actorId) ?? null) : null }))),
    photos: photos.map((p) => p.id),
    actions: actionsFor(ctx.viewer, c),
  };
}

/** Every staff step on a case (refer, start, answer, close, reject, duplicate, not responsible, call-back, note). */
export async function actOnCase(ctx: RequestContext, raw: unknown) {
  const actor = requireCaseStaff(ctx.viewer);
  const input = parseInput(TransitionInput, raw);
  const rule = WORKFLOW[input.action];
  return prisma.$transaction(async (tx) => {
    const c = await lockCase(tx, input.caseId);
    if (!canSeeCase(ctx.viewer, c)) throw notFound();
    if (!mayAct(ctx.viewer, input.action, c)) throw forbidden();
    if (!rule.from.includes(c.status)) throw new AppError("cases.error.transition", 409, { action: input.action, status: c.status });

    const data: Record<string, unknown> = rule.to ? { status: rule.to } : {};
    let note: string | null = null;
    let regionId = c.regionId;
    let departmentId = c.departmentId;
    switch (input.action) {
      case "refer": {
        if (!(await regionExists(input.regionId))) throw new ValidationError({ regionId: [encodeMessage("validation.invalid")] });
        if (input.departmentId && !(await tx.department.findUnique({ where: { id: input.departmentId } }))) throw new ValidationError({ departmentId: [encodeMessage("validation.invalid")] });
        regionId = input.regionId;
        departmentId = input.departmentId ?? c.departmentId;
        Object.assign(data, { regionId, departmentId });
        note = input.note ?? null;
        break;
      }
      case "start":
      case "close":
        note = input.note ?? null;
        if (input.action === "close") {
          if (!c.feedbackDeliveredAt) throw new AppError("cases.error.feedbackFirst", 409);
          data.closedAt = new Date();
        }
        break;
      case "answer":
        Object.assign(data, { answer: input.answer, answeredAt: new Date(), answeredById: actor.user.id, feedbackDeliveredAt: null });
        note = input.answer;
        break;
      case "reject":
        note = input.reason;
        data.closedAt = new Date();
        break;
      case "not_responsible":
        note = input.reason;
        Object.assign(data, { referredOnTo: input.referredOnTo, closedAt: new Date() });
        break;
      case "duplicate": {
        const target = await tx.case.findUnique({ where: { code: input.duplicateOf } });
        if (!target || target.id === c.id || !canSeeCase(ctx.viewer, target) || !["registered", "referred", "in_progress", "answered"].includes(target.status)) {
          throw new ValidationError({ duplicateOf: [encodeMessage("cases.error.duplicateTarget")] });
        }
        // One case, many followers: everyone following this one now follows the original.
        await tx.$executeRaw`INSERT INTO case_followers (case_id, contact_id) SELECT ${target.id}::uuid, contact_id FROM case_followers WHERE case_id = ${c.id}::uuid ON CONFLICT DO NOTHING`;
        await tx.caseEvent.create({ data: { caseId: target.id, kind: "merged", actorId: actor.user.id, note: c.code, public: false } });
        Object.assign(data, { mergedIntoId: target.id, closedAt: new Date() });
        note = input.note ? `${target.code} — ${input.note}` : target.code;
        break;
      }
      case "callback":
        // The operator reached the citizen by phone and told them the outcome.
        note = input.reason;
        if (!c.feedbackDeliveredAt) data.feedbackDeliveredAt = new Date();
        break;
      case "note":
        note = input.reason;
        break;
    }
    const updated = Object.keys(data).length ? await tx.case.update({ where: { id: c.id }, data }) : c;
    const event = await tx.caseEvent.create({
      data: { caseId: c.id, kind: input.action, fromStatus: c.status, toStatus: rule.to ?? c.status, actorId: actor.user.id, unit: unitOf(regionId, departmentId), note, public: rule.public },
    });
    if (rule.notify) await enqueue(tx, "caseNotify", { caseId: c.id, eventId: String(event.id) });
    return { id: updated.id, code: updated.code, status: updated.status as CaseStatus };
  });
}

/** Marks the answer as having reached the citizen (message delivered, page read or call-back). */
export async function markFeedbackDelivered(caseId: string, how: "message" | "seen") {
  await prisma.$transaction(async (tx) => {
    const updated = await tx.case.updateMany({ where: { id: caseId, status: "answered", feedbackDeliveredAt: null }, data: { feedbackDeliveredAt: new Date() } });
    if (updated.count) await tx.caseEvent.create({ data: { caseId, kind: "feedback_delivered", note: how, public: false } });
  });
}

// ── Operators: finding the caller ──────────────────────────────────────────────────────────

/** Contacts with this phone number and their latest cases, for the call-centre console. */
export async function findContacts(ctx: RequestContext, raw: unknown) {
  requireUser(ctx.viewer);
  if (!canRegisterCalls(ctx.viewer)) throw forbidden();
  const { phone } = parseInput(ContactSearchInput, raw);
  return prisma.caseContact.findMany({
    where: { phone },
    orderBy: { createdAt: "desc" },
    take: 10,
    select: { id: true, name: true, email: true, phone: true, createdAt: true, cases: { orderBy: { createdAt: "desc" }, take: 5, select: { id: true, code: true, status: true, createdAt: true } } },
  });
}

// ── Photos ─────────────────────────────────────────────────────────────────────────────────

/** A case photo is for staff who may see the case, and for the signed-in citizens following it. */
export async function canViewCasePhoto(viewer: Viewer, mediaId: string) {
  if (!isSignedIn(viewer) || !/^[0-9a-f-]{36}$/i.test(mediaId)) return false;
  const file = await prisma.mediaFile.findFirst({ where: { id: mediaId, subjectType: "case" }, select: { subjectId: true } });
  if (!file) return false;
  const c = await prisma.case.findUnique({ where: { id: file.subjectId }, select: { regionId: true, departmentId: true, followers: { where: { contact: { userId: viewer.user.id } }, select: { contactId: true } } } });
  return !!c && (canSeeCase(viewer, c) || c.followers.length > 0);
}

export type { StaffAction };
