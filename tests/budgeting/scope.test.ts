// Budgeting respects region scope and residency, and paper ballots are accountable: every row
// through the module and over GraphQL (the site's staff desk is in staff-desk.test.ts).
import "../support/db";
import { beforeAll, describe, expect, it } from "vitest";
import * as budgeting from "../../app/modules/budgeting";
import { prisma } from "../../app/platform/db/client.server";
import { handleGraphQL } from "../../graphql/yoga.server";
import { ctx } from "../support/context";
import { member, staff } from "../support/people";

type Person = Awaited<ReturnType<typeof staff>>;
const DAY = 86_400_000;
let admin: Person, manager3: Person, manager5: Person, managerCity: Person, officer3: Person, operatorCity: Person, operator3: Person;
let cycleId: string;
const b = { r3: "", r5: "", city: "", r3open: "" };
const projects: Record<keyof typeof b, string[]> = { r3: [], r5: [], city: [], r3open: [] };

async function gql(token: string, query: string, variables?: object) {
  const res = await handleGraphQL(
    new Request("http://api.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "en", cookie: `session=${token}` },
      body: JSON.stringify({ query, variables }),
    }),
  );
  return (await res.json()) as { data?: any; errors?: { message: string }[] };
}

async function propose(budgetId: string, regionOfAuthor: number, title: string) {
  const author = await member(regionOfAuthor);
  return budgeting.submitProposal(ctx(author.viewer), {
    budgetId,
    title,
    description: "A project description long enough to pass.",
    estimatedCostRials: "1000000000",
  });
}

const accept = (who: Person, proposalId: string) =>
  budgeting.reviewProposal(ctx(who.viewer), { proposalId, decision: "accept", officialCostRials: "1000000000" });

beforeAll(async () => {
  [admin, manager3, manager5, managerCity, officer3, operatorCity, operator3] = await Promise.all([
    staff("admin"),
    staff("manager", 3),
    staff("manager", 5),
    staff("manager"),
    staff("officer", 3),
    staff("operator"),
    staff("operator", 3),
  ]);
  const now = Date.now();
  const cycle = await budgeting.createCycle(ctx(admin.viewer), {
    slug: `scope-${now.toString(36)}`,
    titleFa: "دوره آزمون دامنه",
    titleEn: "Scope test cycle",
    proposalsOpenAt: new Date(now - DAY),
    reviewAt: new Date(now + 10 * DAY),
    votingOpenAt: new Date(now + 20 * DAY),
    votingCloseAt: new Date(now + 30 * DAY),
    implementationAt: new Date(now + 60 * DAY),
  });
  cycleId = cycle.id;
  const budget = async (regionId: number | undefined, name: string, residentsOnly = true) =>
    (
      await budgeting.createBudget(ctx(admin.viewer), {
        cycleId,
        regionId,
        nameFa: name,
        nameEn: name,
        amountRials: "10000000000",
        ballotType: "approval",
        maxChoices: 3,
        minVerification: "email",
        residentsOnly,
      })
    ).id;
  b.r3 = await budget(3, "Region 3");
  b.r5 = await budget(5, "Region 5");
  b.city = await budget(undefined, "City-wide");
  b.r3open = await budget(3, "Region 3, open to all", false);
});

