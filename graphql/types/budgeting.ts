// Participatory budgeting over GraphQL. Public queries (cycles, budgets, projects, results,
// implementation); member mutations (proposals, ballots); staff mutations (review, phases,
// paper ballots, results). Every resolver calls app/modules/budgeting.
import { builder } from "../builder";
import { Photo, withoutNulls } from "./common";
import * as budgeting from "../../app/modules/budgeting";
import { localName, translate } from "../../app/platform/i18n";

const Phase = builder.enumType("BudgetPhase", { values: budgeting.PHASES });
const Rule = builder.enumType("TallyRule", { values: budgeting.RULES });
const BallotType = builder.enumType("BallotType", { values: ["approval", "knapsack", "cumulative"] as const });
const Level = builder.enumType("VerificationLevel", { values: ["email", "phone", "resident"] as const });
const ProposalStatus = builder.enumType("ProposalStatus", { values: ["submitted", "accepted", "rejected", "withdrawn"] as const });
const ImplementationStatus = builder.enumType("ImplementationStatus", {
  values: ["not_started", "in_progress", "completed", "cancelled"] as const,
});

const Milestone = builder.prismaObject("ProjectMilestone", {
  fields: (t) => ({
    id: t.exposeID("id"),
    title: t.exposeString("title"),
    note: t.exposeString("note"),
    reachedAt: t.expose("reachedAt", { type: "DateTime" }),
  }),
});

const Project = builder.prismaObject("Proposal", {
  description: "A proposal; once accepted, a project on the ballot. Its author is never exposed.",
  fields: (t) => ({
    id: t.exposeID("id"),
    code: t.exposeString("code"),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    regionId: t.exposeInt("regionId", { nullable: true }),
    categoryId: t.exposeInt("categoryId", { nullable: true }),
    latitude: t.exposeFloat("latitude", { nullable: true }),
    longitude: t.exposeFloat("longitude", { nullable: true }),
    estimatedCostRials: t.expose("estimatedCostRials", { type: "BigInt" }),
    officialCostRials: t.expose("officialCostRials", { type: "BigInt", nullable: true }),
    status: t.expose("status", { type: ProposalStatus }),
    reviewReason: t.exposeString("reviewReason", { nullable: true }),
    selected: t.exposeBoolean("selected"),
    implementationStatus: t.expose("implementationStatus", { type: ImplementationStatus, nullable: true }),
    milestones: t.relation("milestones", { query: { orderBy: { reachedAt: "asc" } } }),
    photos: t.field({
      type: [Photo],
      description: "Public photos (after acceptance), re-encoded without location data.",
      resolve: async (p, _a, ctx) => (await budgeting.proposalPhotos(ctx.viewer, [p.id]))[p.id] ?? [],
    }),
  }),
});

type Outcome = { id: string; cost: number; votes: number; score: number; selected: boolean; order?: number };
const ProjectOutcome = builder.objectRef<Outcome>("ProjectOutcome").implement({
  fields: (t) => ({
    projectId: t.exposeID("id"),
    cost: t.exposeFloat("cost"),
    votes: t.exposeInt("votes"),
    score: t.exposeInt("score"),
    selected: t.exposeBoolean("selected"),
    order: t.exposeInt("order", { nullable: true }),
  }),
});

const Result = builder.prismaObject("BudgetResult", {
  fields: (t) => ({
    rule: t.expose("rule", { type: Rule }),
    selected: t.exposeIDList("selected"),
    voters: t.exposeInt("voters"),
    computedAt: t.expose("computedAt", { type: "DateTime" }),
    projects: t.field({ type: [ProjectOutcome], resolve: (r) => r.projects as unknown as Outcome[] }),
  }),
});

