// Participatory budgeting (بودجه‌ریزی مشارکتی): cycles and their phases, proposals and review,
// ballots (one per member per budget, enforced by the database), receipts, paper ballots, results
// under greedy and the Method of Equal Shares, implementation, and Pabulib interchange.
import { createHash, randomBytes } from "node:crypto";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { prisma, Prisma, type Tx } from "~/platform/db/client.server";
import type { RequestContext, Viewer } from "~/platform/context";
import { audit } from "~/platform/audit.server";
import { AppError, forbidden, notFound, parseInput, ValidationError } from "~/platform/errors";
import { encodeMessage } from "~/platform/i18n";
import { displayNames, hasRole, requireUser } from "~/modules/identity";
import { regionExists, regionsById } from "~/modules/city";
import { categoriesExist, listCategories } from "~/modules/cases";
import {
  budgetCapabilities,
  canEnterPaperBallot,
  canManageImplementation,
  canOpenStaffDesk,
  canReviewProposal,
  canVoidPaperBallot,
  canWorkOnBudget,
  isBudgetStaff,
  mayEnterPaperBallots,
} from "./permissions";
import { attachPhotos, photosOf, processPhotos, type Upload } from "~/platform/media.server";
import { eligibility, eligibilityOf, formatMemberNumber, memberByNumber, memberNumbersOf, memberOf } from "~/modules/club";
import { ballotProblems, normaliseChoices, type BallotChoiceInput } from "./ballots";
import { PabulibFormatError, parsePb, writePb, type PbInstance } from "./pabulib";
import { ElectionError, electionFromPb, tally, type TallyRule as EngineRule } from "./tally";
import {
  CastBallotInput,
  ContestPaperBallotInput,
  CreateBudgetInput,
  CreateCycleInput,
  ImplementationInput,
  MilestoneInput,
  PaperBallotInput,
  PHASES,
  ReceiptInput,
  ReviewProposalInput,
  SetPhaseInput,
  SubmitProposalInput,
  SlugInput,
  VoidPaperBallotInput,
  type Phase,
} from "./schemas";
import { isUuid } from "~/platform/ids";

export * from "./schemas";
export * from "./permissions";
export { ballotProblems } from "./ballots";

type DbRule = "greedy" | "mes" | "mes_add1" | "mes_add1_comparison";
const toEngine = (r: DbRule) => r.replace(/_/g, "-") as EngineRule;
const fromEngine = (r: EngineRule) => r.replace(/-/g, "_") as DbRule;

// ── Phases ──────────────────────────────────────────────────────────────────────────────────

type CycleDates = {
  proposalsOpenAt: Date;
  reviewAt: Date;
  votingOpenAt: Date;
  votingCloseAt: Date;
  implementationAt: Date;
  isStudy?: boolean;
};
const BOUNDARIES = ["proposalsOpenAt", "reviewAt", "votingOpenAt", "votingCloseAt", "implementationAt"] as const;

/** The phase follows the dates: each boundary opens the next phase. */
export function phaseOf(cycle: CycleDates, now = new Date()): Phase {
  if (cycle.isStudy) return "results";
  let index = 0;
  for (const key of BOUNDARIES) if (cycle[key] <= now) index++;
  return PHASES[index];
}

/** Budgeting staff: admins and managers (not every staff role — see identity's isStaff). */
function requireBudgetStaff(viewer: Viewer) {
  const user = requireUser(viewer);
  if (!isBudgetStaff(viewer)) throw forbidden();
  return user;
}