describe("proposal review follows the manager's region", () => {
  it("a region-3 manager cannot review a region-5 or a city-wide proposal; the region's and the city's managers can", async () => {
    const in5 = await propose(b.r5, 5, "Region five park");
    const inCity = await propose(b.city, 3, "City-wide bike lanes");
    const in3 = await propose(b.r3, 3, "Region three library");
    await expect(accept(manager3, in5.id)).rejects.toMatchObject({ code: "error.forbidden", status: 403 });
    await expect(accept(manager3, inCity.id)).rejects.toMatchObject({ code: "error.forbidden" });
    await expect(accept(manager5, inCity.id)).rejects.toMatchObject({ code: "error.forbidden" });
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: in5.id } })).status).toBe("submitted");
    // Nothing about a proposal outside the manager's scope: not even its submitted form.
    expect((await budgeting.listProposals(manager3.viewer, b.r5)).map((p) => p.id)).not.toContain(in5.id);
    expect((await budgeting.listProposals(manager5.viewer, b.r5)).map((p) => p.id)).toContain(in5.id);

    expect((await accept(manager5, in5.id)).status).toBe("accepted");
    expect((await accept(managerCity, inCity.id)).status).toBe("accepted");
    expect((await accept(manager3, in3.id)).status).toBe("accepted");
    projects.r5.push(in5.id);
    projects.city.push(inCity.id);
    projects.r3.push(in3.id);
  });

  it("over GraphQL: the same refusal, nothing stored", async () => {
    const in5 = await propose(b.r5, 5, "Region five fountain");
    const mutation = `mutation($i: ReviewProposalInput!) { reviewProposal(input: $i) { __typename ... on Error { code message } ... on MutationReviewProposalSuccess { data { status } } } }`;
    const refused = await gql(manager3.token, mutation, { i: { proposalId: in5.id, decision: "accept", officialCostRials: "1000000000" } });
    expect(refused.data.reviewProposal).toMatchObject({ __typename: "AppError", code: "error.forbidden" });
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: in5.id } })).status).toBe("submitted");
    const ok = await gql(manager5.token, mutation, { i: { proposalId: in5.id, decision: "accept", officialCostRials: "1000000000" } });
    expect(ok.data.reviewProposal).toEqual({ __typename: "MutationReviewProposalSuccess", data: { status: "accepted" } });
    projects.r5.push(in5.id);
    const open = await propose(b.r3open, 3, "Region three open bench");
    projects.r3open.push((await accept(manager3, open.id)).id);
  });
});