const Budget = builder.prismaObject("Budget", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.string({ resolve: (b, _a, ctx) => localName(ctx.locale, b) }),
    nameFa: t.exposeString("nameFa"),
    nameEn: t.exposeString("nameEn"),
    regionId: t.exposeInt("regionId", { nullable: true }),
    amountRials: t.expose("amountRials", { type: "BigInt" }),
    ballotType: t.expose("ballotType", { type: BallotType }),
    maxChoices: t.exposeInt("maxChoices", { nullable: true }),
    points: t.exposeInt("points", { nullable: true }),
    minVerification: t.expose("minVerification", { type: Level }),
    residentsOnly: t.exposeBoolean("residentsOnly"),
    projects: t.relation("proposals", {
      description: "The ballot: accepted proposals.",
      query: { where: { status: "accepted" }, orderBy: { code: "asc" } },
    }),
    results: t.relation("results", { description: "Published after voting closes, one per rule." }),
  }),
});

const Cycle = builder.prismaObject("BudgetCycle", {
  fields: (t) => ({
    id: t.exposeID("id"),
    slug: t.exposeString("slug"),
    title: t.string({ resolve: (c, _a, ctx) => (ctx.locale === "fa" ? c.titleFa : c.titleEn) }),
    description: t.string({ resolve: (c, _a, ctx) => (ctx.locale === "fa" ? c.descriptionFa : c.descriptionEn) }),
    phase: t.field({ type: Phase, resolve: (c) => budgeting.phaseOf(c) }),
    phaseLabel: t.string({ resolve: (c, _a, ctx) => translate(ctx.locale, `budgeting.phase.${budgeting.phaseOf(c)}`) }),
    proposalsOpenAt: t.expose("proposalsOpenAt", { type: "DateTime" }),
    reviewAt: t.expose("reviewAt", { type: "DateTime" }),
    votingOpenAt: t.expose("votingOpenAt", { type: "DateTime" }),
    votingCloseAt: t.expose("votingCloseAt", { type: "DateTime" }),
    implementationAt: t.expose("implementationAt", { type: "DateTime" }),
    officialRule: t.expose("officialRule", { type: Rule }),
    isStudy: t.exposeBoolean("isStudy"),
    budgets: t.relation("budgets", { query: { orderBy: { createdAt: "asc" } } }),
  }),
});

const Receipt = builder
  .objectRef<{ ballotId: string; receiptCode: string; fingerprint: string; changed: boolean }>("BallotReceipt")
  .implement({
    description: "Keep the code: it proves the ballot is counted as cast, without revealing it.",
    fields: (t) => ({
      receiptCode: t.exposeString("receiptCode"),
      fingerprint: t.exposeString("fingerprint"),
      changed: t.exposeBoolean("changed"),
    }),
  });

const ReceiptStatus = builder.enumType("ReceiptStatus", { values: ["counted", "superseded", "altered", "voided", "unknown"] as const });
const ReceiptCheck = builder.objectRef<Awaited<ReturnType<typeof budgeting.checkReceipt>>>("ReceiptCheck").implement({
  fields: (t) => ({
    status: t.field({ type: ReceiptStatus, resolve: (r) => r.status }),
    fingerprint: t.string({ nullable: true, resolve: (r) => ("fingerprint" in r ? r.fingerprint : null) }),
    issuedAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => ("issuedAt" in r ? r.issuedAt : null) }),
  }),
});

type PaperBallotRow = { id: string; pollingPoint: string | null; castAt: Date; contestedAt: Date | null; voidedAt: Date | null };
const PaperBallot = builder.objectRef<PaperBallotRow>("PaperBallot").implement({
  description:
    "A paper ballot entered at a polling point: where and when, contested by the member, voided by a manager. Its choices are never shown.",
  fields: (t) => ({
    id: t.exposeID("id"),
    pollingPoint: t.exposeString("pollingPoint", { nullable: true }),
    castAt: t.expose("castAt", { type: "DateTime" }),
    contestedAt: t.expose("contestedAt", { type: "DateTime", nullable: true }),
    voidedAt: t.expose("voidedAt", { type: "DateTime", nullable: true }),
  }),
});

