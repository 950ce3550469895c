import { z } from "zod";
import "~/platform/errors";
import { latinDigits } from "~/platform/digits";
import { cleanText, text } from "~/platform/text";

/** Iranian national ID (کد ملی): 10 digits with a mod-11 check digit. Persian digits accepted. */
export const nationalId = cleanText()
  .transform((v) => latinDigits(v).replace(/[\s-]/g, ""))
  .refine(isValidNationalId, { message: "club.error.nationalId" });

export function isValidNationalId(id: string) {
  if (!/^\d{10}$/.test(id) || /^(\d)\1{9}$/.test(id)) return false;
  const digits = [...id].map(Number);
  const sum = digits.slice(0, 9).reduce((acc, d, i) => acc + d * (10 - i), 0);
  const r = sum % 11;
  return digits[9] === (r < 2 ? r : 11 - r);
}

const ids = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().positive()).max(30),
);

export const JoinClubInput = z.object({
  homeRegionId: z.coerce.number().int().min(1).max(99),
  interests: ids,
  acceptTerms: z.preprocess((v) => v === true || v === "on" || v === "true", z.literal(true, { message: "club.error.terms" })),
});

export const ClaimResidencyInput = z.object({ nationalId });

export const VerifyResidentInput = z.object({ memberNumber: z.coerce.number().int().positive(), nationalId });

/** Census CSV: one SHA-256 hex hash of a national ID per line, optionally `,region`. */
export const CensusCsvInput = z.object({ csv: text({ min: 1, max: 50_000_000 }) });