describe("voting: residency and paper ballots", () => {
  beforeAll(async () => {
    await budgeting.setCyclePhase(ctx(admin.viewer), { cycleId, phase: "voting" });
  });

  it("a residents-only budget refuses a member whose residency is not verified; an open regional budget does not", async () => {
    const declared = await member(3, "phone"); // home region 3, residency not verified yet
    await expect(
      budgeting.castBallot(ctx(declared.viewer), { budgetId: b.r3, choices: [{ proposalId: projects.r3[0] }] }),
    ).rejects.toMatchObject({ code: "club.error.residencyUnverified", status: 403 });
    expect(await budgeting.voteStatus(declared.viewer, b.r3)).toMatchObject({ eligible: false, reason: "club.error.residencyUnverified" });
    await expect(
      budgeting.enterPaperBallot(ctx(officer3.viewer), {
        budgetId: b.r3,
        memberNumber: declared.member.memberNumber,
        pollingPoint: "Region 3 office",
        choices: [{ proposalId: projects.r3[0] }],
      }),
    ).rejects.toMatchObject({ fieldErrors: { memberNumber: ["club.error.residencyUnverified"] } });
    expect(await prisma.ballot.count({ where: { memberId: declared.member.id } })).toBe(0);
    // Over GraphQL: the same translated refusal.
    const api = await gql(
      declared.token,
      `mutation($i: CastBallotInput!) { castBallot(input: $i) { __typename ... on Error { code message } } }`,
      { i: { budgetId: b.r3, choices: [{ proposalId: projects.r3[0] }] } },
    );
    expect(api.data.castBallot).toEqual({
      __typename: "AppError",
      code: "club.error.residencyUnverified",
      message: expect.stringMatching(/verified residents/),
    });

    await budgeting.castBallot(ctx(declared.viewer), { budgetId: b.r3open, choices: [{ proposalId: projects.r3open[0] }] });
    const resident = await member(3, "resident");
    await budgeting.castBallot(ctx(resident.viewer), { budgetId: b.r3, choices: [{ proposalId: projects.r3[0] }] });
  });

  it("paper ballots only by the polling point's staff: a region-3 officer cannot enter one for region 5 or the city", async () => {
    const voter5 = await member(5, "resident");
    const voter3 = await member(3, "resident");
    const paper = (who: Person, budgetId: string, memberNumber: number, proposalId: string) =>
      budgeting.enterPaperBallot(ctx(who.viewer), {
        budgetId,
        memberNumber,
        pollingPoint: "School polling point",
        choices: [{ proposalId }],
      });
    await expect(paper(officer3, b.r5, voter5.member.memberNumber, projects.r5[0])).rejects.toMatchObject({
      code: "error.forbidden",
      status: 403,
    });
    await expect(paper(officer3, b.city, voter3.member.memberNumber, projects.city[0])).rejects.toMatchObject({ code: "error.forbidden" });
    await expect(paper(operator3, b.city, voter3.member.memberNumber, projects.city[0])).rejects.toMatchObject({ code: "error.forbidden" });
    await expect(paper(manager3, b.r3, voter3.member.memberNumber, projects.r3[0])).rejects.toMatchObject({ code: "error.forbidden" });
    expect(await prisma.ballot.count({ where: { memberId: { in: [voter5.member.id, voter3.member.id] } } })).toBe(0);
    // Over GraphQL too.
    const api = await gql(
      officer3.token,
      `mutation($i: PaperBallotInput!) { enterPaperBallot(input: $i) { __typename ... on Error { code } } }`,
      {
        i: {
          budgetId: b.r5,
          memberNumber: voter5.member.memberNumber,
          pollingPoint: "School polling point",
          choices: [{ proposalId: projects.r5[0] }],
        },
      },
    );
    expect(api.data.enterPaperBallot).toEqual({ __typename: "AppError", code: "error.forbidden" });
    await budgeting.castBallot(ctx(voter5.viewer), { budgetId: b.r5, choices: [{ proposalId: projects.r5[0] }] }); // the region's own vote

    const before = Date.now();
    await paper(officer3, b.r3, voter3.member.memberNumber, projects.r3[0]);
    await paper(operatorCity, b.city, voter3.member.memberNumber, projects.city[0]);
    const entered = await prisma.ballot.findFirstOrThrow({ where: { budgetId: b.r3, memberId: voter3.member.id } });
    // Who entered it, where, when.
    expect(entered).toMatchObject({
      channel: "paper",
      enteredById: officer3.userId,
      pollingPoint: "School polling point",
      contestedAt: null,
      voidedAt: null,
    });
    expect(entered.castAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("'this wasn't me': the member contests a paper ballot; their own online ballot then replaces it (voided, kept, audited)", async () => {
    const victim = await member(3, "resident");
    const entered = await budgeting.enterPaperBallot(ctx(officer3.viewer), {
      budgetId: b.r3,
      memberNumber: victim.member.memberNumber,
      pollingPoint: "Mosque polling point",
      choices: [{ proposalId: projects.r3[0] }],
    });
    // Uncontested, the paper ballot blocks the online vote, and no manager may void it.
    await expect(
      budgeting.castBallot(ctx(victim.viewer), { budgetId: b.r3, choices: [{ proposalId: projects.r3[0] }] }),
    ).rejects.toMatchObject({ code: "budgeting.error.votedOnPaper" });
    await expect(
      budgeting.voidPaperBallot(ctx(manager3.viewer), { ballotId: entered.ballotId, reason: "Member says it was not them" }),
    ).rejects.toMatchObject({ code: "budgeting.error.notContested" });
    // The member sees where and when it was entered.
    expect(await budgeting.myBallot(victim.viewer, b.r3)).toMatchObject({ channel: "paper", pollingPoint: "Mosque polling point" });

    const contested = await budgeting.contestPaperBallot(ctx(victim.viewer), { budgetId: b.r3, note: "I was abroad that day." });
    expect(contested.contestedAt).toBeInstanceOf(Date);
    expect(
      (await budgeting.contestedPaperBallots(manager3.viewer, b.r3)).map((c) => [c.id, c.enteredById, c.pollingPoint, c.contestNote]),
    ).toContainEqual([entered.ballotId, officer3.userId, "Mosque polling point", "I was abroad that day."]);
    await expect(budgeting.contestedPaperBallots(manager5.viewer, b.r3)).rejects.toMatchObject({ code: "error.forbidden" });
    await expect(budgeting.contestedPaperBallots(officer3.viewer, b.r3)).rejects.toMatchObject({ code: "error.forbidden" });

    const online = await budgeting.castBallot(ctx(victim.viewer), { budgetId: b.r3, choices: [{ proposalId: projects.r3[0] }] });
    expect(online.changed).toBe(false);
    const rows = await prisma.ballot.findMany({ where: { budgetId: b.r3, memberId: victim.member.id }, orderBy: { castAt: "asc" } });
    expect(rows.map((r) => [r.channel, r.voidedAt !== null])).toEqual([
      ["paper", true],
      ["online", false],
    ]);
    expect(rows[0]).toMatchObject({
      voterKey: `voided:${entered.ballotId}`,
      voidedById: victim.userId,
      voidReason: "budgeting.void.supersededOnline",
    });
    expect((await budgeting.checkReceipt({ code: entered.receiptCode })).status).toBe("voided");
    expect((await budgeting.checkReceipt({ code: online.receiptCode })).status).toBe("counted");
    const trail = await prisma.auditEvent.findMany({
      where: { subjectType: "ballot", subjectId: entered.ballotId },
      orderBy: { id: "asc" },
    });
    expect(trail.map((e) => e.action)).toEqual(["budgeting.contestPaperBallot", "budgeting.paperBallotSuperseded"]);
    // Contesting again finds no paper ballot: the member's ballot is their own.
    await expect(budgeting.contestPaperBallot(ctx(victim.viewer), { budgetId: b.r3 })).rejects.toMatchObject({
      code: "budgeting.error.noPaperBallot",
    });
  });

  it("the budget's manager voids a contested paper ballot (not its officer, not another region's manager); the member may then vote", async () => {
    const victim = await member(3, "resident");
    const entered = await budgeting.enterPaperBallot(ctx(operatorCity.viewer), {
      budgetId: b.city,
      memberNumber: victim.member.memberNumber,
      pollingPoint: "Metro station",
      choices: [{ proposalId: projects.city[0] }],
    });
    const contest = await gql(
      victim.token,
      `mutation { contestPaperBallot(budgetId: "${b.city}", note: "Not me") { __typename ... on MutationContestPaperBallotSuccess { data { id pollingPoint contestedAt } } } }`,
    );
    expect(contest.data.contestPaperBallot).toMatchObject({
      __typename: "MutationContestPaperBallotSuccess",
      data: { id: entered.ballotId, pollingPoint: "Metro station" },
    });

    const voidIt = `mutation($id: ID!, $r: String!) { voidPaperBallot(ballotId: $id, reason: $r) { __typename ... on Error { code } ... on ValidationError { fieldErrors { field codes } } ... on MutationVoidPaperBallotSuccess { data { voidedAt } } } }`;
    expect((await gql(manager3.token, voidIt, { id: entered.ballotId, r: "Member contested it" })).data.voidPaperBallot).toMatchObject({
      __typename: "AppError",
      code: "error.forbidden",
    });
    expect((await gql(operatorCity.token, voidIt, { id: entered.ballotId, r: "Member contested it" })).data.voidPaperBallot).toMatchObject({
      code: "error.forbidden",
    });
    expect((await gql(managerCity.token, voidIt, { id: entered.ballotId, r: "no" })).data.voidPaperBallot).toMatchObject({
      __typename: "ValidationError",
      fieldErrors: [{ field: "reason", codes: ["budgeting.error.voidReason"] }],
    });
    const listed = await gql(
      managerCity.token,
      `query { contestedPaperBallots(budgetId: "${b.city}") { __typename ... on QueryContestedPaperBallotsSuccess { data { id enteredById pollingPoint contestNote } } } }`,
    );
    expect(listed.data.contestedPaperBallots.data).toContainEqual({
      id: entered.ballotId,
      enteredById: operatorCity.userId,
      pollingPoint: "Metro station",
      contestNote: "Not me",
    });
    expect((await gql(managerCity.token, voidIt, { id: entered.ballotId, r: "Member contested it" })).data.voidPaperBallot.__typename).toBe(
      "MutationVoidPaperBallotSuccess",
    );
    await expect(
      budgeting.voidPaperBallot(ctx(managerCity.viewer), { ballotId: entered.ballotId, reason: "Member contested it" }),
    ).rejects.toMatchObject({ code: "budgeting.error.alreadyVoided" });
    expect(await prisma.ballot.findUniqueOrThrow({ where: { id: entered.ballotId } })).toMatchObject({
      voidedById: managerCity.userId,
      voidReason: "Member contested it",
    });
    expect((await budgeting.contestedPaperBallots(managerCity.viewer, b.city)).map((c) => c.id)).not.toContain(entered.ballotId);

    await budgeting.castBallot(ctx(victim.viewer), { budgetId: b.city, choices: [{ proposalId: projects.city[0] }] });
    expect(
      await prisma.auditEvent.count({
        where: { subjectType: "ballot", subjectId: entered.ballotId, action: "budgeting.voidPaperBallot", actorId: managerCity.userId },
      }),
    ).toBe(1);
  });
});

describe("implementation follows the manager's region", () => {
  beforeAll(async () => {
    await budgeting.setCyclePhase(ctx(admin.viewer), { cycleId, phase: "results" });
    await budgeting.computeResults(ctx(admin.viewer), b.r5);
    await budgeting.computeResults(ctx(admin.viewer), b.r3);
  });

  it("voided ballots are not counted", async () => {
    const [r3] = (await budgeting.resultRows(b.r3)).filter((r) => r.rule === "mes_add1");
    // r3: the resident's ballot, officer3's paper ballot for voter3, the victim's online ballot (its voided paper ballot is not counted).
    expect(r3.voters).toBe(3);
  });

  it("a region-3 manager cannot record the status or a milestone of a region-5 project", async () => {
    const [project] = await budgeting.implementationOf(b.r5);
    expect(project).toBeDefined();
    await expect(
      budgeting.setImplementationStatus(ctx(manager3.viewer), { proposalId: project.id, status: "in_progress" }),
    ).rejects.toMatchObject({ code: "error.forbidden" });
    await expect(
      budgeting.addMilestone(ctx(manager3.viewer), { proposalId: project.id, title: "Contract signed", reachedAt: new Date() }),
    ).rejects.toMatchObject({ code: "error.forbidden" });
    const api = await gql(
      manager3.token,
      `mutation { setImplementationStatus(proposalId: "${project.id}", status: in_progress) { __typename ... on Error { code } } }`,
    );
    expect(api.data.setImplementationStatus).toEqual({ __typename: "AppError", code: "error.forbidden" });
    const milestone = await gql(
      manager3.token,
      `mutation($i: AddMilestoneInput!) { addProjectMilestone(input: $i) { __typename ... on Error { code } } }`,
      { i: { proposalId: project.id, title: "Contract signed", reachedAt: new Date().toISOString() } },
    );
    expect(milestone.data.addProjectMilestone).toEqual({ __typename: "AppError", code: "error.forbidden" });
    expect(await prisma.proposal.findUniqueOrThrow({ where: { id: project.id } })).toMatchObject({ implementationStatus: "not_started" });
    expect(await prisma.projectMilestone.count({ where: { proposalId: project.id } })).toBe(0);

    await budgeting.setImplementationStatus(ctx(manager5.viewer), { proposalId: project.id, status: "in_progress" });
    await budgeting.addMilestone(ctx(managerCity.viewer), { proposalId: project.id, title: "Contract signed", reachedAt: new Date() });
    expect(await prisma.proposal.findUniqueOrThrow({ where: { id: project.id }, include: { milestones: true } })).toMatchObject({
      implementationStatus: "in_progress",
      milestones: [{ title: "Contract signed" }],
    });
  });
});
