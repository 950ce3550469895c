// Case intake (the 137 module): a citizen's message is registered with a tracking code, routed to a
// region (point-in-polygon) and a department (by category), worked through the workflow, answered —
// and the citizen is always told. The case's own history (case_events, append-only) is its audit
// trail: every step records who, when, from, to and why.
//
// Corruption reports (the whistleblower channel) are a separate, inspector-only part of this
// module: see app/modules/integrity. Nothing here reads or lists them.
import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";
import { pool, prisma, type Tx } from "~/platform/db/client.server";
import { config } from "~/platform/config.server";
import type { RequestContext, Viewer } from "~/platform/context";
import { AppError, forbidden, notFound, parseInput, ValidationError } from "~/platform/errors";
import { encodeMessage, type Locale } from "~/platform/i18n";
import { enqueue } from "~/platform/jobs.server";
import { attachPhotos, photosOf, processPhotos, type Upload } from "~/platform/media.server";
import { audit } from "~/platform/audit.server";
import { hit, minutesUntil } from "~/platform/rate-limit.server";
import { displayNames, isSignedIn, isStaff, onAccountDeleted, requireUser } from "~/modules/identity";
import { sendEmail, sendSms } from "~/modules/notifications";
import { phone as phoneSchema } from "~/modules/identity";
import { departmentExists, regionAt, regionExists, unitNames } from "~/modules/city";
import { metresBetween, newPublicReference, newTrackingCode } from "./codes";
import {
  CategoryInput,
  ContactSearchInput,
  CasePhotoPublicInput,
  ConfirmFollowInput,
  FollowCaseInput,
  InboxInput,
  LIMITS,
  NearbyInput,
  OPEN_STATUSES,
  isOpenStatus,
  MERGEABLE_STATUSES,
  dueDate,
  RateCaseInput,
  ReopenCaseInput,
  StaffCaseInput,
  SubmitCaseInput,
  TrackInput,
  TransitionInput,
  caseKey,
  type CaseKey,
  UpdateCategoryInput,
  type CaseStatus,
  type StaffAction,
} from "./schemas";
import { parseUnit, unitOf, type Unit } from "./units";
import { actionsFor, canRegisterCalls, canSeeCase, mayAct, WORKFLOW } from "./workflow";
import { canManageCategories, isCaseStaff, seesEveryCase } from "./permissions";
import { isUuid } from "~/platform/ids";

export * from "./schemas";
export { WORKFLOW } from "./workflow";
export * from "./permissions";
export { unitName, unitOf, type Unit } from "./units";
export { publicRegionPerformance, regionPerformance, type RegionFigures, type RegionPerformance } from "./performance";
export {
  publicCases,
  publicCase,
  publicCasePoints,
  publicFilter,
  publicMapVersion,
  filterKey,
  snapToGrid,
  SENSITIVE_GRID,
  SENSITIVE_GRID_METRES,
  type PublicCase,
  type PublicCasePoint,
  type PublicCasesPage,
  type PublicFilter,
} from "./public-view";

// A deleted account's contact details go; its cases stay (the city's record), without personal data.
async function forgetContacts(tx: Tx, userId: string) {
  await tx.caseContact.updateMany({ where: { userId }, data: { name: null, email: null, phone: null } });
}
onAccountDeleted(forgetContacts);

// ── Categories (admin-managed tree) ────────────────────────────────────────────────────────

export type Category = {
  id: number;
  slug: string;
  parentId: number | null;
  nameFa: string;
  nameEn: string;
  departmentId: number | null;
  slaHours: number;
  active: boolean;
  position: number;
  sensitive: boolean;
};

// Read on every submission: cached per process for a short while (admins' edits show within
// CATEGORY_TTL_MS on every process; the editing process drops its cache at once).
const CATEGORY_TTL_MS = 30_000;
let categoryCache: { at: number; rows: Promise<Category[]> } | undefined;

function allCategories(): Promise<Category[]> {
  if (!categoryCache || Date.now() - categoryCache.at > CATEGORY_TTL_MS) {
    const rows = prisma.caseCategory.findMany({
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: {
        id: true,
        slug: true,
        parentId: true,
        nameFa: true,
        nameEn: true,
        departmentId: true,
        slaHours: true,
        active: true,
        position: true,
        sensitive: true,
      },
    });
    categoryCache = { at: Date.now(), rows };
    rows.catch(() => (categoryCache = undefined));
  }
  return categoryCache.rows;
}

/** Do all these categories exist (active or not)? For other modules (club interests, budgeting proposals). */
export async function categoriesExist(ids: readonly number[]): Promise<boolean> {
  const unique = [...new Set(ids)];
  return (await prisma.caseCategory.count({ where: { id: { in: unique } } })) === unique.length;
}

