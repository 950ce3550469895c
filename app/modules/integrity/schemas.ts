// Inputs of the corruption-reports channel: one zod schema per input, shared by the web forms and
// the GraphQL mutations. Issues become message keys (app/platform/errors.ts), translated per field.
import { z } from "zod";
import "~/platform/errors";
import { latinDigits } from "~/platform/digits";
import { cleanText, text } from "~/platform/text";

export const REPORT_CATEGORIES = ["bribery", "abuse_of_office", "building_permit_fraud", "procurement_fraud", "other"] as const;
export const REPORT_STATUSES = ["received", "under_investigation", "closed"] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** How long a reporter stays in their thread without re-entering the passphrase. */
export const THREAD_MINUTES = 20;

export const REPORT_LIMITS = {
  description: { min: 30, max: 10_000 },
  message: { min: 2, max: 5_000 },
  note: { min: 10, max: 5_000 },
  name: 120,
  contact: 200,
  perPage: 20,
};

// Codes and passphrases are digits only (see crypto.server.ts), shown in groups of four.
/** ۰–۹ and ٠–٩ to 0–9, everything but digits removed. */
export function digitsOnly(value: string) {
  return latinDigits(value).replace(/\D/g, "");
}

export const groupDigits = (digits: string) => digits.match(/.{1,4}/g)!.join("-");

/** "482109375512" or "۴۸۲۱ ۰۹۳۷ ۵۵۱۲" → "4821-0937-5512"; null when it is not 12 digits. */
export function canonicalCode(value: string): string | null {
  const digits = digitsOnly(value);
  return digits.length === 12 ? groupDigits(digits) : null;
}

export function canonicalPassphrase(value: string): string | null {
  const digits = digitsOnly(value);
  return digits.length === 20 ? groupDigits(digits) : null;
}

/** An empty form field is a missing one ("required", not "invalid"). */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v === null ? undefined : v);
/** One of `values`; nothing chosen is "required" (zod would say "invalid"). */
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? "validation.required" : "validation.invalid") });
const optionalText = (max: number) => z.preprocess(blankToUndefined, text({ max }).optional());

const code = z.preprocess(
  blankToUndefined,
  text({ max: 60 }).transform((v, c) => canonicalCode(v) ?? (c.addIssue({ code: "custom", message: "reports.error.codeFormat" }), z.NEVER)),
);

export const SubmitCorruptionReportInput = z.object({
  /** Generated with the form (or by the API client): a retry with the same key finds the same report. */
  idempotencyKey: cleanText().pipe(z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, { message: "reports.error.idempotencyKey" })),
  category: z.preprocess(blankToUndefined, choice(REPORT_CATEGORIES)),
  regionId: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(99).optional()),
  description: text({ min: REPORT_LIMITS.description.min, max: REPORT_LIMITS.description.max }),
  reporterName: optionalText(REPORT_LIMITS.name),
  reporterContact: optionalText(REPORT_LIMITS.contact),
});

export const FollowCorruptionReportInput = z.object({
  code,
  passphrase: z.preprocess(
    blankToUndefined,
    text({ max: 80 }).transform(
      (v, c) => canonicalPassphrase(v) ?? (c.addIssue({ code: "custom", message: "reports.error.passphraseFormat" }), z.NEVER),
    ),
  ),
});

export const ReporterMessageInput = z.object({
  body: text({ min: REPORT_LIMITS.message.min, max: REPORT_LIMITS.message.max }),
});

export const InspectorReplyInput = z.object({
  code,
  body: text({ min: REPORT_LIMITS.message.min, max: REPORT_LIMITS.message.max }),
});

export const SetReportStatusInput = z
  .object({
    code,
    status: z.preprocess(blankToUndefined, choice(REPORT_STATUSES)),
    note: optionalText(REPORT_LIMITS.note.max),
  })
  // Closing tells the reporter the outcome: it needs a real note.
  .refine((v) => v.status !== "closed" || (v.note?.length ?? 0) >= REPORT_LIMITS.note.min, {
    path: ["note"],
    message: "reports.error.outcomeRequired",
  });

export const ListCorruptionReportsInput = z.object({
  status: z.preprocess(blankToUndefined, z.enum(REPORT_STATUSES).optional()),
  offset: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(1_000_000).default(0)),
  // Up to 200: the GraphQL connection asks for one more than a page (max 100) to see if there is a next.
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(REPORT_LIMITS.perPage)),
});

export const ReportCodeInput = z.object({ code });

export const AccessLogInput = z.object({
  /** One report's log; without it, the newest entries across all reports (admins' oversight). */
  code: z.preprocess(blankToUndefined, code.optional()),
  offset: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(1_000_000).default(0)),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
});
