import "../support/db";
import fs from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as budgeting from "../../app/modules/budgeting";
import { parsePb } from "../../app/modules/budgeting/pabulib";
import { electionFromPb, tally } from "../../app/modules/budgeting/tally";
import { prisma } from "../../app/platform/db/client.server";
import { AppError, ValidationError } from "../../app/platform/errors";
import { handleGraphQL } from "../../graphql/yoga.server";
import { ctx } from "../support/context";
import { member, person, staff } from "../support/people";

const DAY = 86_400_000;
let admin: Awaited<ReturnType<typeof staff>>;
let cycleId: string;
let slug: string;
const budgets: Record<"approval" | "knapsack" | "cumulative", string> = { approval: "", knapsack: "", cumulative: "" };

async function newCycle() {
  const now = Date.now();
  slug = `cycle-${now.toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const cycle = await budgeting.createCycle(ctx(admin.viewer), {
    slug,
    titleFa: "بودجه مشارکتی ۱۴۰۵",
    titleEn: "Participatory budget 2026",
    proposalsOpenAt: new Date(now - DAY),
    reviewAt: new Date(now + 10 * DAY),
    votingOpenAt: new Date(now + 20 * DAY),
    votingCloseAt: new Date(now + 30 * DAY),
    implementationAt: new Date(now + 60 * DAY),
    officialRule: "mes_add1",
  });
  cycleId = cycle.id;
  budgets.approval = (
    await budgeting.createBudget(ctx(admin.viewer), {
      cycleId,
      regionId: 3,
      nameFa: "منطقه ۳",
      nameEn: "Region 3",
      amountRials: "10000000000",
      ballotType: "approval",
      maxChoices: 2,
      minVerification: "email",
    })
  ).id;
  budgets.knapsack = (
    await budgeting.createBudget(ctx(admin.viewer), {
      cycleId,
      nameFa: "کل شهر",
      nameEn: "City-wide",
      amountRials: "20000000000",
      ballotType: "knapsack",
      minVerification: "phone",
    })
  ).id;
  budgets.cumulative = (
    await budgeting.createBudget(ctx(admin.viewer), {
      cycleId,
      nameFa: "سبز",
      nameEn: "Green",
      amountRials: "9000000000",
      ballotType: "cumulative",
      points: 10,
      minVerification: "email",
      residentsOnly: false,
    })
  ).id;
}

async function projects(budgetId: string, costs: number[]) {
  const author = await member(3);
  const ids: string[] = [];
  for (const [i, cost] of costs.entries()) {
    const p = await budgeting.submitProposal(ctx(author.viewer), {
      budgetId,
      title: `Project number ${i + 1}`,
      description: "A project description long enough to pass.",
      estimatedCostRials: String(cost),
    });
    await budgeting.reviewProposal(ctx(admin.viewer), { proposalId: p.id, decision: "accept", officialCostRials: String(cost) });
    ids.push(p.id);
  }
  return ids;
}

beforeAll(async () => {
  admin = await staff("admin");
  await newCycle();
});

describe("phases follow the dates", () => {
  it("computes the phase and lets an admin move it", async () => {
    const cycle = await budgeting.getCycle(slug);
    expect(cycle.phase).toBe("proposals");
    const now = Date.now();
    expect(
      budgeting.phaseOf({
        proposalsOpenAt: new Date(now + DAY),
        reviewAt: new Date(now + 2 * DAY),
        votingOpenAt: new Date(now + 3 * DAY),
        votingCloseAt: new Date(now + 4 * DAY),
        implementationAt: new Date(now + 5 * DAY),
      }),
    ).toBe("upcoming");
    const someone = await person();
    await expect(budgeting.setCyclePhase(ctx(someone.viewer), { cycleId, phase: "voting" })).rejects.toMatchObject({
      code: "error.forbidden",
    });
  });

  it("refuses dates out of order", async () => {
    const now = Date.now();
    await expect(
      budgeting.createCycle(ctx(admin.viewer), {
        slug: "bad-order",
        titleFa: "نادرست",
        titleEn: "Bad order",
        proposalsOpenAt: new Date(now),
        reviewAt: new Date(now - DAY),
        votingOpenAt: new Date(now + DAY),
        votingCloseAt: new Date(now + 2 * DAY),
        implementationAt: new Date(now + 3 * DAY),
      }),
    ).rejects.toMatchObject({ fieldErrors: { votingOpenAt: ["budgeting.error.dateOrder"] } });
  });
});

describe("proposals and review", () => {
  it("members propose; staff accept with an official cost or reject with a public reason", async () => {
    const m = await member(3);
    const outsider = await person();
    await expect(
      budgeting.submitProposal(ctx(outsider.viewer), {
        budgetId: budgets.approval,
        title: "Not a member",
        description: "Should be refused by the club rule.",
        estimatedCostRials: "1000",
      }),
    ).rejects.toMatchObject({ code: "club.error.notMember" });
    await expect(
      budgeting.submitProposal(ctx(m.viewer), { budgetId: budgets.approval, title: "x", description: "short", estimatedCostRials: "-5" }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      budgeting.submitProposal(ctx(m.viewer), {
        budgetId: budgets.approval,
        title: "Too expensive",
        description: "More than the whole budget of the region.",
        estimatedCostRials: "99000000000",
      }),
    ).rejects.toMatchObject({ fieldErrors: { estimatedCostRials: ["budgeting.error.overBudget"] } });
    const p = await budgeting.submitProposal(ctx(m.viewer), {
      budgetId: budgets.approval,
      title: "Park benches",
      description: "Benches along the Vanak park paths for elderly visitors.",
      estimatedCostRials: "۱٬۰۰۰٬۰۰۰٬۰۰۰",
      latitude: "35.757",
      longitude: "51.41",
    });
    expect(p).toMatchObject({ status: "submitted", regionId: 3, estimatedCostRials: 1_000_000_000n });
    await expect(
      budgeting.reviewProposal(ctx(m.viewer), { proposalId: p.id, decision: "accept", officialCostRials: "1" }),
    ).rejects.toMatchObject({ code: "error.forbidden" });
    await expect(budgeting.reviewProposal(ctx(admin.viewer), { proposalId: p.id, decision: "reject", reason: "" })).rejects.toMatchObject({
      fieldErrors: { reason: ["budgeting.error.reasonRequired"] },
    });
    await expect(budgeting.reviewProposal(ctx(admin.viewer), { proposalId: p.id, decision: "accept" })).rejects.toMatchObject({
      fieldErrors: { officialCostRials: ["validation.required"] },
    });
    const rejected = await budgeting.reviewProposal(ctx(admin.viewer), {
      proposalId: p.id,
      decision: "reject",
      reason: "Already planned by the region.",
    });
    expect(rejected).toMatchObject({ status: "rejected", reviewReason: "Already planned by the region." });
    expect((await budgeting.listProposals(ctx().viewer, budgets.approval)).some((x) => x.id === p.id)).toBe(true);
  });
});

describe("voting", () => {
  let approvalIds: string[];
  let knapsackIds: string[];
  let cumulativeIds: string[];

  beforeAll(async () => {
    approvalIds = await projects(budgets.approval, [3e9, 3e9, 4e9, 2e9]);
    knapsackIds = await projects(budgets.knapsack, [8e9, 7e9, 6e9]);
    cumulativeIds = await projects(budgets.cumulative, [3e9, 3e9, 3e9]);
    await budgeting.setCyclePhase(ctx(admin.viewer), { cycleId, phase: "voting" });
    expect((await budgeting.getCycle(slug)).phase).toBe("voting");
  });

  it("validates each ballot type with translated reasons", async () => {
    const m = await member(3, "resident");
    const cast = (budgetId: string, choices: { proposalId: string; points?: number }[]) =>
      budgeting.castBallot(ctx(m.viewer), { budgetId, choices });
    await expect(
      cast(
        budgets.approval,
        approvalIds.slice(0, 3).map((proposalId) => ({ proposalId })),
      ),
    ).rejects.toMatchObject({ fieldErrors: { choices: ['budgeting.ballot.tooMany|{"max":2}'] } });
    await expect(cast(budgets.approval, [])).rejects.toMatchObject({ fieldErrors: { choices: ["budgeting.ballot.empty"] } });
    await expect(cast(budgets.approval, [{ proposalId: knapsackIds[0] }])).rejects.toMatchObject({
      fieldErrors: { choices: ["budgeting.ballot.unknownProject"] },
    });
    await expect(
      cast(
        budgets.knapsack,
        knapsackIds.map((proposalId) => ({ proposalId })),
      ),
    ).rejects.toMatchObject({ fieldErrors: { choices: ["budgeting.ballot.overBudget"] } });
    await expect(
      cast(budgets.cumulative, [
        { proposalId: cumulativeIds[0], points: 7 },
        { proposalId: cumulativeIds[1], points: 4 },
      ]),
    ).rejects.toMatchObject({ fieldErrors: { choices: ['budgeting.ballot.tooManyPoints|{"max":10}'] } });
    expect(await prisma.ballot.count({ where: { memberId: m.member.id } })).toBe(0);
    await cast(budgets.knapsack, [{ proposalId: knapsackIds[0] }, { proposalId: knapsackIds[1] }]);
    await cast(budgets.cumulative, [
      { proposalId: cumulativeIds[0], points: 6 },
      { proposalId: cumulativeIds[2], points: 4 },
    ]);
    expect(
      await prisma.ballotChoice.findMany({
        where: { ballot: { budgetId: budgets.cumulative, memberId: m.member.id } },
        orderBy: { points: "desc" },
        select: { points: true },
      }),
    ).toEqual([{ points: 6 }, { points: 4 }]);
  });

  it("refuses ineligible members: wrong region, too low a verification level — in the module and over the API", async () => {
    const elsewhere = await member(5, "phone");
    await expect(
      budgeting.castBallot(ctx(elsewhere.viewer), { budgetId: budgets.approval, choices: [{ proposalId: approvalIds[0] }] }),
    ).rejects.toMatchObject({ code: "club.error.wrongRegion", status: 403 });
    const emailOnly = await member(3, "email");
    await expect(
      budgeting.castBallot(ctx(emailOnly.viewer), { budgetId: budgets.knapsack, choices: [{ proposalId: knapsackIds[2] }] }),
    ).rejects.toMatchObject({ code: "club.error.levelTooLow" });
    const res = await handleGraphQL(
      new Request("http://api.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `session=${emailOnly.token}`, "accept-language": "en" },
        body: JSON.stringify({
          query: `mutation($i: CastBallotInput!) { castBallot(input: $i) { __typename ... on Error { code message } } }`,
          variables: { i: { budgetId: budgets.knapsack, choices: [{ proposalId: knapsackIds[2] }] } },
        }),
      }),
    );
    expect((await res.json()).data.castBallot).toEqual({
      __typename: "AppError",
      code: "club.error.levelTooLow",
      message: expect.stringMatching(/higher verification level/),
    });
    expect(await prisma.ballot.count({ where: { memberId: { in: [elsewhere.member.id, emailOnly.member.id] } } })).toBe(0);
  });

  it("one member, one ballot: 200 parallel submissions leave exactly one ballot and one valid receipt", async () => {
    const m = await member(3, "resident");
    const attempts = Array.from({ length: 200 }, (_, i) =>
      budgeting.castBallot(ctx(m.viewer), { budgetId: budgets.approval, choices: [{ proposalId: approvalIds[i % 4] }] }),
    );
    const results = await Promise.allSettled(attempts);
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(await prisma.ballot.count({ where: { budgetId: budgets.approval, memberId: m.member.id } })).toBe(1);
    const ballot = await prisma.ballot.findFirstOrThrow({
      where: { budgetId: budgets.approval, memberId: m.member.id },
      include: { choices: true, receipts: true },
    });
    expect(ballot.choices).toHaveLength(1);
    expect(ballot.receipts.filter((r) => r.supersededAt === null)).toHaveLength(1);
  }, 60_000);

  it("a changed ballot gets a new receipt; the old one says superseded; receipts reveal no choices", async () => {
    const m = await member(3, "resident");
    const first = await budgeting.castBallot(ctx(m.viewer), {
      budgetId: budgets.approval,
      choices: [{ proposalId: approvalIds[0] }, { proposalId: approvalIds[1] }],
    });
    expect(first.receiptCode).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    expect(await budgeting.checkReceipt({ code: first.receiptCode })).toMatchObject({ status: "counted", fingerprint: first.fingerprint });
    const second = await budgeting.castBallot(ctx(m.viewer), { budgetId: budgets.approval, choices: [{ proposalId: approvalIds[3] }] });
    expect(second.changed).toBe(true);
    expect((await budgeting.checkReceipt({ code: first.receiptCode })).status).toBe("superseded");
    const check = await budgeting.checkReceipt({ code: second.receiptCode.toLowerCase().replace("-", "") });
    expect(check.status).toBe("counted");
    expect(JSON.stringify(check)).not.toContain(approvalIds[3]);
    expect((await budgeting.checkReceipt({ code: "AAAAA-BBBBB" })).status).toBe("unknown");
    await expect(budgeting.checkReceipt({ code: "nope" })).rejects.toBeInstanceOf(ValidationError);
    // Tampering with the stored ballot is detectable by the receipt holder.
    await prisma.ballotChoice.updateMany({
      where: { ballot: { budgetId: budgets.approval, memberId: m.member.id } },
      data: { proposalId: approvalIds[2] },
    });
    expect((await budgeting.checkReceipt({ code: second.receiptCode })).status).toBe("altered");
  });

  it("paper ballots are tied to a member and never counted twice with an online ballot", async () => {
    const operator = await staff("operator");
    const online = await member(3, "resident");
    await budgeting.castBallot(ctx(online.viewer), { budgetId: budgets.approval, choices: [{ proposalId: approvalIds[0] }] });
    await expect(
      budgeting.enterPaperBallot(ctx(operator.viewer), {
        budgetId: budgets.approval,
        memberNumber: online.member.memberNumber,
        pollingPoint: "Region 3 office",
        choices: [{ proposalId: approvalIds[1] }],
      }),
    ).rejects.toMatchObject({ code: "budgeting.error.alreadyVoted" });
    const paper = await member(3, "resident");
    await budgeting.enterPaperBallot(ctx(operator.viewer), {
      budgetId: budgets.approval,
      memberNumber: paper.member.memberNumber,
      pollingPoint: "Region 3 office",
      choices: [{ proposalId: approvalIds[1] }],
    });
    await expect(
      budgeting.castBallot(ctx(paper.viewer), { budgetId: budgets.approval, choices: [{ proposalId: approvalIds[2] }] }),
    ).rejects.toMatchObject({ code: "budgeting.error.votedOnPaper" });
    await expect(
      budgeting.enterPaperBallot(ctx(operator.viewer), {
        budgetId: budgets.approval,
        memberNumber: 99_999_999,
        pollingPoint: "Region 3 office",
        choices: [{ proposalId: approvalIds[1] }],
      }),
    ).rejects.toMatchObject({ fieldErrors: { memberNumber: ["budgeting.error.noSuchMember"] } });
    await expect(
      budgeting.enterPaperBallot(ctx(paper.viewer), {
        budgetId: budgets.approval,
        memberNumber: paper.member.memberNumber,
        pollingPoint: "x",
        choices: [],
      }),
    ).rejects.toMatchObject({ code: "error.forbidden" });
  });

  it("after voting closes: results under every rule, official winners marked, exportable as Pabulib", async () => {
    const m = await member(3);
    await expect(budgeting.computeResults(ctx(admin.viewer), budgets.approval)).rejects.toMatchObject({
      code: "budgeting.error.votingNotClosed",
    });
    await budgeting.setCyclePhase(ctx(admin.viewer), { cycleId, phase: "results" });
    await expect(
      budgeting.castBallot(ctx(m.viewer), { budgetId: budgets.approval, choices: [{ proposalId: approvalIds[0] }] }),
    ).rejects.toMatchObject({ code: "budgeting.error.votingClosed" });
    const official = await budgeting.computeResults(ctx(admin.viewer), budgets.approval);
    const results = await budgeting.getResults(budgets.approval);
    expect(results!.results.map((r) => r.rule).sort()).toEqual(["greedy", "mes", "mes_add1", "mes_add1_comparison"]);
    const selected = await prisma.proposal.findMany({ where: { budgetId: budgets.approval, selected: true } });
    expect(selected.map((p) => p.id).sort()).toEqual([...official.selected].sort());
    expect(selected.every((p) => p.implementationStatus === "not_started")).toBe(true);
    const totalCost = selected.reduce((s, p) => s + Number(p.officialCostRials), 0);
    expect(totalCost).toBeLessThanOrEqual(10_000_000_000);

    // The export is a valid Pabulib file that tallies to the same winners.
    const text = await budgeting.exportPb(budgets.approval);
    const instance = parsePb(text);
    const codeOf = new Map((await prisma.proposal.findMany({ where: { budgetId: budgets.approval } })).map((p) => [p.id, p.code]));
    expect(instance.meta.comment).toMatch(/completion step here: \d+ IRR/);
    const step = budgeting.add1Settings(10_000_000_000, instance.votes.length);
    expect(tally({ ...electionFromPb(instance), ...step }, "mes-add1").selected.sort()).toEqual(
      official.selected.map((id) => codeOf.get(id)!).sort(),
    );
    expect(instance.votes.length).toBe(await prisma.ballot.count({ where: { budgetId: budgets.approval } }));
    expect(text).not.toMatch(/@example\.com/);

    await budgeting.setImplementationStatus(ctx(admin.viewer), { proposalId: selected[0].id, status: "in_progress" });
    await budgeting.addMilestone(ctx(admin.viewer), { proposalId: selected[0].id, title: "Contract signed", reachedAt: new Date() });
    expect(await prisma.projectMilestone.count({ where: { proposalId: selected[0].id } })).toBe(1);
    await expect(
      budgeting.setImplementationStatus(ctx(m.viewer), { proposalId: selected[0].id, status: "completed" }),
    ).rejects.toBeInstanceOf(AppError);
  });
});

describe("Pabulib import", () => {
  it("imports a real instance as a closed study budget whose results reproduce the official winners", async () => {
    const file = path.resolve("tests/fixtures/pabulib/Netherlands_Assen_2024.pb");
    const text = await fs.readFile(file, "utf8");
    const cycle = await budgeting.importPb(ctx(admin.viewer), text, `assen-${Date.now().toString(36)}`);
    expect(cycle.isStudy).toBe(true);
    const results = await budgeting.getResults(cycle.budgets[0].id);
    const official = results!.results.find((r) => r.rule === "mes_add1")!;
    const codes = new Map(results!.projects.map((p) => [p.id, p.code]));
    expect(official.selected.map((id) => codes.get(id)).sort((a, b) => Number(a) - Number(b))).toEqual([
      "2",
      "3",
      "5",
      "6",
      "9",
      "11",
      "12",
      "13",
      "14",
    ]);
    expect(official.voters).toBe(84);
  }, 60_000);
});

describe("Pabulib import of a bad file", () => {
  it("answers with a translated field error and creates nothing", async () => {
    const before = await prisma.budgetCycle.count();
    const error = await budgeting.importPb(ctx(admin.viewer), "META\nkey;value\nbudget;abc\n", "broken-file").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.text[0]).toMatch(/^budgeting\.error\.pabulib\|/);
    expect(await prisma.budgetCycle.count()).toBe(before);
  });
});

describe("malformed ids", () => {
  it("are 'not found', never a database error", async () => {
    await expect(budgeting.getResults("not-a-uuid")).rejects.toMatchObject({ code: "error.notFoundRecord", status: 404 });
    await expect(budgeting.exportPb("1; DROP TABLE ballots")).rejects.toMatchObject({ status: 404 });
    await expect(budgeting.computeResults(ctx(admin.viewer), "x")).rejects.toMatchObject({ status: 404 });
  });
});

describe("MES add1 on rial budgets", () => {
  it("finishes quickly where one-rial steps would take billions of steps", () => {
    // A project everyone supports, and one that only a single voter supports at 90 % of the budget:
    // with +1 rial per step, add1 would raise shares ~6.7 billion times before stopping.
    const election = {
      budget: 10_000_000_000,
      voteType: "approval" as const,
      projects: [
        { id: "a", cost: 3_000_000_000 },
        { id: "b", cost: 9_000_000_000 },
      ],
      ballots: [{ approvals: ["a", "b"] }, { approvals: ["a"] }, { approvals: ["a"] }],
    };
    const result = tally({ ...election, ...budgeting.add1Settings(election.budget, 3) }, "mes-add1");
    expect(result.selected).toEqual(["a"]);
    // The cap stops even a pathological completion, keeping an affordable outcome.
    expect(tally({ ...election, maxAdd1Steps: 1000 }, "mes-add1").selected).toEqual(["a"]);
  });
});
