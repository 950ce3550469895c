// One zod schema per cases input, shared by the web forms and the GraphQL mutations. Safe to import
// from client components (no server code).
import { z } from "zod";
import "~/platform/errors"; // installs the zod → message-key error map
import { email, phone } from "~/modules/identity/schemas";
import { cleanText, text } from "~/platform/text";

export const CASE_STATUSES = ["registered", "referred", "in_progress", "answered", "closed", "rejected", "duplicate", "not_responsible"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** Statuses in which the city still owes the citizen an answer. */
export const OPEN_STATUSES = ["registered", "referred", "in_progress"] as const satisfies readonly CaseStatus[];
export const CASE_CHANNELS = ["web", "phone", "api"] as const;

export const LIMITS = { description: 4000, address: 300, answer: 4000, reason: 2000, comment: 1000, nearbyMetres: 50, reopenDays: 14 };

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const toLatinDigits = (v: unknown) => (typeof v === "string" ? v.replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d))).replace(/[٫]/g, ".") : v);
const optionalId = z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional());
// Coordinates are checked for range here; "inside the city" is the routing's answer (regionAt).
const latitude = z.preprocess((v) => blankToUndefined(toLatinDigits(v)), z.coerce.number().min(-90).max(90).optional());
const longitude = z.preprocess((v) => blankToUndefined(toLatinDigits(v)), z.coerce.number().min(-180).max(180).optional());
const optionalEmail = z.preprocess(blankToUndefined, email.optional());
const optionalPhone = z.preprocess(blankToUndefined, phone.optional());
const idempotencyKey = z.preprocess(blankToUndefined, text({ min: 8, max: 100 }).pipe(z.string().regex(/^[\w-]+$/)).optional());

/** Normalises a typed tracking code: Persian digits, lower case, spaces and dashes forgiven. */
export const trackingCode = cleanText()
  .transform((v) => String(toLatinDigits(v)).toUpperCase().replace(/[\s-]/g, ""))
  .refine((v) => /^[2-9A-Z]{8}$/.test(v), { message: "cases.error.code" })
  .transform((v) => `${v.slice(0, 4)}-${v.slice(4)}`);

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
  code: trackingCode,
  contact: text({ min: 1, max: 254 }).transform((v) => String(toLatinDigits(v)).toLowerCase()),
});

export const FollowCaseInput = z
  .object({
    code: trackingCode,
    contactName: z.preprocess(blankToUndefined, text({ max: 80 }).optional()),
    contactEmail: optionalEmail,
    contactPhone: optionalPhone,
  });

export const RateCaseInput = z.object({
  rating: z.coerce.number({ message: "cases.error.rating" }).int({ message: "cases.error.rating" }).min(1, { message: "cases.error.rating" }).max(5, { message: "cases.error.rating" }),
  comment: z.preprocess(blankToUndefined, text({ max: LIMITS.comment }).optional()),
});

export const ReopenCaseInput = z.object({ reason: text({ min: 10, max: LIMITS.reason }) });

const reason = cleanText().pipe(z.string().min(5, { message: "cases.error.reasonRequired" }).max(LIMITS.reason));
const note = z.preprocess(blankToUndefined, text({ max: LIMITS.reason }).optional());

/** Staff actions on a case. Each names the case by id and carries what its transition needs. */
export const TransitionInput = z.discriminatedUnion("action", [
  z.object({ action: z.literal("refer"), caseId: z.uuid(), regionId: z.coerce.number().int().positive(), departmentId: optionalId, note }),
  z.object({ action: z.literal("start"), caseId: z.uuid(), note }),
  z.object({ action: z.literal("answer"), caseId: z.uuid(), answer: text({ min: 10, max: LIMITS.answer }) }),
  z.object({ action: z.literal("close"), caseId: z.uuid(), note }),
  z.object({ action: z.literal("reject"), caseId: z.uuid(), reason }),
  z.object({ action: z.literal("duplicate"), caseId: z.uuid(), duplicateOf: trackingCode, note }),
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
  slaHours: z.coerce.number().int().min(1, { message: "cases.error.sla" }).max(24 * 90, { message: "cases.error.sla" }),
  active: z.preprocess((v) => v === undefined || v === "1" || v === "true" || v === true || v === "on", z.boolean()),
});
export const UpdateCategoryInput = CategoryInput.extend({ id: z.coerce.number().int().positive() });

const day = z.preprocess(blankToUndefined, z.coerce.date().optional());
export const PerformanceInput = z
  .object({ from: day, to: day })
  .refine((v) => !v.from || !v.to || v.from < v.to, { path: ["to"], message: "cases.error.period" });