/** The active top-level categories, in their order (club interests). */
export function topLevelCategories() {
  return prisma.caseCategory.findMany({
    where: { parentId: null, active: true },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, nameFa: true, nameEn: true },
  });
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
  if (input.parentId !== undefined && (await isDescendant(input.parentId, id)))
    throw new ValidationError({ parentId: [encodeMessage("cases.error.parentCycle")] });
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
      await tx.auditEvent.create({
        data: {
          actorId,
          action: id ? "cases.updateCategory" : "cases.createCategory",
          subjectType: "caseCategory",
          subjectId: String(saved.id),
          data: input,
        },
      });
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
  if (!canManageCategories(viewer)) throw forbidden();
  return user;
}

// ── Submission ─────────────────────────────────────────────────────────────────────────────

/** An open case near a point, as anyone may see it: the public reference, never the tracking code or the reporter's words. */
export type NearbyCase = { reference: string; status: CaseStatus; createdAt: Date; distanceMetres: number; followers: number };
export type SubmitResult =
  | {
      kind: "created";
      id: string;
      code: string;
      reference: string;
      status: CaseStatus;
      regionId: number | null;
      departmentId: number | null;
      dueAt: Date;
      replayed: boolean;
    }
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
export async function submitCase(
  ctx: RequestContext,
  raw: unknown,
  opts: { channel?: Channel; uploads?: Upload[] } = {},
): Promise<SubmitResult> {
  const channel = opts.channel ?? "web";
  if (channel === "phone" && !canRegisterCalls(ctx.viewer)) throw forbidden();
  const input = parseInput(SubmitCaseInput, raw);

  if (input.idempotencyKey) {
    const existing = await existingByKey(input.idempotencyKey);
    if (existing) return { ...existing, kind: "created", replayed: true };
  }

  const category = (await allCategories()).find((c) => c.id === input.categoryId && c.active);
  if (!category) throw new ValidationError({ categoryId: [encodeMessage("validation.invalid")] });
  if ((await allCategories()).some((c) => c.parentId === category.id && c.active))
    throw new ValidationError({ categoryId: [encodeMessage("cases.error.categoryLeaf")] });

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

  const dueAt = dueDate(category.slaHours);
  const client = await pool().connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query("BEGIN");
        const code = newTrackingCode();
        const reference = newPublicReference();
        // Contact (unless known), case, first follower and the "registered" history entry in one
        // statement: one round trip instead of four.
        const inserted = await client.query<{ id: string; event_id: string }>({
          name: "cases.submit",
          text: REGISTER_CASE_SQL,
          values: [
            code,
            input.idempotencyKey ?? null,
            channel,
            category.id,
            regionId,
            category.departmentId,
            input.description,
            input.address ?? null,
            input.latitude ?? null,
            input.longitude ?? null,
            channel === "phone" ? viewerId(ctx.viewer) : null,
            dueAt,
            contact.id ?? null,
            contact.userId,
            contact.name,
            contact.email,
            contact.phone,
            contact.locale,
            viewerId(ctx.viewer),
            unitOf(regionId, category.departmentId),
            channel,
            reference,
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
        return {
          kind: "created",
          id,
          code,
          reference,
          status: "registered",
          regionId,
          departmentId: category.departmentId,
          dueAt,
          replayed: false,
        };
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        // A tracking-code collision (1 in ~10⁶ at a million cases) or a public-reference one (1 in
        // ~700 at a million): draw again.
        const constraint = (error as { constraint?: string }).constraint;
        if ((constraint === "cases_code_key" || constraint === "cases_reference_key") && attempt < 5) continue;
        throw error;
      }
    }
  } finally {
    client.release();
  }
}