export async function createCycle(ctx: RequestContext, raw: unknown) {
  const admin = requireUser(ctx.viewer);
  if (!hasRole(ctx.viewer, "admin")) throw forbidden();
  const input = parseInput(CreateCycleInput, raw);
  try {
    return await prisma.$transaction(async (tx) => {
      const cycle = await tx.budgetCycle.create({ data: input });
      await audit(tx, { actorId: admin.user.id, action: "budgeting.createCycle", subjectType: "budgetCycle", subjectId: cycle.id });
      return cycle;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new ValidationError({ slug: [encodeMessage("budgeting.error.slugTaken")] });
    throw error;
  }
}

export async function createBudget(ctx: RequestContext, raw: unknown) {
  const admin = requireUser(ctx.viewer);
  if (!hasRole(ctx.viewer, "admin")) throw forbidden();
  const input = parseInput(CreateBudgetInput, raw);
  if (!(await prisma.budgetCycle.findUnique({ where: { id: input.cycleId } }))) throw notFound();
  if (input.regionId && !(await regionExists(input.regionId)))
    throw new ValidationError({ regionId: [encodeMessage("validation.invalid")] });
  return prisma.$transaction(async (tx) => {
    const budget = await tx.budget.create({
      data: {
        ...input,
        regionId: input.regionId ?? null,
        maxChoices: input.ballotType === "approval" ? input.maxChoices : null,
        points: input.ballotType === "cumulative" ? input.points : null,
      },
    });
    await audit(tx, { actorId: admin.user.id, action: "budgeting.createBudget", subjectType: "budget", subjectId: budget.id });
    return budget;
  });
}

/**
 * Moves a cycle into `phase` now, by moving dates: the boundary that opens the phase becomes now
 * (earlier ones no later than now), later boundaries are pushed past now if they were not.
 */
export async function setCyclePhase(ctx: RequestContext, raw: unknown) {
  const admin = requireUser(ctx.viewer);
  if (!hasRole(ctx.viewer, "admin")) throw forbidden();
  const { cycleId, phase } = parseInput(SetPhaseInput, raw);
  const cycle = await prisma.budgetCycle.findUnique({ where: { id: cycleId } });
  if (!cycle || cycle.isStudy) throw notFound();
  const now = new Date();
  const target = PHASES.indexOf(phase); // boundaries [0, target) are in the past, [target, …) in the future
  const data: Partial<Record<(typeof BOUNDARIES)[number], Date>> = {};
  BOUNDARIES.forEach((key, i) => {
    const current = cycle[key];
    if (i < target) data[key] = i === target - 1 ? now : current < now ? current : now;
    else data[key] = current > now ? current : new Date(now.getTime() + (i - target + 1) * 86_400_000);
  });
  // Keep boundaries strictly ordered even when several collapse to "now": past ones step back from
  // the opening boundary (now) by a millisecond each, future ones step forward by a day.
  for (let i = target - 2; i >= 0; i--)
    if (data[BOUNDARIES[i]]! >= data[BOUNDARIES[i + 1]]!) data[BOUNDARIES[i]] = new Date(data[BOUNDARIES[i + 1]]!.getTime() - 1);
  for (let i = Math.max(target, 1); i < BOUNDARIES.length; i++)
    if (data[BOUNDARIES[i]]! <= data[BOUNDARIES[i - 1]]!) data[BOUNDARIES[i]] = new Date(data[BOUNDARIES[i - 1]]!.getTime() + 86_400_000);
  return prisma.$transaction(async (tx) => {
    const updated = await tx.budgetCycle.update({ where: { id: cycleId }, data });
    await audit(tx, {
      actorId: admin.user.id,
      action: "budgeting.setPhase",
      subjectType: "budgetCycle",
      subjectId: cycleId,
      data: { phase },
    });
    return updated;
  });
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────────

/** A budget's region, named by the city module (which owns the regions table). */
function withRegion<B extends { regionId: number | null }>(regions: Awaited<ReturnType<typeof regionsById>>, budget: B) {
  return { ...budget, region: budget.regionId === null ? null : (regions.get(budget.regionId) ?? null) };
}

export async function listCycles() {
  const cycles = await prisma.budgetCycle.findMany({
    orderBy: { votingOpenAt: "desc" },
    include: { budgets: { orderBy: { createdAt: "asc" } } },
  });
  return cycles.map((c) => ({ ...c, phase: phaseOf(c) }));
}

export async function getCycle(slug: string) {
  // A slug that cannot exist (wrong form, bad characters) is not found, without asking the database.
  const parsed = SlugInput.safeParse({ slug });
  if (!parsed.success) throw notFound();
  const cycle = await prisma.budgetCycle.findUnique({
    where: { slug: parsed.data.slug },
    include: { budgets: { orderBy: { createdAt: "asc" } } },
  });
  if (!cycle) throw notFound();
  const regions = await regionsById();
  return { ...cycle, budgets: cycle.budgets.map((b) => withRegion(regions, b)), phase: phaseOf(cycle) };
}

// Reading for the API: the same rows, with the caller's selection (Pothos' `query`: include /
// select) spread in.
type Selection = object;

/** Every cycle, newest voting first. */
export function cycleRows(query: Selection = {}) {
  return prisma.budgetCycle.findMany({ ...query, orderBy: { votingOpenAt: "desc" } });
}

/** One cycle by its slug, or null. */
export async function cycleRowBySlug(slug: string, query: Selection = {}) {
  // Through the slug's schema: a slug that cannot exist (bad characters, wrong form) finds nothing.
  const parsed = SlugInput.safeParse({ slug });
  return parsed.success ? prisma.budgetCycle.findUnique({ ...query, where: { slug: parsed.data.slug } }) : null;
}

/** A budget's stored results (one per rule). */
export async function resultRows(budgetId: string, query: Selection = {}) {
  if (!isUuid(String(budgetId))) return [];
  return prisma.budgetResult.findMany({ ...query, where: { budgetId: String(budgetId) } });
}

/** Projects on a budget's ballot: the accepted proposals, with their official cost. */
export function ballotProjects(budgetId: string) {
  return prisma.proposal.findMany({ where: { budgetId, status: "accepted" }, orderBy: [{ officialCostRials: "asc" }, { code: "asc" }] });
}

/** Public list of a budget's proposals. Submitted ones are shown only to staff and their author. */
export async function listProposals(viewer: Viewer, budgetId: string) {
  const budget = isUuid(String(budgetId)) ? await prisma.budget.findUnique({ where: { id: budgetId }, select: { regionId: true } }) : null;
  const staff = !!budget && canReviewProposal(viewer, budget);
  const member = viewer.kind === "user" ? await memberOf(viewer.user.id) : null;
  const [proposals, categories] = await Promise.all([
    prisma.proposal.findMany({
      where: {
        budgetId,
        OR: [
          { status: { in: ["accepted", "rejected"] } },
          ...(staff ? [{ status: "submitted" as const }] : []),
          ...(member ? [{ authorId: member.id }] : []),
        ],
      },
      orderBy: [{ status: "asc" }, { createdAt: "asc" }],
      include: { milestones: { orderBy: { reachedAt: "asc" } } },
    }),
    listCategories({ includeInactive: true }),
  ]);
  const byId = new Map(categories.map((c) => [c.id, c]));
  return proposals.map((p) => ({ ...p, category: p.categoryId === null ? null : (byId.get(p.categoryId) ?? null) }));
}

async function loadBudget(budgetId: string) {
  // A malformed id is "not found", not a database error.
  if (!isUuid(String(budgetId))) throw notFound();
  const budget = await prisma.budget.findUnique({ where: { id: budgetId }, include: { cycle: true } });
  if (!budget) throw notFound();
  return { ...budget, phase: phaseOf(budget.cycle) };
}

// ── Proposals ───────────────────────────────────────────────────────────────────────────────

export async function submitProposal(ctx: RequestContext, raw: unknown, uploads: Upload[] = []) {
  const viewer = requireUser(ctx.viewer);
  const input = parseInput(SubmitProposalInput, raw);
  const photos = await processPhotos("photos", uploads);
  const member = await memberOf(viewer.user.id);
  if (!member) throw new AppError("club.error.notMember", 403);
  const budget = await loadBudget(input.budgetId);
  if (budget.phase !== "proposals") throw new AppError("budgeting.error.notInPhase", 409);
  if (input.estimatedCostRials > budget.amountRials)
    throw new ValidationError({ estimatedCostRials: [encodeMessage("budgeting.error.overBudget")] });
  if (input.categoryId && !(await categoriesExist([input.categoryId])))
    throw new ValidationError({ categoryId: [encodeMessage("validation.invalid")] });
  for (let attempt = 0; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        const count = await tx.proposal.count({ where: { budgetId: budget.id } });
        const proposal = await tx.proposal.create({
          data: {
            budgetId: budget.id,
            authorId: member.id,
            code: String(count + 1),
            title: input.title,
            description: input.description,
            regionId: budget.regionId ?? member.homeRegionId,
            categoryId: input.categoryId ?? null,
            latitude: input.latitude ?? null,
            longitude: input.longitude ?? null,
            estimatedCostRials: input.estimatedCostRials,
          },
        });
        // Photos become public when the proposal is accepted (see reviewProposal).
        await attachPhotos(tx, photos, { type: "proposal", id: proposal.id, public: false, createdById: viewer.user.id });
        await audit(tx, { actorId: viewer.user.id, action: "budgeting.submitProposal", subjectType: "proposal", subjectId: proposal.id });
        return proposal;
      });
    } catch (error) {
      // Two proposals numbered at once: take the next number.
      if ((error as { code?: string }).code === "P2002" && attempt < 5) continue;
      throw error;
    }
  }
}