type ContestedRow = Awaited<ReturnType<typeof budgeting.contestedPaperBallots>>[number];
const ContestedPaperBallot = builder.objectRef<ContestedRow>("ContestedPaperBallot").implement({
  description: "For the budget's managers: a paper ballot its member contested — who entered it, where, when.",
  fields: (t) => ({
    id: t.exposeID("id"),
    memberNumber: t.exposeString("memberNumber", { nullable: true }),
    pollingPoint: t.exposeString("pollingPoint", { nullable: true }),
    castAt: t.expose("castAt", { type: "DateTime" }),
    enteredById: t.exposeID("enteredById", { nullable: true }),
    enteredBy: t.exposeString("enteredBy", { nullable: true }),
    contestedAt: t.expose("contestedAt", { type: "DateTime" }),
    contestNote: t.exposeString("contestNote", { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  contestedPaperBallots: t.field({
    type: [ContestedPaperBallot],
    errors: {},
    authScopes: { staff: true },
    args: { budgetId: t.arg.id({ required: true }) },
    resolve: (_r, { budgetId }, ctx) => budgeting.contestedPaperBallots(ctx.viewer, String(budgetId)),
  }),
  budgetCycles: t.prismaField({ type: ["BudgetCycle"], resolve: (query) => budgeting.cycleRows(query) }),
  budgetCycle: t.prismaField({
    type: "BudgetCycle",
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _r, { slug }) => budgeting.cycleRowBySlug(slug, query),
  }),
  checkBallotReceipt: t.field({
    type: ReceiptCheck,
    errors: {},
    args: { code: t.arg.string({ required: true }) },
    resolve: (_r, args) => budgeting.checkReceipt(args),
  }),
}));

const ChoiceInput = builder.inputType("BallotChoiceInput", { fields: (t) => ({ proposalId: t.id({ required: true }), points: t.int() }) });
const CastBallotInput = builder.inputType("CastBallotInput", {
  fields: (t) => ({ budgetId: t.id({ required: true }), choices: t.field({ type: [ChoiceInput], required: true }) }),
});
const PaperBallotInput = builder.inputType("PaperBallotInput", {
  fields: (t) => ({
    budgetId: t.id({ required: true }),
    memberNumber: t.int({ required: true }),
    pollingPoint: t.string({ required: true }),
    choices: t.field({ type: [ChoiceInput], required: true }),
  }),
});
const SubmitProposalInput = builder.inputType("SubmitProposalInput", {
  fields: (t) => ({
    budgetId: t.id({ required: true }),
    title: t.string({ required: true }),
    description: t.string({ required: true }),
    categoryId: t.int(),
    estimatedCostRials: t.field({ type: "BigInt", required: true }),
    latitude: t.float(),
    longitude: t.float(),
  }),
});
const ReviewInput = builder.inputType("ReviewProposalInput", {
  fields: (t) => ({
    proposalId: t.id({ required: true }),
    decision: t.field({ type: builder.enumType("ReviewDecision", { values: ["accept", "reject"] as const }), required: true }),
    officialCostRials: t.field({ type: "BigInt" }),
    reason: t.string(),
  }),
});

const CreateCycleInput = builder.inputType("CreateBudgetCycleInput", {
  fields: (t) => ({
    slug: t.string({ required: true }),
    titleFa: t.string({ required: true }),
    titleEn: t.string({ required: true }),
    descriptionFa: t.string(),
    descriptionEn: t.string(),
    proposalsOpenAt: t.field({ type: "DateTime", required: true }),
    reviewAt: t.field({ type: "DateTime", required: true }),
    votingOpenAt: t.field({ type: "DateTime", required: true }),
    votingCloseAt: t.field({ type: "DateTime", required: true }),
    implementationAt: t.field({ type: "DateTime", required: true }),
    officialRule: t.field({ type: Rule }),
  }),
});
const CreateBudgetInput = builder.inputType("CreateBudgetInput", {
  fields: (t) => ({
    cycleId: t.id({ required: true }),
    regionId: t.int(),
    nameFa: t.string({ required: true }),
    nameEn: t.string({ required: true }),
    amountRials: t.field({ type: "BigInt", required: true }),
    ballotType: t.field({ type: BallotType, required: true }),
    maxChoices: t.int(),
    points: t.int(),
    minVerification: t.field({ type: Level }),
    residentsOnly: t.boolean(),
  }),
});
const MilestoneInput = builder.inputType("AddMilestoneInput", {
  fields: (t) => ({
    proposalId: t.id({ required: true }),
    title: t.string({ required: true }),
    note: t.string(),
    reachedAt: t.field({ type: "DateTime", required: true }),
  }),
});

builder.mutationFields((t) => ({
  createBudgetCycle: t.prismaField({
    type: "BudgetCycle",
    errors: {},
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateCycleInput, required: true }) },
    resolve: (_q, _r, { input }, ctx) => budgeting.createCycle(ctx, withoutNulls(input)),
  }),
  createBudget: t.prismaField({
    type: "Budget",
    errors: {},
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateBudgetInput, required: true }) },
    resolve: (_q, _r, { input }, ctx) => budgeting.createBudget(ctx, withoutNulls(input)),
  }),
  addProjectMilestone: t.prismaField({
    type: "ProjectMilestone",
    errors: {},
    authScopes: { staff: true },
    args: { input: t.arg({ type: MilestoneInput, required: true }) },
    resolve: (_q, _r, { input }, ctx) => budgeting.addMilestone(ctx, withoutNulls(input)),
  }),
  submitProposal: t.prismaField({
    type: "Proposal",
    errors: {},
    authScopes: { signedIn: true },
    args: { input: t.arg({ type: SubmitProposalInput, required: true }) },
    resolve: (_q, _r, { input }, ctx) => budgeting.submitProposal(ctx, withoutNulls(input)),
  }),
  castBallot: t.field({
    type: Receipt,
    errors: {},
    authScopes: { signedIn: true },
    args: { input: t.arg({ type: CastBallotInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      budgeting.castBallot(ctx, { budgetId: input.budgetId, choices: input.choices.map((c) => withoutNulls(c)) }),
  }),
  reviewProposal: t.prismaField({
    type: "Proposal",
    errors: {},
    authScopes: { staff: true },
    args: { input: t.arg({ type: ReviewInput, required: true }) },
    resolve: (_q, _r, { input }, ctx) => budgeting.reviewProposal(ctx, withoutNulls(input)),
  }),
  setBudgetCyclePhase: t.prismaField({
    type: "BudgetCycle",
    errors: {},
    authScopes: { admin: true },
    args: { cycleId: t.arg.id({ required: true }), phase: t.arg({ type: Phase, required: true }) },
    resolve: (_q, _r, args, ctx) => budgeting.setCyclePhase(ctx, args),
  }),
  enterPaperBallot: t.field({
    type: Receipt,
    errors: {},
    authScopes: { staff: true },
    args: { input: t.arg({ type: PaperBallotInput, required: true }) },
    resolve: (_r, { input }, ctx) => budgeting.enterPaperBallot(ctx, { ...input, choices: input.choices.map((c) => withoutNulls(c)) }),
  }),
  contestPaperBallot: t.field({
    type: PaperBallot,
    errors: {},
    authScopes: { signedIn: true },
    description: '"This wasn\'t me": the member flags a paper ballot entered in their name; their own online ballot then replaces it.',
    args: { budgetId: t.arg.id({ required: true }), note: t.arg.string() },
    resolve: (_r, args, ctx) => budgeting.contestPaperBallot(ctx, withoutNulls(args)),
  }),
  voidPaperBallot: t.field({
    type: PaperBallot,
    errors: {},
    authScopes: { staff: true },
    args: { ballotId: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => budgeting.voidPaperBallot(ctx, args),
  }),
  computeBudgetResults: t.prismaField({
    type: ["BudgetResult"],
    errors: {},
    authScopes: { admin: true },
    args: { budgetId: t.arg.id({ required: true }) },
    resolve: async (query, _r, { budgetId }, ctx) => {
      await budgeting.computeResults(ctx, String(budgetId));
      return budgeting.resultRows(String(budgetId), query);
    },
  }),
  setImplementationStatus: t.prismaField({
    type: "Proposal",
    errors: {},
    authScopes: { staff: true },
    args: { proposalId: t.arg.id({ required: true }), status: t.arg({ type: ImplementationStatus, required: true }) },
    resolve: (_q, _r, args, ctx) => budgeting.setImplementationStatus(ctx, args),
  }),
}));

export { Budget, Cycle, Milestone, Project, Result };