// $1–$12: the case; $13: an existing contact's id, else $14–$18 make a new contact; $19–$21: the
// history entry's actor, unit and note (the channel); $22: the public reference. No row when the
// idempotency key is already taken: nothing is kept (the caller rolls back the new contact).
const REGISTER_CASE_SQL = `
  WITH new_contact AS (
    INSERT INTO case_contacts (user_id, name, email, phone, locale)
    SELECT $14::uuid, $15::text, $16::text, $17::text, $18::"Locale" WHERE $13::uuid IS NULL
    RETURNING id
  ), created AS (
    INSERT INTO cases (code, idempotency_key, channel, category_id, region_id, department_id, description, address, lat, lng, registered_by_id, due_at, contact_id, reference)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, coalesce($13::uuid, (SELECT id FROM new_contact)), $22::text)
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
  const { rows } = await db.query<{
    id: string;
    code: string;
    reference: string;
    status: CaseStatus;
    region_id: number | null;
    department_id: number | null;
    due_at: Date;
  }>({
    name: "cases.byKey2", // prepared once per connection: parsed and planned once
    text: `SELECT id, code, reference, status, region_id, department_id, due_at FROM cases WHERE idempotency_key = $1`,
    values: [key],
  });
  const r = rows[0];
  return r
    ? {
        id: r.id,
        code: r.code,
        reference: r.reference,
        status: r.status,
        regionId: r.region_id,
        departmentId: r.department_id,
        dueAt: r.due_at,
      }
    : null;
}

const viewerId = (viewer: Viewer) => (isSignedIn(viewer) ? viewer.user.id : null);

type ContactDraft = { id?: string; userId: string | null; name: string | null; email: string | null; phone: string | null; locale: Locale };

async function contactFor(ctx: RequestContext, channel: Channel, input: ReturnType<typeof SubmitCaseInput.parse>): Promise<ContactDraft> {
  if (channel === "phone") {
    // The operator found the caller (contactId) or is creating a contact from the caller's number.
    if (input.contactId) {
      const found = await prisma.caseContact.findUnique({
        where: { id: input.contactId },
        select: { id: true, userId: true, name: true, email: true, phone: true, locale: true },
      });
      if (!found) throw new ValidationError({ contactId: [encodeMessage("validation.invalid")] });
      return found;
    }
    if (!input.contactPhone) throw new ValidationError({ contactPhone: [encodeMessage("validation.required")] });
    return {
      userId: null,
      name: input.contactName ?? null,
      email: input.contactEmail ?? null,
      phone: input.contactPhone,
      locale: ctx.locale,
    };
  }
  if (isSignedIn(ctx.viewer)) {
    const user = ctx.viewer.user;
    const email = input.contactEmail ?? user.email;
    const phone = input.contactPhone ?? user.phone;
    const existing = await prisma.caseContact.findFirst({
      where: { userId: user.id, email, phone },
      select: { id: true, userId: true, name: true, email: true, phone: true, locale: true },
    });
    return existing ?? { userId: user.id, name: input.contactName ?? user.displayName, email, phone, locale: ctx.locale };
  }
  if (!input.contactEmail && !input.contactPhone) throw new ValidationError({ contact: [encodeMessage("cases.error.contactRequired")] });
  return {
    userId: null,
    name: input.contactName ?? null,
    email: input.contactEmail ?? null,
    phone: input.contactPhone ?? null,
    locale: ctx.locale,
  };
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
  const { rows } = await pool().query<{
    reference: string;
    status: CaseStatus;
    lat: number;
    lng: number;
    created_at: Date;
    followers: number;
  }>({
    name: "cases.nearby2",
    text: `SELECT c.reference, c.status, c.lat, c.lng, c.created_at,
                  (SELECT count(*)::int FROM case_followers f WHERE f.case_id = c.id AND f.confirmed_at IS NOT NULL) AS followers
             FROM cases c
            WHERE c.category_id = $1 AND c.status = ANY($2::"CaseStatus"[])
              AND c.lat >= $3 AND c.lat <= $4 AND c.lng >= $5 AND c.lng <= $6
            ORDER BY c.id LIMIT 20`,
    values: [categoryId, [...OPEN_STATUSES], latitude - dLat, latitude + dLat, longitude - dLng, longitude + dLng],
  });
  return rows
    .map((r) => ({
      reference: r.reference,
      status: r.status,
      createdAt: r.created_at,
      followers: r.followers,
      distanceMetres: Math.round(metresBetween(latitude, longitude, r.lat, r.lng)),
    }))
    .filter((r) => r.distanceMetres <= LIMITS.nearbyMetres)
    .sort((a, b) => a.distanceMetres - b.distanceMetres)
    .slice(0, 5);
}

/**
 * Adds the citizen as a follower of an open case (instead of reporting it again), named by its public
 * reference. A follower is told of the status and the public answer only: never the reporter's
 * words, contact or photos, and may not rate or reopen (that is the reporter's).
 */
export async function followCase(ctx: RequestContext, raw: unknown) {
  const input = parseInput(FollowCaseInput, raw);
  const c = await prisma.case.findUnique({ where: caseWhere(input.code), select: { id: true, reference: true, status: true } });
  if (!c || !isOpenStatus(c.status)) throw new ValidationError({ code: [encodeMessage("cases.error.notOpen")] });
  let contact: ContactDraft;
  // Updates go straight to the signed-in account's own verified address; any other address must
  // say yes first (a link sent to it), so nobody can subscribe a stranger to a case.
  let confirmed = false;
  if (isSignedIn(ctx.viewer)) {
    const user = ctx.viewer.user;
    const email = input.contactEmail ?? user.email;
    const phone = input.contactPhone ?? user.phone;
    confirmed = !!email && email === user.email && user.emailVerified;
    contact = (await prisma.caseContact.findFirst({ where: { userId: user.id, email, phone } })) ?? {
      userId: user.id,
      name: user.displayName,
      email,
      phone,
      locale: ctx.locale,
    };
  } else {
    if (!input.contactEmail && !input.contactPhone) throw new ValidationError({ contact: [encodeMessage("cases.error.contactRequired")] });
    contact = {
      userId: null,
      name: input.contactName ?? null,
      email: input.contactEmail ?? null,
      phone: input.contactPhone ?? null,
      locale: ctx.locale,
    };
  }
  if (!confirmed) {
    // Each confirmation request sends a message to someone: bounded per client and per address.
    const limits = [
      { key: `cases.follow.ip:${ctx.ip ?? "unknown"}`, max: FOLLOW_LIMIT.perClient },
      { key: `cases.follow.to:${contact.email ?? contact.phone}`, max: FOLLOW_LIMIT.perAddress },
    ];
    for (const { key, max } of limits) {
      const bucket = await hit(key, FOLLOW_LIMIT.windowSeconds);
      if (bucket.count > max) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(bucket.resetAt) });
    }
  }
  const pending = await prisma.$transaction(async (tx) => {
    const contactId =
      contact.id ??
      (
        await tx.caseContact.create({
          data: { userId: contact.userId, name: contact.name, email: contact.email, phone: contact.phone, locale: contact.locale },
        })
      ).id;
    const existing = await tx.caseFollower.findUnique({
      where: { caseId_contactId: { caseId: c.id, contactId } },
      select: { confirmedAt: true },
    });
    if (existing?.confirmedAt) return false;
    if (confirmed) {
      if (existing)
        await tx.caseFollower.update({
          where: { caseId_contactId: { caseId: c.id, contactId } },
          data: { confirmedAt: new Date(), confirmTokenHash: null },
        });
      else await tx.caseFollower.create({ data: { caseId: c.id, contactId } });
      await tx.caseEvent.create({ data: { caseId: c.id, kind: "followed", actorId: viewerId(ctx.viewer), public: false } });
      return false;
    }
    // A new link each time (the last one counts), sent to the address that is to receive the updates.
    const token = randomBytes(24).toString("base64url");
    const confirmTokenHash = hashFollowToken(token);
    await tx.caseFollower.upsert({
      where: { caseId_contactId: { caseId: c.id, contactId } },
      create: { caseId: c.id, contactId, confirmedAt: null, confirmTokenHash },
      update: { confirmTokenHash },
    });
    const url = `${ctx.origin}/cases/follow/confirm?token=${token}`;
    if (contact.email) {
      await sendEmail(tx, {
        template: "case-follow-confirm",
        to: contact.email,
        locale: contact.locale,
        props: { reference: c.reference, url },
      });
    } else if (contact.phone) {
      await sendSms(tx, {
        template: "case-follow-confirm",
        to: contact.phone,
        locale: contact.locale,
        params: { reference: c.reference, url },
      });
    }
    return true;
  });
  return { reference: c.reference, confirmationSent: pending };
}

/** Following by another address: confirmation requests per client address and per address written to, per hour. */
export const FOLLOW_LIMIT = { perClient: 20, perAddress: 5, windowSeconds: 60 * 60 };

const hashFollowToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The follower's "yes" (from the link they were sent): from now on they are told of each step. */
export async function confirmFollow(ctx: RequestContext, raw: unknown) {
  const { token } = parseInput(ConfirmFollowInput, raw);
  return prisma.$transaction(async (tx) => {
    const follower = await tx.caseFollower.findUnique({
      where: { confirmTokenHash: hashFollowToken(token) },
      select: { caseId: true, contactId: true, case: { select: { reference: true } } },
    });
    if (!follower) throw new AppError("cases.error.followToken", 404);
    await tx.caseFollower.update({
      where: { caseId_contactId: { caseId: follower.caseId, contactId: follower.contactId } },
      data: { confirmedAt: new Date(), confirmTokenHash: null },
    });
    await tx.caseEvent.create({ data: { caseId: follower.caseId, kind: "followed", actorId: viewerId(ctx.viewer), public: false } });
    return { reference: follower.case.reference };
  });
}

/** A case named by its tracking code or its public reference. */
const caseWhere = (key: CaseKey) => (key.code !== undefined ? { code: key.code } : { reference: key.reference });

// ── Citizens: tracking, my cases, rating, reopening ────────────────────────────────────────

const TRACK_LIMIT = { attempts: 30, windowSeconds: 15 * 60 };

/**
 * How a citizen reaches a case: tracking code (or, following, the public reference) + contact, or
 * being signed in. `code` is either; what it opens depends on who is asking (see citizenCaseId).
 */
export type CitizenAccess = { code: string; contact?: string };

/** The reporter (the contact the case was reported with, or that contact's account) or a follower. */
export type CaseRelation = "reported" | "following";

/**
 * Who the citizen is to the case. The reporter's view (their own words, address, photos; rating,
 * reopening) needs the tracking code with the reporter's contact, or the reporter's account; a
 * follower (their own contact or account following it) gets the public view. The public reference
 * with any contact opens the public view at most: it is public, and a contact can be guessed.
 */
async function citizenCaseId(ctx: RequestContext, access: CitizenAccess): Promise<{ id: string; relation: CaseRelation }> {
  if (access.contact === undefined || access.contact === "") {
    // Signed in: the case must be one the account follows (a reporter follows their own case).
    if (!isSignedIn(ctx.viewer)) throw new ValidationError({ contact: [encodeMessage("validation.required")] });
    const key = parseInput(TrackInput.shape.code, access.code);
    const userId = ctx.viewer.user.id;
    const c = await prisma.case.findFirst({
      where: { ...caseWhere(key), followers: { some: { contact: { userId } } } },
      select: { id: true, contact: { select: { userId: true } } },
    });
    if (!c) throw notFound();
    return { id: c.id, relation: c.contact.userId === userId ? "reported" : "following" };
  }
  const { code: key, contact } = parseInput(TrackInput, access);
  // Throttled per address: codes are not guessable, but a contact can be.
  const bucket = await hit(`cases.track:${ctx.ip ?? "unknown"}`, TRACK_LIMIT.windowSeconds);
  if (bucket.count > TRACK_LIMIT.attempts) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(bucket.resetAt) });
  const asPhone = phoneSchema.safeParse(contact);
  const matches = asPhone.success ? { phone: asPhone.data } : { email: contact };
  const c = await prisma.case.findFirst({
    where: { ...caseWhere(key), followers: { some: { contact: matches } } },
    select: { id: true, contact: { select: { email: true, phone: true } } },
  });
  // One answer for "no such code" and "not your contact": a code alone tells nothing.
  if (!c) throw new ValidationError({ code: [encodeMessage("cases.error.trackNotFound")] });
  const reporter = key.code !== undefined && (asPhone.success ? c.contact.phone === asPhone.data : c.contact.email === contact);
  return { id: c.id, relation: reporter ? "reported" : "following" };
}

/** The reporter's alone: rating and reopening (a follower must not spend the reporter's one reopening). */
async function reporterCaseId(ctx: RequestContext, access: CitizenAccess) {
  const { id, relation } = await citizenCaseId(ctx, access);
  if (relation !== "reported") throw forbidden();
  return id;
}

export type HistoryEntry = {
  id: string;
  kind: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  unit: Unit | null;
  note: string | null;
  public: boolean;
  createdAt: Date;
  actorName?: string | null;
};
/** A stored unit with its region and department names (both languages). */
export async function unitFrom(stored: string | null): Promise<Unit | null> {
  const ids = parseUnit(stored);
  if (!ids) return null;
  const names = await unitNames();
  return {
    ...ids,
    region: ids.regionId ? (names.regions.get(ids.regionId) ?? null) : null,
    department: ids.departmentId ? (names.departments.get(ids.departmentId) ?? null) : null,
  };
}

const caseSelect = {
  id: true,
  code: true,
  reference: true,
  status: true,
  channel: true,
  description: true,
  address: true,
  lat: true,
  lng: true,
  regionId: true,
  departmentId: true,
  dueAt: true,
  overdueAt: true,
  createdAt: true,
  updatedAt: true,
  answer: true,
  answeredAt: true,
  feedbackDeliveredAt: true,
  closedAt: true,
  referredOnTo: true,
  rating: true,
  ratingComment: true,
  ratedAt: true,
  reopenedAt: true,
  category: { select: { id: true, nameFa: true, nameEn: true, slaHours: true } },
  mergedInto: { select: { code: true, reference: true } },
} as const;

/** History entries a follower may read: the city's public steps; the reporter's own words (a rating's comment, a reopening's reason) are left out. */
const REPORTER_WORDS = new Set(["rated", "reopened"]);

/**
 * What a citizen sees of a case: no staff names, no internal notes, no other followers. The reporter
 * sees their case whole; a follower the public view — status, dates, the public answer, category,
 * region — never the description, address, location, photos, rating or the tracking code.
 */
export async function citizenView(ctx: RequestContext, access: CitizenAccess) {
  const { id, relation } = await citizenCaseId(ctx, access);
  const reporter = relation === "reported";
  let c = await prisma.case.findUniqueOrThrow({ where: { id }, select: { ...caseSelect, contact: { select: { userId: true } } } });
  if (reporter && c.status === "answered" && !c.feedbackDeliveredAt) {
    // The reporter is reading the answer: it has reached them (a follower's reading does not count).
    await markFeedbackDelivered(id, "seen");
    c = { ...c, feedbackDeliveredAt: new Date() };
  }
  const events = await prisma.caseEvent.findMany({ where: { caseId: id, public: true }, orderBy: { id: "asc" } });
  const answerEvent = [...events].reverse().find((e) => e.kind === "answer");
  // Photos are served (/media/:id) to the reporter's account and staff only.
  const ownPhotos = reporter && isSignedIn(ctx.viewer) && c.contact.userId === ctx.viewer.user.id;
  const photos = ownPhotos ? await photosOf("case", [id]) : [];
  // A duplicate's note names the original; older entries name it by its tracking code.
  const mergedNote = (note: string | null) => (note && c.mergedInto ? note.replace(c.mergedInto.code, c.mergedInto.reference) : note);
  const { contact: _contact, mergedInto, ...rest } = c;
  const shown = reporter
    ? rest
    : { ...rest, code: null, description: null, address: null, lat: null, lng: null, rating: null, ratingComment: null };
  return {
    ...shown,
    relation,
    mergedIntoReference: mergedInto?.reference ?? null,
    answeredBy: answerEvent ? await unitFrom(answerEvent.unit) : null,
    unit: await unitFrom(unitOf(c.regionId, c.departmentId)),
    history: await Promise.all(
      events.map(async (e) => ({
        id: String(e.id),
        kind: e.kind,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        unit: await unitFrom(e.unit),
        note: !reporter && REPORTER_WORDS.has(e.kind) ? null : e.kind === "duplicate" ? mergedNote(e.note) : e.note,
        public: e.public,
        createdAt: e.createdAt,
      })),
    ),
    photos: photos.map((p) => p.id),
    canRate: reporter && canRate(c),
    canReopen: reporter && canReopen(c),
  };
}

const canRate = (c: { status: CaseStatus; answeredAt: Date | null; ratedAt: Date | null }) =>
  (c.status === "answered" || c.status === "closed") && c.answeredAt !== null && (c.ratedAt === null || c.ratedAt < c.answeredAt);
const canReopen = (c: { status: CaseStatus; answeredAt: Date | null; reopenedAt: Date | null }, now = new Date()) =>
  (c.status === "answered" || c.status === "closed") &&
  c.reopenedAt === null &&
  c.answeredAt !== null &&
  now.getTime() - c.answeredAt.getTime() <= LIMITS.reopenDays * 86_400_000;

/**
 * The signed-in citizen's cases, newest first: those they reported (with the tracking code) and
 * those they follow (public reference only, marked "following").
 */
export async function myCases(ctx: RequestContext) {
  const viewer = requireUser(ctx.viewer);
  const rows = await prisma.case.findMany({
    where: { followers: { some: { contact: { userId: viewer.user.id } } } },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      code: true,
      reference: true,
      status: true,
      createdAt: true,
      dueAt: true,
      answeredAt: true,
      address: true,
      regionId: true,
      category: { select: { nameFa: true, nameEn: true } },
      contact: { select: { userId: true } },
    },
  });
  return rows.map(({ contact, ...c }) => {
    const relation: CaseRelation = contact.userId === viewer.user.id ? "reported" : "following";
    return relation === "reported" ? { ...c, relation } : { ...c, relation, code: null, address: null };
  });
}

export async function rateCase(ctx: RequestContext, access: CitizenAccess, raw: unknown) {
  const id = await reporterCaseId(ctx, access);
  const { rating, comment } = parseInput(RateCaseInput, raw);
  return prisma.$transaction(async (tx) => {
    const c = await lockCase(tx, id);
    if (!canRate(c)) throw new AppError("cases.error.cannotRate", 409);
    await tx.case.update({ where: { id }, data: { rating, ratingComment: comment ?? null, ratedAt: new Date() } });
    await tx.caseEvent.create({
      data: {
        caseId: id,
        kind: "rated",
        actorId: viewerId(ctx.viewer),
        note: comment ? `${rating}/5 — ${comment}` : `${rating}/5`,
        public: true,
      },
    });
    return { code: c.code, reference: c.reference, rating };
  });
}

/** Once, within 14 days of the answer, a dissatisfied reporter sends the case back to the unit. */
export async function reopenCase(ctx: RequestContext, access: CitizenAccess, raw: unknown) {
  const id = await reporterCaseId(ctx, access);
  const { reason } = parseInput(ReopenCaseInput, raw);
  return prisma.$transaction(async (tx) => {
    const c = await lockCase(tx, id);
    if (!canReopen(c))
      throw new AppError(c.reopenedAt ? "cases.error.reopenedOnce" : "cases.error.reopenWindow", 409, { days: LIMITS.reopenDays });
    const category = await tx.caseCategory.findUniqueOrThrow({ where: { id: c.categoryId }, select: { slaHours: true } });
    await tx.case.update({
      where: { id },
      data: {
        status: "referred",
        reopenedAt: new Date(),
        answer: null,
        answeredAt: null,
        answeredById: null,
        feedbackDeliveredAt: null,
        closedAt: null,
        resolution: null,
        overdueAt: null,
        dueAt: dueDate(category.slaHours),
      },
    });
    const event = await tx.caseEvent.create({
      data: {
        caseId: id,
        kind: "reopened",
        fromStatus: c.status,
        toStatus: "referred",
        actorId: viewerId(ctx.viewer),
        unit: unitOf(c.regionId, c.departmentId),
        note: reason,
        public: true,
      },
    });
    await enqueue(tx, "caseNotify", { caseId: id, eventId: String(event.id) });
    return { code: c.code, reference: c.reference, status: "referred" as const };
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

/** A typed tracking code or public reference, as stored; what does not parse stays as typed (it then matches nothing). */
const typedCase = (typed: string) => {
  const parsed = caseKey.safeParse(typed);
  return parsed.success ? caseWhere(parsed.data) : { code: typed };
};

function requireCaseStaff(viewer: Viewer) {
  const user = requireUser(viewer);
  if (!isCaseStaff(viewer)) throw forbidden();
  return user;
}

/** The scopes a viewer's inbox covers: null = every case (operators, inspectors, admins). */
function inboxScopes(viewer: Viewer) {
  if (seesEveryCase(viewer)) return null;
  if (!isSignedIn(viewer)) return [];
  return viewer.roles
    .filter((g) => g.role === "officer" || g.role === "manager")
    .map((g) => ({ regionId: g.regionId, departmentId: g.departmentId }));
}

export type InboxRow = {
  id: string;
  code: string;
  reference: string;
  status: CaseStatus;
  createdAt: Date;
  dueAt: Date;
  overdueAt: Date | null;
  regionId: number | null;
  departmentId: number | null;
  address: string | null;
  channel: string;
  categoryId: number;
  description: string;
};

/** The officer's inbox: cases in their regions/departments, filtered, newest first, by keyset pages. */
export async function inbox(ctx: RequestContext, raw: unknown) {
  requireCaseStaff(ctx.viewer);
  const input = parseInput(InboxInput, raw);
  const scopes = inboxScopes(ctx.viewer);
  const where: Record<string, unknown>[] = [];
  if (scopes) {
    where.push({
      OR: scopes.map((s) => ({
        ...(s.regionId !== null ? { regionId: s.regionId } : {}),
        ...(s.departmentId !== null ? { departmentId: s.departmentId } : {}),
      })),
    });
  }
  if (input.status === "open") where.push({ status: { in: [...OPEN_STATUSES] } });
  else if (input.status !== "all") where.push({ status: input.status });
  if (input.regionId) where.push({ regionId: input.regionId });
  if (input.departmentId) where.push({ departmentId: input.departmentId });
  if (input.categoryId) where.push({ categoryId: input.categoryId });
  if (input.overdue) where.push({ overdueAt: { not: null } });
  if (input.q) where.push(typedCase(input.q));
  if (input.after) {
    const [at, id] = input.after.split("_");
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !isUuid(id)) throw new ValidationError({ after: [encodeMessage("validation.invalid")] });
    where.push({ OR: [{ createdAt: { lt: date } }, { createdAt: date, id: { lt: id } }] });
  }
  const rows = await prisma.case.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.first + 1,
    select: {
      id: true,
      code: true,
      reference: true,
      status: true,
      createdAt: true,
      dueAt: true,
      overdueAt: true,
      regionId: true,
      departmentId: true,
      address: true,
      channel: true,
      categoryId: true,
      description: true,
    },
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
  const where = isUuid(idOrCode) ? { id: idOrCode } : typedCase(idOrCode);
  const c = await prisma.case.findUnique({
    where,
    select: {
      ...caseSelect,
      contact: { select: { id: true, name: true, email: true, phone: true } },
      registeredById: true,
      _count: { select: { followers: true } },
      neglects: { select: { kind: true, createdAt: true } },
    },
  });
  // A case outside the viewer's scope does not exist for them.
  if (!c || !canSeeCase(ctx.viewer, c)) throw notFound();
  const events = await prisma.caseEvent.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" } });
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))];
  const actors = await displayNames(actorIds);
  const photos = await photosOf("case", [c.id]);
  return {
    ...c,
    mergedIntoCode: c.mergedInto?.code ?? null,
    mergedIntoReference: c.mergedInto?.reference ?? null,
    followers: c._count.followers,
    unit: await unitFrom(unitOf(c.regionId, c.departmentId)),
    history: await Promise.all(
      events.map(async (e) => ({
        id: String(e.id),
        kind: e.kind,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        unit: await unitFrom(e.unit),
        note: e.note,
        public: e.public,
        createdAt: e.createdAt,
        actorName: e.actorId ? (actors.get(e.actorId) ?? null) : null,
      })),
    ),
    photos: photos.map((p) => p.id),
    publicPhotos: photos.filter((p) => p.public).map((p) => p.id),
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
        if (input.departmentId && !(await departmentExists(input.departmentId)))
          throw new ValidationError({ departmentId: [encodeMessage("validation.invalid")] });
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
          // Fixed only when staff say so; unsaid is publicly "closed, not fixed".
          data.resolution = input.resolution ?? null;
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
        const target = await tx.case.findUnique({ where: caseWhere(input.duplicateOf) });
        if (
          !target ||
          target.id === c.id ||
          !canSeeCase(ctx.viewer, target) ||
          !(MERGEABLE_STATUSES as readonly string[]).includes(target.status)
        ) {
          throw new ValidationError({ duplicateOf: [encodeMessage("cases.error.duplicateTarget")] });
        }
        // One case, many followers: everyone following this one now follows the original.
        // Confirmed followers stay confirmed; unconfirmed ones stay unconfirmed (their link names the old case).
        await tx.$executeRaw`INSERT INTO case_followers (case_id, contact_id, confirmed_at) SELECT ${target.id}::uuid, contact_id, confirmed_at FROM case_followers WHERE case_id = ${c.id}::uuid ON CONFLICT DO NOTHING`;
        await tx.caseEvent.create({
          data: { caseId: target.id, kind: "merged", actorId: actor.user.id, note: c.reference, public: false },
        });
        Object.assign(data, { mergedIntoId: target.id, closedAt: new Date() });
        // Public, and told to this case's followers: the original by its reference, not its code.
        note = input.note ? `${target.reference} — ${input.note}` : target.reference;
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
      data: {
        caseId: c.id,
        kind: input.action,
        fromStatus: c.status,
        toStatus: rule.to ?? c.status,
        actorId: actor.user.id,
        unit: unitOf(regionId, departmentId),
        note,
        public: rule.public,
      },
    });
    if (rule.notify) await enqueue(tx, "caseNotify", { caseId: c.id, eventId: String(event.id) });
    return { id: updated.id, code: updated.code, reference: updated.reference, status: updated.status as CaseStatus };
  });
}

/** Marks the answer as having reached the citizen (message delivered, page read or call-back). */
export async function markFeedbackDelivered(caseId: string, how: "message" | "seen") {
  await prisma.$transaction(async (tx) => {
    const updated = await tx.case.updateMany({
      where: { id: caseId, status: "answered", feedbackDeliveredAt: null },
      data: { feedbackDeliveredAt: new Date() },
    });
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
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      createdAt: true,
      cases: { orderBy: { createdAt: "desc" }, take: 5, select: { id: true, code: true, reference: true, status: true, createdAt: true } },
    },
  });
}

// ── Photos ─────────────────────────────────────────────────────────────────────────────────

/**
 * Staff who may see the case show one of its photos on the public card (or take it back). A photo
 * is the reporter's until then: staff look at it first (faces, plates, a home's inside). Photos of
 * a sensitive category never appear publicly, whatever this says (public-view.ts).
 */
export async function setCasePhotoPublic(ctx: RequestContext, raw: unknown) {
  const staffer = requireCaseStaff(ctx.viewer);
  const input = parseInput(CasePhotoPublicInput, raw);
  const c = await prisma.case.findUnique({ where: { id: input.caseId }, select: { id: true, regionId: true, departmentId: true } });
  if (!c || !canSeeCase(ctx.viewer, c)) throw notFound();
  return prisma.$transaction(async (tx) => {
    const updated = await tx.mediaFile.updateMany({
      where: { id: input.mediaId, subjectType: "case", subjectId: c.id },
      data: { public: input.public },
    });
    if (updated.count === 0) throw notFound();
    await audit(tx, {
      actorId: staffer.user.id,
      action: input.public ? "cases.photoPublished" : "cases.photoWithdrawn",
      subjectType: "case",
      subjectId: c.id,
      data: { mediaId: input.mediaId },
    });
    return { mediaId: input.mediaId, public: input.public };
  });
}

/** A case photo is for staff who may see the case, and for the reporter's account — never for followers. */
export async function canViewCasePhoto(viewer: Viewer, mediaId: string) {
  if (!isSignedIn(viewer) || !isUuid(mediaId)) return false;
  const file = await prisma.mediaFile.findFirst({ where: { id: mediaId, subjectType: "case" }, select: { subjectId: true } });
  if (!file) return false;
  const c = await prisma.case.findUnique({
    where: { id: file.subjectId },
    select: { regionId: true, departmentId: true, contact: { select: { userId: true } } },
  });
  return !!c && (canSeeCase(viewer, c) || c.contact.userId === viewer.user.id);
}

export type { StaffAction };