export async function reviewProposal(ctx: RequestContext, raw: unknown) {
  const staff = requireBudgetStaff(ctx.viewer);
  const input = parseInput(ReviewProposalInput, raw);
  const proposal = await prisma.proposal.findUnique({ where: { id: input.proposalId }, include: { budget: { include: { cycle: true } } } });
  if (!proposal) throw notFound();
  if (!canReviewProposal(ctx.viewer, proposal.budget)) throw forbidden();
  const phase = phaseOf(proposal.budget.cycle);
  if (phase !== "proposals" && phase !== "review") throw new AppError("budgeting.error.notInPhase", 409);
  if (input.officialCostRials && input.officialCostRials > proposal.budget.amountRials)
    throw new ValidationError({ officialCostRials: [encodeMessage("budgeting.error.overBudget")] });
  return prisma.$transaction(async (tx) => {
    const updated = await tx.proposal.update({
      where: { id: proposal.id },
      data: {
        status: input.decision === "accept" ? "accepted" : "rejected",
        officialCostRials: input.decision === "accept" ? input.officialCostRials : null,
        reviewReason: input.reason || null,
        reviewedById: staff.user.id,
        reviewedAt: new Date(),
      },
    });
    await tx.mediaFile.updateMany({
      where: { subjectType: "proposal", subjectId: proposal.id },
      data: { public: input.decision === "accept" },
    });
    await audit(tx, {
      actorId: staff.user.id,
      action: "budgeting.reviewProposal",
      subjectType: "proposal",
      subjectId: proposal.id,
      data: { decision: input.decision },
    });
    return updated;
  });
}

// ── Ballots ─────────────────────────────────────────────────────────────────────────────────

