// The staff desk's pages (app/routes/staff.budgeting.*) are thin doors: the region-scope rows of
// scope.test.ts hold through the site too — what a page lists and what its forms may do.
import "../support/db";
import { beforeAll, describe, expect, it } from "vitest";
import * as budgeting from "../../app/modules/budgeting";
import { prisma } from "../../app/platform/db/client.server";
import { action as reviewAction, loader as reviewLoader } from "../../app/routes/staff.budgeting.review";
import { action as paperAction, loader as paperLoader } from "../../app/routes/staff.budgeting.paper";
import { action as resultsAction } from "../../app/routes/staff.budgeting.results";
import { loader as deskLoader } from "../../app/routes/staff.budgeting";
import { action as voteAction } from "../../app/routes/budgeting.$slug.vote.$budgetId";
import { loader as receiptLoader } from "../../app/routes/budgeting.receipt";
import { ctx } from "../support/context";
import { member, staff } from "../support/people";

type Person = Awaited<ReturnType<typeof staff>>;
type Tagged = {
  data: { ok: boolean; formError?: string; message?: string; fieldErrors?: Record<string, string[]> };
  init?: { status?: number } | null;
};
const DAY = 86_400_000;
const context = { ip: null, appendHeader: () => undefined };
let admin: Person, manager3: Person, manager5: Person, officer3: Person;
let cycleId: string, slug: string;
const b = { r3: "", r5: "" };

function post(path: string, token: string, fields: Record<string, string | string[]>) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) form.append(k, one);
  return new Request(`http://test.local${path}`, {
    method: "POST",
    headers: { cookie: `session=${token}`, "content-type": "application/x-www-form-urlencoded" },
    body: form,
  });
}
const get = (path: string, token: string) => new Request(`http://test.local${path}`, { headers: { cookie: `session=${token}` } });
const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (r: Response | { init?: { status: number } }) => (r instanceof Response ? r.status : (r.init?.status ?? 500)),
  );

beforeAll(async () => {
  [admin, manager3, manager5, officer3] = await Promise.all([
    staff("admin"),
    staff("manager", 3),
    staff("manager", 5),
    staff("officer", 3),
  ]);
  const now = Date.now();
  slug = `desk-${now.toString(36)}`;
  cycleId = (
    await budgeting.createCycle(ctx(admin.viewer), {
      slug,
      titleFa: "دوره میز کارشناسان",
      titleEn: "Staff desk cycle",
      proposalsOpenAt: new Date(now - DAY),
      reviewAt: new Date(now + 10 * DAY),
      votingOpenAt: new Date(now + 20 * DAY),
      votingCloseAt: new Date(now + 30 * DAY),
      implementationAt: new Date(now + 60 * DAY),
    })
  ).id;
  for (const region of [3, 5] as const)
    b[`r${region}`] = (
      await budgeting.createBudget(ctx(admin.viewer), {
        cycleId,
        regionId: region,
        nameFa: `منطقه ${region}`,
        nameEn: `Region ${region}`,
        amountRials: "10000000000",
        ballotType: "approval",
        maxChoices: 2,
      })
    ).id;
});

