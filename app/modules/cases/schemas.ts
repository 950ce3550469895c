// One zod schema per cases input, shared by the web forms and the GraphQL mutations. Safe to import
// from client components (no server code).
import { z } from "zod";
import "~/platform/errors"; // installs the zod → message-key error map
import { email, phone } from "~/modules/identity/public";
import { latinDigits } from "~/platform/digits";
import { cleanText, text } from "~/platform/text";

export const CASE_STATUSES = [
  "registered",
  "referred",
  "in_progress",
  "answered",
  "closed",
  "rejected",
  "duplicate",
  "not_responsible",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** Statuses in which the city still owes the citizen an answer. */
export const OPEN_STATUSES = ["registered", "referred", "in_progress"] as const satisfies readonly CaseStatus[];
export const isOpenStatus = (status: string): boolean => (OPEN_STATUSES as readonly string[]).includes(status);
/** A case another may be merged into: still open, or answered (not yet closed). */
export const MERGEABLE_STATUSES = [...OPEN_STATUSES, "answered"] as const satisfies readonly CaseStatus[];

/** When a case is due: its category's SLA hours from now (registration, and again on reopening). */
export const dueDate = (slaHours: number, from: Date = new Date()) => new Date(from.getTime() + slaHours * 3_600_000);
export const CASE_CHANNELS = ["web", "phone", "api"] as const;

export const LIMITS = { description: 4000, address: 300, answer: 4000, reason: 2000, comment: 1000, nearbyMetres: 50, reopenDays: 14 };

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const toLatinDigits = (v: unknown) => (typeof v === "string" ? latinDigits(v).replace(/[٫]/g, ".") : v);
const optionalId = z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional());
// Coordinates are checked for range here; "inside the city" is the routing's answer (regionAt).
const latitude = z.preprocess((v) => blankToUndefined(toLatinDigits(v)), z.coerce.number().min(-90).max(90).optional());
const longitude = z.preprocess((v) => blankToUndefined(toLatinDigits(v)), z.coerce.number().min(-180).max(180).optional());
const optionalEmail = z.preprocess(blankToUndefined, email.optional());
const optionalPhone = z.preprocess(blankToUndefined, phone.optional());
const idempotencyKey = z.preprocess(
  blankToUndefined,
  text({ min: 8, max: 100 })
    .pipe(z.string().regex(/^[\w-]+$/))
    .optional(),
);

/** Normalises a typed tracking code: Persian digits, lower case, spaces and dashes forgiven. */
export const trackingCode = cleanText()
  .transform((v) => String(toLatinDigits(v)).toUpperCase().replace(/[\s-]/g, ""))
  .refine((v) => /^[2-9A-Z]{8}$/.test(v), { message: "cases.error.code" })
  .transform((v) => `${v.slice(0, 4)}-${v.slice(4)}`);

/** Normalises a typed public reference (C-4F7K2Q): Persian digits, lower case, spaces and dashes forgiven. */
export const publicReference = cleanText()
  .transform((v) => String(toLatinDigits(v)).toUpperCase().replace(/[\s-]/g, ""))
  .refine((v) => /^C[2-9A-Z]{6}$/.test(v), { message: "cases.error.reference" })
  .transform((v) => `C-${v.slice(1)}`);

/**
 * A case named by its tracking code (8 characters, the reporter's secret) or its public reference
 * ("C" + 6: never mistaken for a code, whose length differs).
 */
export const caseKey = cleanText()
  .pipe(z.string().max(40))
  .transform((v, ctx) => {
    const compact = String(toLatinDigits(v)).toUpperCase().replace(/[\s-]/g, "");
    if (compact.length === 7) {
      const ref = publicReference.safeParse(v);
      if (ref.success) return { reference: ref.data };
    } else {
      const code = trackingCode.safeParse(v);
      if (code.success) return { code: code.data };
    }
    ctx.addIssue({ code: "custom", message: "cases.error.caseKey" });
    return z.NEVER;
  });
export type CaseKey = { code: string; reference?: never } | { reference: string; code?: never };