function newReceiptCode() {
  const code = encodeBase32UpperCaseNoPadding(randomBytes(7)).slice(0, 10);
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

const hash = (s: string) => createHash("sha256").update(s).digest("hex");

/** Binds a receipt to the exact ballot without revealing it: only the code's holder can recompute it. */
function fingerprint(code: string, budgetId: string, choices: { proposalId: string; points: number }[]) {
  const canonical = [...choices]
    .sort((a, b) => a.proposalId.localeCompare(b.proposalId))
    .map((c) => `${c.proposalId}:${c.points}`)
    .join(",");
  return hash(`${code.replace("-", "")}|${budgetId}|${canonical}`).slice(0, 16);
}

async function validateBallot(budget: Awaited<ReturnType<typeof loadBudget>>, choices: BallotChoiceInput[]) {
  const projects = await prisma.proposal.findMany({
    where: { budgetId: budget.id, status: "accepted" },
    select: { id: true, officialCostRials: true },
  });
  const problems = ballotProblems(
    budget,
    projects.map((p) => ({ id: p.id, costRials: p.officialCostRials ?? 0n })),
    choices,
  );
  if (problems.length) throw new ValidationError({ choices: problems });
  return normaliseChoices(budget, choices);
}

/**
 * Writes the ballot: one row per (budget, voter) — inserted, or updated in place when the member
 * changes their vote. The upsert takes the row lock, so concurrent submissions by one member
 * queue up and the last one wins; there is never a second ballot.
 */
async function writeBallot(
  tx: Tx,
  args: {
    budgetId: string;
    memberId: string;
    channel: "online" | "paper";
    pollingPoint?: string;
    enteredById?: string;
    choices: { proposalId: string; points: number }[];
  },
) {
  const rows = await tx.$queryRaw<{ id: string; channel: string; inserted: boolean }[]>`
    INSERT INTO ballots (budget_id, member_id, voter_key, channel, polling_point, entered_by_id)
    VALUES (${args.budgetId}::uuid, ${args.memberId}::uuid, ${args.memberId}, ${args.channel}::"BallotChannel", ${args.pollingPoint ?? null}, ${args.enteredById ?? null}::uuid)
    ON CONFLICT (budget_id, voter_key) DO UPDATE SET updated_at = now()
    RETURNING id, channel::text AS channel, (xmax = 0) AS inserted`;
  const ballot = rows[0];
  // A paper ballot and an online ballot of the same member are never both counted.
  if (!ballot.inserted && (ballot.channel === "paper" || args.channel === "paper"))
    throw new AppError(ballot.channel === "paper" ? "budgeting.error.votedOnPaper" : "budgeting.error.alreadyVoted", 409);
  await tx.ballotChoice.deleteMany({ where: { ballotId: ballot.id } });
  await tx.ballotChoice.createMany({
    data: args.choices.map((c) => ({ ballotId: ballot.id, proposalId: c.proposalId, points: c.points })),
  });
  await tx.ballotReceipt.updateMany({ where: { ballotId: ballot.id, supersededAt: null }, data: { supersededAt: new Date() } });
  const code = newReceiptCode();
  const print = fingerprint(code, args.budgetId, args.choices);
  await tx.ballotReceipt.create({ data: { codeHash: hash(code), ballotId: ballot.id, fingerprint: print } });
  return { ballotId: ballot.id, receiptCode: code, fingerprint: print, changed: !ballot.inserted };
}

export async function castBallot(ctx: RequestContext, raw: unknown) {
  const viewer = requireUser(ctx.viewer);
  const input = parseInput(CastBallotInput, raw);
  const budget = await loadBudget(input.budgetId);
  if (budget.phase !== "voting") throw new AppError("budgeting.error.votingClosed", 409);
  const allowed = await eligibility(viewer.user.id, budget);
  if (!allowed.eligible) throw new AppError(allowed.reason, 403);
  const choices = await validateBallot(budget, input.choices);
  return prisma.$transaction(async (tx) => {
    // A paper ballot the member contested ("this wasn't me") gives way to their own online ballot.
    await supersedeContestedPaper(tx, budget.id, allowed.memberId, viewer.user.id);
    const result = await writeBallot(tx, { budgetId: budget.id, memberId: allowed.memberId, channel: "online", choices });
    await audit(tx, {
      actorId: viewer.user.id,
      action: result.changed ? "budgeting.changeBallot" : "budgeting.castBallot",
      subjectType: "budget",
      subjectId: budget.id,
    });
    return result;
  });
}

/**
 * Staff enter a paper ballot from a polling point, tied to a member. Only the polling point's own
 * staff (a grant covering the budget's region; city-wide budgets: a city-wide grant) may; who
 * entered it, where and when are kept on the ballot, and the member can contest it.
 */
export async function enterPaperBallot(ctx: RequestContext, raw: unknown) {
  const staff = requireUser(ctx.viewer);
  if (!mayEnterPaperBallots(ctx.viewer)) throw forbidden();
  const input = parseInput(PaperBallotInput, raw);
  const budget = await loadBudget(input.budgetId);
  if (!canEnterPaperBallot(ctx.viewer, budget)) throw forbidden();
  if (budget.phase !== "voting") throw new AppError("budgeting.error.votingClosed", 409);
  const member = await memberByNumber(input.memberNumber);
  if (!member) throw new ValidationError({ memberNumber: [encodeMessage("budgeting.error.noSuchMember")] });
  const allowed = eligibilityOf(member.user, member, budget);
  if (!allowed.eligible) throw new ValidationError({ memberNumber: [encodeMessage(allowed.reason)] });
  const choices = await validateBallot(budget, input.choices);
  return prisma.$transaction(async (tx) => {
    const result = await writeBallot(tx, {
      budgetId: budget.id,
      memberId: member.id,
      channel: "paper",
      pollingPoint: input.pollingPoint,
      enteredById: staff.user.id,
      choices,
    });
    await audit(tx, {
      actorId: staff.user.id,
      action: "budgeting.paperBallot",
      subjectType: "budget",
      subjectId: budget.id,
      data: { memberNumber: input.memberNumber, pollingPoint: input.pollingPoint },
    });
    return result;
  });
}

/** Takes a ballot out of the count and frees the member's place (voter_key), keeping the row. */
async function voidBallot(tx: Tx, ballotId: string, by: string, reason: string) {
  await tx.ballot.update({
    where: { id: ballotId },
    data: { voterKey: `voided:${ballotId}`, voidedAt: new Date(), voidedById: by, voidReason: reason },
  });
}

/**
 * Decision: a member's own online ballot supersedes a paper ballot they contested. The member is
 * signed in (a stronger identification than a number typed at a polling point), online ballots
 * may be changed anyway, and one ballot still counts: the paper ballot is voided (kept, with the
 * reason, for the managers' review and the audit trail), never counted beside the online one. An
 * uncontested paper ballot still blocks the online vote.
 */
async function supersedeContestedPaper(tx: Tx, budgetId: string, memberId: string, actorId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM ballots
    WHERE budget_id = ${budgetId}::uuid AND voter_key = ${memberId} AND channel = 'paper' AND contested_at IS NOT NULL AND voided_at IS NULL
    FOR UPDATE`;
  if (!rows.length) return;
  await voidBallot(tx, rows[0].id, actorId, encodeMessage("budgeting.void.supersededOnline"));
  await audit(tx, { actorId, action: "budgeting.paperBallotSuperseded", subjectType: "ballot", subjectId: rows[0].id, data: { budgetId } });
}

/** "This wasn't me": the member flags a paper ballot entered in their name for the managers' review. */
export async function contestPaperBallot(ctx: RequestContext, raw: unknown) {
  const viewer = requireUser(ctx.viewer);
  const input = parseInput(ContestPaperBallotInput, raw);
  const budget = await loadBudget(input.budgetId);
  if (budget.phase !== "voting") throw new AppError("budgeting.error.votingClosed", 409);
  const member = await memberOf(viewer.user.id);
  if (!member) throw new AppError("club.error.notMember", 403);
  return prisma.$transaction(async (tx) => {
    const ballot = await tx.ballot.findUnique({ where: { budgetId_voterKey: { budgetId: budget.id, voterKey: member.id } } });
    if (!ballot || ballot.channel !== "paper") throw new AppError("budgeting.error.noPaperBallot", 404);
    if (ballot.contestedAt) return ballot;
    const updated = await tx.ballot.update({
      where: { id: ballot.id },
      data: { contestedAt: new Date(), contestNote: input.note || null },
    });
    await audit(tx, {
      actorId: viewer.user.id,
      action: "budgeting.contestPaperBallot",
      subjectType: "ballot",
      subjectId: ballot.id,
      data: { budgetId: budget.id, pollingPoint: ballot.pollingPoint, enteredById: ballot.enteredById },
    });
    return updated;
  });
}

/** A manager of the budget voids a contested paper ballot: not counted, and the member may vote. */
export async function voidPaperBallot(ctx: RequestContext, raw: unknown) {
  const staff = requireBudgetStaff(ctx.viewer);
  const input = parseInput(VoidPaperBallotInput, raw);
  const ballot = await prisma.ballot.findUnique({ where: { id: input.ballotId }, include: { budget: { include: { cycle: true } } } });
  if (!ballot || ballot.channel !== "paper") throw notFound();
  if (!canVoidPaperBallot(ctx.viewer, ballot.budget)) throw forbidden();
  if (phaseOf(ballot.budget.cycle) !== "voting") throw new AppError("budgeting.error.votingClosed", 409);
  if (ballot.voidedAt) throw new AppError("budgeting.error.alreadyVoided", 409);
  if (!ballot.contestedAt) throw new AppError("budgeting.error.notContested", 409);
  return prisma.$transaction(async (tx) => {
    await voidBallot(tx, ballot.id, staff.user.id, input.reason);
    await audit(tx, {
      actorId: staff.user.id,
      action: "budgeting.voidPaperBallot",
      subjectType: "ballot",
      subjectId: ballot.id,
      data: { budgetId: ballot.budgetId, reason: input.reason, enteredById: ballot.enteredById },
    });
    return tx.ballot.findUniqueOrThrow({ where: { id: ballot.id } });
  });
}

/** The contested (not yet voided) paper ballots of a budget, for its managers: who entered each, where, when. */
export async function contestedPaperBallots(viewer: Viewer, budgetId: string) {
  const budget = await loadBudget(String(budgetId));
  if (!canVoidPaperBallot(viewer, budget)) throw forbidden();
  const ballots = await prisma.ballot.findMany({
    where: { budgetId: budget.id, channel: "paper", contestedAt: { not: null }, voidedAt: null },
    orderBy: { contestedAt: "asc" },
  });
  const [names, numbers] = await Promise.all([
    displayNames(ballots.flatMap((b) => (b.enteredById ? [b.enteredById] : []))),
    memberNumbersOf(ballots.flatMap((b) => (b.memberId ? [b.memberId] : []))),
  ]);
  return ballots.map((b) => ({
    id: b.id,
    memberNumber: b.memberId && numbers.has(b.memberId) ? formatMemberNumber(numbers.get(b.memberId)!) : null,
    pollingPoint: b.pollingPoint,
    castAt: b.castAt,
    enteredById: b.enteredById,
    enteredBy: b.enteredById ? (names.get(b.enteredById) ?? null) : null,
    contestedAt: b.contestedAt!,
    contestNote: b.contestNote,
  }));
}

/**
 * The paper ballots entered in the signed-in member's name (not voided): where, when, and whether
 * the member contested it — for their receipt page, with a way to the vote page to contest it.
 */
export async function myPaperBallots(viewer: Viewer) {
  if (viewer.kind !== "user") return [];
  const member = await memberOf(viewer.user.id);
  if (!member) return [];
  const ballots = await prisma.ballot.findMany({
    where: { memberId: member.id, voterKey: member.id, channel: "paper" },
    orderBy: { castAt: "desc" },
    include: { budget: { include: { cycle: true } } },
  });
  return ballots.map((b) => ({
    id: b.id,
    pollingPoint: b.pollingPoint,
    castAt: b.castAt,
    contestedAt: b.contestedAt,
    phase: phaseOf(b.budget.cycle),
    budget: { id: b.budget.id, nameFa: b.budget.nameFa, nameEn: b.budget.nameEn },
    cycle: { slug: b.budget.cycle.slug, titleFa: b.budget.cycle.titleFa, titleEn: b.budget.cycle.titleEn },
  }));
}

/** The signed-in member's own ballot on a budget (to show and to change it). */
export async function myBallot(viewer: Viewer, budgetId: string) {
  if (viewer.kind !== "user") return null;
  const member = await memberOf(viewer.user.id);
  if (!member) return null;
  return prisma.ballot.findUnique({ where: { budgetId_voterKey: { budgetId, voterKey: member.id } }, include: { choices: true } });
}

/** Anyone holding a receipt code can check that the ballot is counted as cast. Shows no choices. */
export async function checkReceipt(raw: unknown) {
  const { code } = parseInput(ReceiptInput, raw);
  const formatted = code.includes("-") ? code : `${code.slice(0, 5)}-${code.slice(5)}`;
  const receipt = await prisma.ballotReceipt.findUnique({
    where: { codeHash: hash(formatted) },
    include: { ballot: { include: { choices: true, budget: { include: { cycle: true } } } } },
  });
  if (!receipt) return { status: "unknown" as const };
  const { ballot } = receipt;
  const intact = fingerprint(formatted, ballot.budgetId, ballot.choices) === receipt.fingerprint;
  return {
    status: ballot.voidedAt
      ? ("voided" as const)
      : receipt.supersededAt
        ? ("superseded" as const)
        : intact
          ? ("counted" as const)
          : ("altered" as const),
    fingerprint: receipt.fingerprint,
    issuedAt: receipt.issuedAt,
    supersededAt: receipt.supersededAt,
    budget: { id: ballot.budget.id, nameFa: ballot.budget.nameFa, nameEn: ballot.budget.nameEn },
    cycle: { slug: ballot.budget.cycle.slug, titleFa: ballot.budget.cycle.titleFa, titleEn: ballot.budget.cycle.titleEn },
  };
}

// ── Results ─────────────────────────────────────────────────────────────────────────────────

async function electionOf(budgetId: string) {
  const budget = await prisma.budget.findUniqueOrThrow({ where: { id: budgetId }, include: { cycle: { select: { isStudy: true } } } });
  const projects = await ballotProjects(budgetId);
  // Voided ballots (a contested paper ballot) are not counted.
  const choices = await prisma.ballotChoice.findMany({
    where: { ballot: { budgetId, voidedAt: null } },
    select: { ballotId: true, proposalId: true, points: true },
  });
  const voters = await prisma.ballot.count({ where: { budgetId, voidedAt: null } });
  const byBallot = new Map<string, { proposalId: string; points: number }[]>();
  for (const c of choices) (byBallot.get(c.ballotId) ?? byBallot.set(c.ballotId, []).get(c.ballotId)!).push(c);
  const cumulative = budget.ballotType === "cumulative";
  const ballots = [...byBallot.values()].map((cs) =>
    cumulative ? { points: Object.fromEntries(cs.map((c) => [c.proposalId, c.points])) } : { approvals: cs.map((c) => c.proposalId) },
  );
  // Ballots with no choice still count as voters (they matter for MES's budget split).
  while (ballots.length < voters) ballots.push(cumulative ? { points: {} } : { approvals: [] });
  return {
    budget,
    projects,
    election: {
      budget: Number(budget.amountRials),
      projects: projects.map((p) => ({ id: p.id, cost: Number(p.officialCostRials ?? p.estimatedCostRials) })),
      voteType: budget.ballotType,
      ballots,
      // MES's add1 completion raises each voter's share one currency unit per step (Pabulib's
      // definition, kept for studies imported from Pabulib so they reproduce their official
      // results). In rials that would be billions of steps: live budgets step by 1/100 of a
      // voter's initial share, with a cap. Costs and the budget themselves stay exact.
      ...(budget.cycle.isStudy ? {} : add1Settings(Number(budget.amountRials), ballots.length)),
    },
  };
}

export function add1Settings(budgetRials: number, voters: number) {
  return { add1Step: Math.max(1, Math.floor(budgetRials / (Math.max(1, voters) * 100))), maxAdd1Steps: 20_000 };
}

/** Tallies a closed budget under every rule, stores the results, marks the official winners. */
export async function computeResults(ctx: RequestContext, budgetId: string) {
  const admin = requireUser(ctx.viewer);
  if (!hasRole(ctx.viewer, "admin")) throw forbidden();
  const budget = await loadBudget(String(budgetId));
  if (budget.phase !== "results" && budget.phase !== "implementation") throw new AppError("budgeting.error.votingNotClosed", 409);
  return storeResults(budget.id, budget.cycle.officialRule, admin.user.id);
}

async function storeResults(budgetId: string, officialRule: DbRule, actorId: string | null) {
  const { election, projects } = await electionOf(budgetId);
  const results = (["greedy", "mes", "mes_add1", "mes_add1_comparison"] as const).map((rule) => ({
    rule,
    result: tally(election, toEngine(rule)),
  }));
  const official = results.find((r) => r.rule === officialRule)!.result;
  const selected = new Set(official.selected);
  await prisma.$transaction(async (tx) => {
    for (const { rule, result } of results) {
      const data = {
        selected: result.selected,
        projects: result.projects as unknown as Prisma.InputJsonValue,
        voters: election.ballots.length,
        computedAt: new Date(),
      };
      await tx.budgetResult.upsert({ where: { budgetId_rule: { budgetId, rule } }, create: { budgetId, rule, ...data }, update: data });
    }
    for (const p of projects) {
      await tx.proposal.update({
        where: { id: p.id },
        data: { selected: selected.has(p.id), implementationStatus: selected.has(p.id) ? (p.implementationStatus ?? "not_started") : null },
      });
    }
    await audit(tx, {
      actorId,
      action: "budgeting.computeResults",
      subjectType: "budget",
      subjectId: budgetId,
      data: { rule: officialRule, selected: official.selected.length },
    });
  });
  return { official: fromEngine(official.rule), selected: official.selected };
}

export async function getResults(budgetId: string) {
  const budget = await loadBudget(String(budgetId));
  if (budget.phase !== "results" && budget.phase !== "implementation") return null;
  const [results, projects] = await Promise.all([
    prisma.budgetResult.findMany({ where: { budgetId: budget.id } }),
    ballotProjects(budget.id),
  ]);
  if (results.length === 0) return null;
  return { budget, officialRule: budget.cycle.officialRule, results, projects };
}

// ── Implementation ──────────────────────────────────────────────────────────────────────────

export async function setImplementationStatus(ctx: RequestContext, raw: unknown) {
  const staff = requireBudgetStaff(ctx.viewer);
  const input = parseInput(ImplementationInput, raw);
  const proposal = await prisma.proposal.findUnique({
    where: { id: input.proposalId },
    include: { budget: { select: { regionId: true } } },
  });
  if (!proposal || !proposal.selected) throw notFound();
  if (!canManageImplementation(ctx.viewer, proposal.budget)) throw forbidden();
  return prisma.$transaction(async (tx) => {
    const updated = await tx.proposal.update({ where: { id: proposal.id }, data: { implementationStatus: input.status } });
    await audit(tx, {
      actorId: staff.user.id,
      action: "budgeting.implementationStatus",
      subjectType: "proposal",
      subjectId: proposal.id,
      data: { status: input.status },
    });
    return updated;
  });
}

export async function addMilestone(ctx: RequestContext, raw: unknown) {
  const staff = requireBudgetStaff(ctx.viewer);
  const input = parseInput(MilestoneInput, raw);
  const proposal = await prisma.proposal.findUnique({
    where: { id: input.proposalId },
    include: { budget: { select: { regionId: true } } },
  });
  if (!proposal || !proposal.selected) throw notFound();
  if (!canManageImplementation(ctx.viewer, proposal.budget)) throw forbidden();
  return prisma.$transaction(async (tx) => {
    const milestone = await tx.projectMilestone.create({ data: input });
    await audit(tx, { actorId: staff.user.id, action: "budgeting.addMilestone", subjectType: "proposal", subjectId: proposal.id });
    return milestone;
  });
}

// ── Pabulib interchange ─────────────────────────────────────────────────────────────────────

/** Pabulib dates are DD.MM.YYYY (some files use YYYY-MM-DD). */
function pbDate(d: Date) {
  return `${String(d.getUTCDate()).padStart(2, "0")}.${String(d.getUTCMonth() + 1).padStart(2, "0")}.${d.getUTCFullYear()}`;
}

function pbDateParse(text: string | undefined): Date | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(text ?? "") ?? null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text ?? "");
  const d = m ? new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]))) : iso ? new Date(`${iso[0]}T00:00:00Z`) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

/** A budget as a Pabulib file: projects and anonymised ballots (voters numbered 1..n). */
export async function exportPb(budgetId: string): Promise<string> {
  const budget = await loadBudget(String(budgetId));
  if (budget.phase !== "results" && budget.phase !== "implementation") throw new AppError("budgeting.error.votingNotClosed", 409);
  const { election, projects } = await electionOf(budget.id);
  const codeOf = new Map(projects.map((p) => [p.id, p.code]));
  const outcome = tally(election, toEngine(budget.cycle.officialRule));
  const votes = new Map(outcome.projects.map((p) => [p.id, p]));
  const voteType = budget.ballotType === "cumulative" ? "cumulative" : "approval";
  const instance: PbInstance = {
    meta: {
      description: `${budget.cycle.titleEn} — ${budget.nameEn}`,
      country: "Iran",
      unit: "Tehran",
      ...(budget.regionId ? { district: String(budget.regionId) } : {}),
      instance: budget.cycle.slug,
      num_projects: String(projects.length),
      num_votes: String(election.ballots.length),
      budget: String(budget.amountRials),
      vote_type: voteType,
      rule: { greedy: "greedy", mes: "equalshares", mes_add1: "equalshares/add1", mes_add1_comparison: "equalshares/add1-comparison" }[
        budget.cycle.officialRule
      ],
      date_begin: pbDate(budget.cycle.votingOpenAt),
      date_end: pbDate(budget.cycle.votingCloseAt),
      currency: "IRR",
      comment: `#1: equalshares/add1 completion step here: ${election.add1Step ?? 1} IRR per voter per step (Pabulib's default is 1)`,
      ...(budget.maxChoices ? { max_length: String(budget.maxChoices) } : {}),
      ...(budget.points ? { max_sum_points: String(budget.points) } : {}),
      ...(budget.ballotType === "knapsack" ? { max_sum_cost: String(budget.amountRials) } : {}),
    },
    projects: projects.map((p) => ({
      project_id: p.code,
      cost: Number(p.officialCostRials ?? p.estimatedCostRials),
      votes: votes.get(p.id)?.votes ?? 0,
      ...(voteType === "cumulative" ? { score: votes.get(p.id)?.score ?? 0 } : {}),
      name: p.title,
      selected: p.selected ? 1 : 0,
      extra: {},
    })),
    votes: election.ballots.map((b, i) => {
      const entries = b.points
        ? Object.entries(b.points).sort((x, y) => y[1] - x[1])
        : (b.approvals ?? []).map((id) => [id, 1] as [string, number]);
      return {
        voter_id: String(i + 1),
        vote: entries.map(([id]) => codeOf.get(id)!),
        ...(voteType === "cumulative" ? { points: entries.map(([, pts]) => pts) } : {}),
        extra: {},
      };
    }),
  };
  return writePb(instance);
}