describe("the staff desk respects region scope", () => {
  let in5: string;

  it("review: a region-3 manager neither sees nor decides a region-5 proposal", async () => {
    const author = await member(5);
    in5 = (
      await budgeting.submitProposal(ctx(author.viewer), {
        budgetId: b.r5,
        title: "Region five playground",
        description: "A playground for the children of region five.",
        estimatedCostRials: "1000000000",
      })
    ).id;
    const page = (await reviewLoader({ request: get("/staff/budgeting/review", manager3.token), params: {}, context })) as {
      cycles: { id: string; budgets: { id: string; submitted: { id: string }[] }[] }[];
    };
    const budgetsSeen = page.cycles.find((c) => c.id === cycleId)!.budgets;
    expect(budgetsSeen.map((x) => x.id)).toEqual([b.r3]); // region 5 is not on the region-3 manager's desk
    expect(budgetsSeen.flatMap((x) => x.submitted.map((p) => p.id))).not.toContain(in5);

    const refused = (await reviewAction({
      request: post("/staff/budgeting/review", manager3.token, {
        intent: "review",
        proposalId: in5,
        budgetId: b.r5,
        decision: "accept",
        officialCostRials: "1000000000",
      }),
      params: {},
      context,
    })) as unknown as Tagged;
    expect(refused.init?.status).toBe(403);
    expect(refused.data).toMatchObject({ ok: false, formError: "error.forbidden" });
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: in5 } })).status).toBe("submitted");

    const page5 = (await reviewLoader({ request: get("/staff/budgeting/review", manager5.token), params: {}, context })) as typeof page;
    expect(page5.cycles.find((c) => c.id === cycleId)!.budgets.flatMap((x) => x.submitted.map((p) => p.id))).toContain(in5);
    const accepted = (await reviewAction({
      request: post("/staff/budgeting/review", manager5.token, {
        intent: "review",
        proposalId: in5,
        budgetId: b.r5,
        decision: "accept",
        officialCostRials: "1000000000",
      }),
      params: {},
      context,
    })) as unknown as Tagged;
    expect(accepted.data).toMatchObject({ ok: true, message: "budgeting.staff.accepted" });
  });

  it("paper ballots: the region-3 officer's desk has region 3 only, and a posted region-5 ballot is refused", async () => {
    await budgeting.setCyclePhase(ctx(admin.viewer), { cycleId, phase: "voting" });
    const page = (await paperLoader({ request: get("/staff/budgeting/paper", officer3.token), params: {}, context })) as {
      cycles: { id: string; budgets: { id: string; can: { paper: boolean; voidPaper: boolean } }[] }[];
    };
    expect(page.cycles.find((c) => c.id === cycleId)!.budgets.map((x) => [x.id, x.can])).toEqual([
      [b.r3, { review: false, implementation: false, paper: true, voidPaper: false }],
    ]);
    const voter = await member(5, "resident");
    const refused = (await paperAction({
      request: post("/staff/budgeting/paper", officer3.token, {
        intent: "paper",
        budgetId: b.r5,
        memberNumber: `137-${String(voter.member.memberNumber).padStart(6, "0")}`,
        pollingPoint: "Region 5 school",
        choice: in5,
      }),
      params: {},
      context,
    })) as unknown as Tagged;
    expect(refused.init?.status).toBe(403);
    expect(await prisma.ballot.count({ where: { memberId: voter.member.id } })).toBe(0);
  });

  it("'this wasn't me' from the vote page; the manager voids it from the desk; the member votes", async () => {
    const victim = await member(5, "resident");
    const officer5 = await staff("officer", 5);
    const entered = (await paperAction({
      request: post("/staff/budgeting/paper", officer5.token, {
        intent: "paper",
        budgetId: b.r5,
        memberNumber: `۱۳۷-${String(victim.member.memberNumber)
          .padStart(6, "0")
          .replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)])}`,
        pollingPoint: "Region 5 school",
        choice: in5,
      }),
      params: {},
      context,
    })) as unknown as Tagged;
    expect(entered.data).toMatchObject({ ok: true, message: "budgeting.staff.paperEntered" });
    const paper = await prisma.ballot.findFirstOrThrow({ where: { budgetId: b.r5, memberId: victim.member.id } });
    expect(paper).toMatchObject({ channel: "paper", enteredById: officer5.userId, pollingPoint: "Region 5 school" });

    // The member's receipt page lists it: where and when, and the way to contest it.
    const receipts = async () =>
      (
        (await receiptLoader({ request: get("/budgeting/receipt", victim.token), params: {}, context })) as {
          paper: { id: string; pollingPoint: string; contested: boolean }[];
        }
      ).paper;
    expect(await receipts()).toMatchObject([{ id: paper.id, pollingPoint: "Region 5 school", contested: false }]);
    expect(await receipts()).toHaveLength(1);
    const contested = (await voteAction({
      request: post(`/budgeting/${slug}/vote/${b.r5}`, victim.token, { intent: "contest", note: "I never went there" }),
      params: { slug, budgetId: b.r5 },
      context,
    })) as unknown as Tagged;
    expect(contested.data).toMatchObject({ ok: true, message: "budgeting.paper.contested" });

    // The officer who entered it cannot void it; another region's manager cannot either.
    for (const who of [officer5, manager3]) {
      const refused = (await paperAction({
        request: post("/staff/budgeting/paper", who.token, { intent: "void", ballotId: paper.id, reason: "Member contested it" }),
        params: {},
        context,
      })) as unknown as Tagged;
      expect(refused.init?.status).toBe(403);
    }
    const desk = (await paperLoader({ request: get("/staff/budgeting/paper", manager5.token), params: {}, context })) as {
      cycles: { id: string; budgets: { id: string; contested: { id: string; enteredById: string }[] }[] }[];
    };
    expect(desk.cycles.find((c) => c.id === cycleId)!.budgets.find((x) => x.id === b.r5)!.contested).toMatchObject([
      { id: paper.id, enteredById: officer5.userId },
    ]);
    expect(await receipts()).toMatchObject([{ id: paper.id, contested: true }]);
    const voided = (await paperAction({
      request: post("/staff/budgeting/paper", manager5.token, { intent: "void", ballotId: paper.id, reason: "Member contested it" }),
      params: {},
      context,
    })) as unknown as Tagged;
    expect(voided.data).toMatchObject({ ok: true, message: "budgeting.staff.voided" });

    expect(await receipts()).toEqual([]); // voided: no longer in the member's name
    const cast = (await voteAction({
      request: post(`/budgeting/${slug}/vote/${b.r5}`, victim.token, { choice: in5 }),
      params: { slug, budgetId: b.r5 },
      context,
    })) as unknown as Tagged;
    expect(cast.data).toMatchObject({ ok: true });
    expect(await prisma.ballot.count({ where: { budgetId: b.r5, memberId: victim.member.id, voidedAt: null, channel: "online" } })).toBe(1);
  });

  it("implementation: a region-3 manager's form on a region-5 project is refused; the desk opens to officers but not to citizens", async () => {
    await budgeting.setCyclePhase(ctx(admin.viewer), { cycleId, phase: "results" });
    await budgeting.computeResults(ctx(admin.viewer), b.r5);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: in5 } })).selected).toBe(true);
    const refused = (await resultsAction({
      request: post("/staff/budgeting/results", manager3.token, { intent: "implementation", proposalId: in5, status: "completed" }),
      params: {},
      context,
    })) as unknown as Tagged;
    expect(refused.init?.status).toBe(403);
    const milestone = (await resultsAction({
      request: post("/staff/budgeting/results", manager3.token, {
        intent: "milestone",
        proposalId: in5,
        title: "Finished",
        reachedAt: "2026-12-01",
      }),
      params: {},
      context,
    })) as unknown as Tagged;
    expect(milestone.init?.status).toBe(403);
    expect(await prisma.proposal.findUniqueOrThrow({ where: { id: in5 }, include: { milestones: true } })).toMatchObject({
      implementationStatus: "not_started",
      milestones: [],
    });
    const ok = (await resultsAction({
      request: post("/staff/budgeting/results", manager5.token, { intent: "implementation", proposalId: in5, status: "completed" }),
      params: {},
      context,
    })) as unknown as Tagged;
    expect(ok.data).toMatchObject({ ok: true });

    expect(await statusOf(deskLoader({ request: get("/staff/budgeting", officer3.token), params: {}, context }))).toBe(200);
    const citizen = await member(3);
    expect(await statusOf(deskLoader({ request: get("/staff/budgeting", citizen.token), params: {}, context }))).toBe(403);
  });
});