export const SubmitCaseInput = z
  .object({
    categoryId: z.coerce.number({ message: "validation.required" }).int().positive(),
    description: text({ min: 10, max: LIMITS.description }),
    latitude,
    longitude,
    regionId: optionalId,
    address: z.preprocess(blankToUndefined, text({ max: LIMITS.address }).optional()),
    contactName: z.preprocess(blankToUndefined, text({ max: 80 }).optional()),
    contactEmail: optionalEmail,
    contactPhone: optionalPhone,
    /** Operators: an existing contact found by phone. */
    contactId: z.preprocess(blankToUndefined, z.uuid().optional()),
    idempotencyKey,
    /** The citizen saw the open cases nearby and still wants a new one. */
    confirmNew: z.preprocess((v) => v === "1" || v === "true" || v === true || v === "on", z.boolean()).default(false),
  })
  .refine((v) => (v.latitude === undefined) === (v.longitude === undefined), { path: ["location"], message: "cases.error.location" })
  .refine((v) => v.latitude !== undefined || v.regionId !== undefined, { path: ["location"], message: "cases.error.location" })
  .refine((v) => v.latitude !== undefined || (v.address?.length ?? 0) >= 5, { path: ["address"], message: "cases.error.address" });
export type SubmitCaseInput = z.input<typeof SubmitCaseInput>;

export const NearbyInput = z.object({
  categoryId: z.coerce.number().int().positive(),
  latitude: z.preprocess(toLatinDigits, z.coerce.number().min(-90).max(90)),
  longitude: z.preprocess(toLatinDigits, z.coerce.number().min(-180).max(180)),
});

/** How a citizen without an account proves a case is theirs: its code and the email or phone given. */
export const TrackInput = z.object({
  /** The tracking code (the reporter's view) or, for a follower, the public reference (the public view). */
  code: caseKey,
  contact: text({ min: 1, max: 254 }).transform((v) => String(toLatinDigits(v)).toLowerCase()),
});

export const FollowCaseInput = z.object({
  /** The public reference (nearby lists it); a tracking code is accepted too. */
  code: caseKey,
  contactName: z.preprocess(blankToUndefined, text({ max: 80 }).optional()),
  contactEmail: optionalEmail,
  contactPhone: optionalPhone,
});

/** Staff show a case photo on the public card, or take it back. */
export const CasePhotoPublicInput = z.object({
  caseId: z.uuid(),
  mediaId: z.uuid(),
  public: z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean()),
});

/** The token of a follow-confirmation link. */
export const ConfirmFollowInput = z.object({
  token: text({ min: 20, max: 100 }).pipe(z.string().regex(/^[\w-]+$/, { message: "cases.error.followToken" })),
});

export const RateCaseInput = z.object({
  rating: z.coerce
    .number({ message: "cases.error.rating" })
    .int({ message: "cases.error.rating" })
    .min(1, { message: "cases.error.rating" })
    .max(5, { message: "cases.error.rating" }),
  comment: z.preprocess(blankToUndefined, text({ max: LIMITS.comment }).optional()),
});

export const ReopenCaseInput = z.object({ reason: text({ min: 10, max: LIMITS.reason }) });

/** What staff say on closing: was the problem fixed? Unsaid (blank) is shown publicly as "closed, not fixed". */
export const CASE_RESOLUTIONS = ["fixed", "not_fixed"] as const;
export type CaseResolution = (typeof CASE_RESOLUTIONS)[number];
const resolution = z.preprocess(blankToUndefined, z.enum(CASE_RESOLUTIONS, { message: "cases.error.resolution" }).optional());

const reason = cleanText().pipe(z.string().min(5, { message: "cases.error.reasonRequired" }).max(LIMITS.reason));
const note = z.preprocess(blankToUndefined, text({ max: LIMITS.reason }).optional());

/** Staff actions on a case. Each names the case by id and carries what its transition needs. */
export const TransitionInput = z.discriminatedUnion("action", [
  z.object({ action: z.literal("refer"), caseId: z.uuid(), regionId: z.coerce.number().int().positive(), departmentId: optionalId, note }),
  z.object({ action: z.literal("start"), caseId: z.uuid(), note }),
  z.object({ action: z.literal("answer"), caseId: z.uuid(), answer: text({ min: 10, max: LIMITS.answer }) }),
  z.object({ action: z.literal("close"), caseId: z.uuid(), note, resolution }),
  z.object({ action: z.literal("reject"), caseId: z.uuid(), reason }),
  z.object({ action: z.literal("duplicate"), caseId: z.uuid(), duplicateOf: caseKey, note }),
  z.object({ action: z.literal("not_responsible"), caseId: z.uuid(), referredOnTo: text({ min: 2, max: 200 }), reason }),
  z.object({ action: z.literal("callback"), caseId: z.uuid(), reason }),
  z.object({ action: z.literal("note"), caseId: z.uuid(), reason }),
]);
export type TransitionInput = z.input<typeof TransitionInput>;
export const STAFF_ACTIONS = ["refer", "start", "answer", "close", "reject", "duplicate", "not_responsible", "callback", "note"] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