/** Imports a Pabulib file as a closed "study" cycle: projects, anonymous ballots, results. */
export async function importPb(ctx: RequestContext, text: string, slug: string) {
  const admin = requireUser(ctx.viewer);
  if (!hasRole(ctx.viewer, "admin")) throw forbidden();
  const cycleSlug = parseInput(SlugInput, { slug }).slug;
  let instance: PbInstance;
  let election: ReturnType<typeof electionFromPb>;
  try {
    instance = parsePb(text);
    election = electionFromPb(instance);
  } catch (error) {
    // A file that cannot be read is the uploader's mistake, shown on the file's field.
    if (error instanceof PabulibFormatError || error instanceof ElectionError)
      throw new ValidationError({ text: [encodeMessage("budgeting.error.pabulib", { detail: error.message })] });
    throw error;
  }
  const meta = instance.meta;
  const ruleName = meta.rule ?? "greedy";
  const rule: DbRule = ruleName.startsWith("equalshares/add1-comparison")
    ? "mes_add1_comparison"
    : ruleName.startsWith("equalshares/add1")
      ? "mes_add1"
      : ruleName.startsWith("equalshares")
        ? "mes"
        : "greedy";
  const ballotType = election.voteType === "cumulative" ? "cumulative" : "approval";
  const when = pbDateParse(meta.date_end) ?? new Date();
  const title = `${meta.country ?? ""} ${meta.unit ?? ""} ${meta.instance ?? ""} ${meta.subunit ?? ""}`.replace(/\s+/g, " ").trim();
  if (await prisma.budgetCycle.findUnique({ where: { slug: cycleSlug } }))
    throw new ValidationError({ slug: [encodeMessage("budgeting.error.slugTaken")] });
  const cycle = await prisma.$transaction(
    async (tx) => {
      const created = await tx.budgetCycle.create({
        data: {
          slug: cycleSlug,
          titleFa: title,
          titleEn: title,
          descriptionEn: meta.description ?? "",
          descriptionFa: meta.description ?? "",
          proposalsOpenAt: new Date(when.getTime() - 4 * 86_400_000),
          reviewAt: new Date(when.getTime() - 3 * 86_400_000),
          votingOpenAt: new Date(when.getTime() - 2 * 86_400_000),
          votingCloseAt: when,
          implementationAt: new Date(when.getTime() + 365 * 86_400_000),
          officialRule: rule,
          isStudy: true,
          budgets: {
            create: {
              nameFa: title,
              nameEn: title,
              amountRials: BigInt(Math.round(election.budget)),
              ballotType,
              points: ballotType === "cumulative" ? Number(meta.max_sum_points ?? 0) || null : null,
              maxChoices: null,
              residentsOnly: false,
            },
          },
        },
        include: { budgets: true },
      });
      const budgetId = created.budgets[0].id;
      await tx.proposal.createMany({
        data: instance.projects.map((p) => ({
          budgetId,
          code: p.project_id,
          title: p.name || p.project_id,
          estimatedCostRials: BigInt(Math.round(p.cost)),
          officialCostRials: BigInt(Math.round(p.cost)),
          status: "accepted" as const,
        })),
      });
      const ids = new Map(
        (await tx.proposal.findMany({ where: { budgetId }, select: { id: true, code: true } })).map((p) => [p.code, p.id]),
      );
      const ballotRows = instance.votes.map((v) => ({
        id: crypto.randomUUID(),
        budgetId,
        voterKey: `pb:${v.voter_id}`,
        channel: "imported" as const,
      }));
      for (let i = 0; i < ballotRows.length; i += 5000) await tx.ballot.createMany({ data: ballotRows.slice(i, i + 5000) });
      const choiceRows: { ballotId: string; proposalId: string; points: number }[] = [];
      election.ballots.forEach((b, i) => {
        const entries = b.points
          ? Object.entries(b.points)
          : b.ranking
            ? b.ranking.map((id, r) => [id, (election.maxLength ?? b.ranking!.length) - r] as [string, number])
            : (b.approvals ?? []).map((id) => [id, 1] as [string, number]);
        for (const [code, points] of entries)
          if (points > 0 && ids.has(code)) choiceRows.push({ ballotId: ballotRows[i].id, proposalId: ids.get(code)!, points });
      });
      for (let i = 0; i < choiceRows.length; i += 10000)
        await tx.ballotChoice.createMany({ data: choiceRows.slice(i, i + 10000), skipDuplicates: true });
      await audit(tx, {
        actorId: admin.user.id,
        action: "budgeting.importPb",
        subjectType: "budgetCycle",
        subjectId: created.id,
        data: { projects: instance.projects.length, votes: instance.votes.length },
      });
      return created;
    },
    { timeout: 120_000 },
  );
  await storeResults(cycle.budgets[0].id, rule, admin.user.id);
  return cycle;
}

