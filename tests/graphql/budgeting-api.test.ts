import "../support/db";
import { describe, expect, it } from "vitest";
import { handleGraphQL } from "../../graphql/yoga.server";
import { member } from "../support/people";

async function gql(query: string, variables?: object, headers: Record<string, string> = {}) {
  const res = await handleGraphQL(
    new Request("http://api.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    }),
  );
  return (await res.json()) as { data?: any; errors?: { message: string }[] };
}

describe("budgeting over GraphQL", () => {
  it("serves the public cycle, budgets and projects — in the reader's language, with no personal data", async () => {
    const q = `{ budgetCycle(slug: "tehran-1405") { title phase phaseLabel officialRule budgets { name regionId amountRials ballotType maxChoices minVerification projects { code title officialCostRials status } } } }`;
    const fa = await gql(q, undefined, { "accept-language": "fa" });
    expect(fa.errors).toBeUndefined();
    expect(fa.data.budgetCycle).toMatchObject({
      title: "بودجه‌ریزی مشارکتی تهران ۱۴۰۵",
      phase: "voting",
      phaseLabel: "رأی‌گیری",
      officialRule: "mes_add1",
    });
    const region3 = fa.data.budgetCycle.budgets.find((b: { regionId: number | null }) => b.regionId === 3);
    expect(region3).toMatchObject({ amountRials: "70000000000", ballotType: "approval", maxChoices: 3 });
    expect(region3.projects).toHaveLength(5);
    const en = await gql(`{ budgetCycles { slug title phaseLabel } }`, undefined, { "accept-language": "en" });
    expect(en.data.budgetCycles).toContainEqual({ slug: "tehran-1405", title: "Tehran participatory budget 2026", phaseLabel: "Voting" });
    // Proposals carry no author field at all.
    const introspect = await gql(`{ __type(name: "Proposal") { fields { name } } }`);
    expect(introspect.data.__type.fields.map((f: { name: string }) => f.name)).not.toContain("author");
  });

  it("lets an eligible member vote and check the receipt; refuses a malformed ballot with field errors", async () => {
    const voter = await member(3, "resident"); // the region-3 budget is for verified residents
    const cycle = await gql(`{ budgetCycle(slug: "tehran-1405") { budgets { id regionId projects { id } } } }`);
    const budget = cycle.data.budgetCycle.budgets.find((b: { regionId: number | null }) => b.regionId === 3);
    const cast = `mutation($i: CastBallotInput!) { castBallot(input: $i) { __typename ... on MutationCastBallotSuccess { data { receiptCode fingerprint changed } } ... on ValidationError { fieldErrors { field codes messages } } } }`;
    const headers = { cookie: `session=${voter.token}`, "accept-language": "en" };
    const tooMany = await gql(
      cast,
      { i: { budgetId: budget.id, choices: budget.projects.slice(0, 4).map((p: { id: string }) => ({ proposalId: p.id })) } },
      headers,
    );
    expect(tooMany.data.castBallot).toEqual({
      __typename: "ValidationError",
      fieldErrors: [{ field: "choices", codes: ["budgeting.ballot.tooMany"], messages: ["Choose at most 3 projects."] }],
    });
    const ok = await gql(cast, { i: { budgetId: budget.id, choices: [{ proposalId: budget.projects[0].id }] } }, headers);
    expect(ok.data.castBallot.__typename).toBe("MutationCastBallotSuccess");
    const check = await gql(
      `query($c: String!) { checkBallotReceipt(code: $c) { __typename ... on QueryCheckBallotReceiptSuccess { data { status fingerprint } } } }`,
      { c: ok.data.castBallot.data.receiptCode },
    );
    expect(check.data.checkBallotReceipt.data).toEqual({ status: "counted", fingerprint: ok.data.castBallot.data.fingerprint });
  });
});