export const INBOX_PAGE_SIZE = 25;
export const InboxInput = z.object({
  status: z.preprocess(blankToUndefined, z.enum([...CASE_STATUSES, "open", "all"]).default("open")),
  regionId: optionalId,
  departmentId: optionalId,
  categoryId: optionalId,
  overdue: z.preprocess((v) => v === "1" || v === "true" || v === true || v === "on", z.boolean()).default(false),
  q: z.preprocess(blankToUndefined, text({ max: 40 }).optional()),
  /** Keyset cursor: "<created_at ISO>_<id>" of the last row seen. */
  after: z.preprocess(blankToUndefined, text({ max: 80 }).optional()),
  first: z.coerce.number().int().min(1).max(100).default(INBOX_PAGE_SIZE),
});

/** A case for staff, by id or typed tracking code. */
export const StaffCaseInput = z.object({ idOrCode: text({ min: 1, max: 100 }) });

export const ContactSearchInput = z.object({ phone });

export const CategoryInput = z.object({
  slug: text({ max: 200 })
    .transform((v) => v.toLowerCase())
    .pipe(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,59}$/, { message: "cases.error.slug" })),
  parentId: optionalId,
  nameFa: text({ min: 2, max: 120 }),
  nameEn: text({ min: 2, max: 120 }),
  departmentId: optionalId,
  slaHours: z.coerce
    .number()
    .int()
    .min(1, { message: "cases.error.sla" })
    .max(24 * 90, { message: "cases.error.sla" }),
  active: z.preprocess((v) => v === undefined || v === "1" || v === "true" || v === true || v === "on", z.boolean()),
  /** Public outputs snap these cases' points to a 250 m grid. */
  sensitive: z.preprocess((v) => v === "1" || v === "true" || v === true || v === "on", z.boolean()),
});
export const UpdateCategoryInput = CategoryInput.extend({ id: z.coerce.number().int().positive() });

const day = z.preprocess(blankToUndefined, z.coerce.date().optional());
export const PerformanceInput = z
  .object({ from: day, to: day })
  .refine((v) => !v.from || !v.to || v.from < v.to, { path: ["to"], message: "cases.error.period" });

// ── The public map (cases.publicCases, /map, /tiles/cases/…) ───────────────────────────────

/**
 * How the public sees a case's status: open (awaiting an answer), answered, closed and fixed (staff
 * said so on closing), closed and not fixed (closed without "fixed", rejected, or not the city's).
 * Duplicates never appear: they are merged into the original.
 */
export const PUBLIC_STATUS_BUCKETS = ["open", "answered", "closed_fixed", "closed_not_fixed"] as const;
export type PublicStatusBucket = (typeof PUBLIC_STATUS_BUCKETS)[number];
/** The public period when none is given: the last six months. */
export const PUBLIC_DEFAULT_MONTHS = 6;
export const PUBLIC_PAGE_SIZE = 20;
/** A day as YYYY-MM-DD (Persian digits forgiven), through the one text rule. */
const isoDay = z.preprocess(
  (v) => blankToUndefined(toLatinDigits(v)),
  cleanText()
    .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "validation.invalid" }))
    // A real day (no 30 February rolled over into March).
    .refine((v) => Number.isFinite(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
      message: "validation.invalid",
    })
    .optional(),
);

/** The public map's filter (the /map page's URL, the tiles' query, GraphQL publicCases). */
export const PublicCaseFilter = z
  .object({
    /** A parent category includes its children. */
    categoryId: optionalId,
    status: z.preprocess(blankToUndefined, z.enum([...PUBLIC_STATUS_BUCKETS, "all"], { message: "validation.invalid" }).default("open")),
    regionId: optionalId,
    /** First day of the period (YYYY-MM-DD, UTC); default six months ago. */
    from: isoDay,
    /** Last day of the period, included. */
    to: isoDay,
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: "cases.error.period" });
export type PublicCaseFilter = z.input<typeof PublicCaseFilter>;

export const PublicPageInput = z.object({
  first: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(PUBLIC_PAGE_SIZE)),
  /** Keyset cursor from pageInfo.endCursor. */
  after: z.preprocess(blankToUndefined, text({ max: 120 }).optional()),
});