// ── Reading for the web pages (added with the /budgeting and /staff/budgeting routes) ──────

/** One budget, addressed by its cycle's slug and its id (not found unless it belongs to that cycle). */
export async function getBudget(slug: string, budgetId: string) {
  if (!isUuid(String(budgetId))) throw notFound();
  const budget = await prisma.budget.findUnique({ where: { id: budgetId }, include: { cycle: true } });
  if (!budget || budget.cycle.slug !== String(slug)) throw notFound();
  return { ...withRegion(await regionsById(), budget), phase: phaseOf(budget.cycle) };
}

/** For the vote page: may the viewer vote on this budget (and if not, why), and their current ballot. */
export async function voteStatus(viewer: Viewer, budgetId: string) {
  const budget = await loadBudget(String(budgetId));
  if (viewer.kind !== "user") return { eligible: false as const, reason: "error.unauthenticated" as const, ballot: null };
  const [allowed, ballot] = await Promise.all([eligibility(viewer.user.id, budget), myBallot(viewer, budget.id)]);
  return allowed.eligible
    ? { eligible: true as const, reason: null, ballot }
    : { eligible: false as const, reason: allowed.reason, ballot };
}

/** A budget's selected projects with their implementation status and public milestones. */
export function implementationOf(budgetId: string) {
  return prisma.proposal.findMany({
    where: { budgetId: String(budgetId), selected: true },
    orderBy: [{ code: "asc" }],
    include: { milestones: { orderBy: { reachedAt: "asc" } } },
  });
}

