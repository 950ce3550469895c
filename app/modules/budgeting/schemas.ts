import { z } from "zod";
import "~/platform/errors";
import { latinDigits } from "~/platform/digits";
import { cleanText, text } from "~/platform/text";

const rials = z.preprocess(
  (v) => (typeof v === "string" ? latinDigits(v.replace(/[,٬\s]/g, "")) : v),
  z.coerce.bigint({ message: "validation.invalid" }).refine((n) => n > 0n && n < 10n ** 16n, { message: "budgeting.error.amount" }),
);
const optionalNumber = (min: number, max: number) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.number().min(min).max(max).optional());

export const SubmitProposalInput = z.object({
  budgetId: z.uuid(),
  title: text({ min: 5, max: 120 }),
  description: text({ min: 20, max: 4000 }),
  categoryId: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().positive().optional()),
  estimatedCostRials: rials,
  latitude: optionalNumber(35.5, 35.9),
  longitude: optionalNumber(51.0, 51.7),
});

export const ReviewProposalInput = z
  .object({
    proposalId: z.uuid(),
    decision: z.enum(["accept", "reject"]),
    officialCostRials: z.preprocess((v) => (v === "" ? undefined : v), rials.optional()),
    reason: text({ max: 2000 }).default(""),
  })
  .refine((v) => v.decision === "reject" || v.officialCostRials !== undefined, {
    path: ["officialCostRials"],
    message: "validation.required",
  })
  .refine((v) => v.decision === "accept" || v.reason.length >= 5, { path: ["reason"], message: "budgeting.error.reasonRequired" });

const choice = z.object({ proposalId: z.uuid(), points: z.coerce.number().int().min(1).max(1000).default(1) });

export const CastBallotInput = z.object({
  budgetId: z.uuid(),
  choices: z.array(choice).max(200),
});

/** "137-000123", "۱۳۷-۰۰۰۱۲۳" or "123": the member number as printed on the card, or typed. */
function memberNumberOf(value: unknown) {
  if (typeof value !== "string") return value;
  const latin = latinDigits(value.trim());
  if (latin === "") return undefined;
  const match = /^(?:137-?)?0*(\d+)$/.exec(latin);
  return match ? match[1] : latin;
}

export const PaperBallotInput = CastBallotInput.extend({
  memberNumber: z.preprocess(memberNumberOf, z.coerce.number().int().positive()),
  pollingPoint: text({ min: 2, max: 120 }),
});

export const PHASES = ["upcoming", "proposals", "review", "voting", "results", "implementation"] as const;
export type Phase = (typeof PHASES)[number];

export const SetPhaseInput = z.object({ cycleId: z.uuid(), phase: z.enum(PHASES) });

export const RULES = ["greedy", "mes", "mes_add1", "mes_add1_comparison"] as const;

const slug = text({ max: 200 })
  .transform((v) => v.toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9-]{3,60}$/, { message: "budgeting.error.slug" }));
export const SlugInput = z.object({ slug });

const date = z.coerce.date();
export const CreateCycleInput = z
  .object({
    slug,
    titleFa: text({ min: 3, max: 160 }),
    titleEn: text({ min: 3, max: 160 }),
    descriptionFa: text({ max: 4000 }).default(""),
    descriptionEn: text({ max: 4000 }).default(""),
    proposalsOpenAt: date,
    reviewAt: date,
    votingOpenAt: date,
    votingCloseAt: date,
    implementationAt: date,
    officialRule: z.enum(RULES).default("mes_add1"),
  })
  .refine(
    (c) =>
      c.proposalsOpenAt < c.reviewAt &&
      c.reviewAt < c.votingOpenAt &&
      c.votingOpenAt < c.votingCloseAt &&
      c.votingCloseAt < c.implementationAt,
    {
      path: ["votingOpenAt"],
      message: "budgeting.error.dateOrder",
    },
  );

export const CreateBudgetInput = z
  .object({
    cycleId: z.uuid(),
    regionId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.number().int().positive().optional()),
    nameFa: text({ min: 2, max: 160 }),
    nameEn: text({ min: 2, max: 160 }),
    amountRials: rials,
    ballotType: z.enum(["approval", "knapsack", "cumulative"]),
    maxChoices: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(100).optional()),
    points: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(2).max(1000).optional()),
    minVerification: z.enum(["email", "phone", "resident"]).default("email"),
    residentsOnly: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()).default(true),
  })
  .refine((b) => b.ballotType !== "approval" || b.maxChoices !== undefined, { path: ["maxChoices"], message: "validation.required" })
  .refine((b) => b.ballotType !== "cumulative" || b.points !== undefined, { path: ["points"], message: "validation.required" });

export const ImplementationInput = z.object({
  proposalId: z.uuid(),
  status: z.enum(["not_started", "in_progress", "completed", "cancelled"]),
});

export const MilestoneInput = z.object({
  proposalId: z.uuid(),
  title: text({ min: 3, max: 200 }),
  note: text({ max: 2000 }).default(""),
  reachedAt: z.coerce.date(),
});

export const ReceiptInput = z.object({
  code: cleanText()
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(/^[A-Z2-7]{5}-?[A-Z2-7]{5}$/, { message: "budgeting.error.receiptFormat" })),
});

/** The member says a paper ballot entered in their name was not theirs. */
export const ContestPaperBallotInput = z.object({
  budgetId: z.uuid(),
  note: text({ max: 1000 }).default(""),
});

/** A manager voids a paper ballot (after a contest), with a reason kept in the audit trail. */
export const VoidPaperBallotInput = z.object({
  ballotId: z.uuid(),
  reason: text({ max: 1000 }).refine((v) => v.length >= 5, { message: "budgeting.error.voidReason" }),
});