/** The staff desk's pages (which of them a viewer has: deskSections in permissions.ts). */
export type DeskView = "cycles" | "review" | "paper" | "results";

/**
 * One page of the staff desk: the cycles with the budgets this viewer may act on, and on each
 * budget what the viewer may do (`can`) with what the page needs — "review": proposals awaiting
 * review (reviewers only); "paper": the ballot's projects while voting (paper-ballot staff) and
 * contested paper ballots (the budget's managers); "results": the selected projects after the
 * results (implementation). Admins see every budget.
 */
export async function staffOverview(viewer: Viewer, view: DeskView = "cycles") {
  requireUser(viewer);
  if (!canOpenStaffDesk(viewer)) throw forbidden();
  const cycles = await prisma.budgetCycle.findMany({
    orderBy: [{ isStudy: "asc" }, { createdAt: "desc" }],
    include: {
      budgets: {
        orderBy: { createdAt: "asc" },
        include: {
          proposals: view === "review" ? { where: { status: "submitted" }, orderBy: { createdAt: "asc" } } : false,
          _count: { select: { ballots: { where: { voidedAt: null } }, results: true } },
        },
      },
    },
  });
  const regions = await regionsById();
  return Promise.all(
    cycles.map(async (c) => {
      const phase = phaseOf(c);
      const closed = phase === "results" || phase === "implementation";
      const budgets = await Promise.all(
        c.budgets
          .filter((b) => canWorkOnBudget(viewer, b))
          .map(async (b) => {
            const can = budgetCapabilities(viewer, b);
            return {
              ...withRegion(regions, b),
              can,
              proposals: view === "review" && can.review ? (b.proposals ?? []) : [],
              projects: view === "paper" && phase === "voting" && can.paper ? await ballotProjects(b.id) : [],
              contested: view === "paper" && phase === "voting" && can.voidPaper ? await contestedPaperBallots(viewer, b.id) : [],
              selected: view === "results" && closed ? await implementationOf(b.id) : [],
            };
          }),
      );
      return { ...c, phase, budgets };
    }),
  );
}

/** Which of these proposals the viewer reviews (their private photos are the reviewer's to see). */
async function reviewableProposals(viewer: Viewer, proposalIds: string[]) {
  if (!isBudgetStaff(viewer) || proposalIds.length === 0) return new Set<string>();
  const rows = await prisma.proposal.findMany({
    where: { id: { in: proposalIds.filter((id) => isUuid(id)) } },
    select: { id: true, budget: { select: { regionId: true } } },
  });
  return new Set(rows.filter((r) => canReviewProposal(viewer, r.budget)).map((r) => r.id));
}

/** Photo ids per proposal (public ones, plus the viewer's own and — for the proposal's reviewers — all). */
export async function proposalPhotos(viewer: Viewer, proposalIds: string[]) {
  const reviewable = await reviewableProposals(viewer, proposalIds);
  const me = viewer.kind === "user" ? viewer.user.id : null;
  const rows = await photosOf("proposal", proposalIds);
  const mine = me
    ? new Set(
        (
          await prisma.mediaFile.findMany({
            where: { subjectType: "proposal", subjectId: { in: proposalIds }, createdById: me },
            select: { id: true },
          })
        ).map((r) => r.id),
      )
    : new Set<string>();
  const out: Record<string, { id: string; width: number; height: number }[]> = {};
  for (const r of rows)
    if (r.public || reviewable.has(r.subjectId) || mine.has(r.id))
      (out[r.subjectId] ??= []).push({ id: r.id, width: r.width, height: r.height });
  return out;
}

/** May this viewer see this (possibly not yet public) proposal photo? */
export async function canViewProposalPhoto(viewer: Viewer, mediaId: string) {
  if (!isUuid(mediaId)) return false;
  const file = await prisma.mediaFile.findUnique({
    where: { id: mediaId },
    select: { subjectType: true, subjectId: true, public: true, createdById: true },
  });
  if (!file || file.subjectType !== "proposal") return false;
  if (file.public || (viewer.kind === "user" && viewer.user.id === file.createdById)) return true;
  return (await reviewableProposals(viewer, [file.subjectId])).has(file.subjectId);
}
