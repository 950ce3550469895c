// The library scalars (graphql-scalars) behind DateTime and BigInt: strict input, the old wire format.
import "../support/db";
import { describe, expect, it } from "vitest";
import { handleGraphQL } from "../../graphql/yoga.server";

let ipN = 0;
const DATE = `mutation($v: DateTime!) { addProjectMilestone(input: { proposalId: "x", title: "t", reachedAt: $v }) { __typename } }`;
const BIG = `mutation($v: BigInt!) { createBudget(input: { cycleId: "x", nameFa: "a", nameEn: "b", amountRials: $v, ballotType: approval }) { __typename } }`;

async function gql(query: string, variables?: object) {
  const response = await handleGraphQL(
    new Request("http://api.test/graphql", {
      method: "POST",
      headers: { accept: "application/graphql-response+json", "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    }),
    { ip: `192.0.2.${++ipN}`, appendHeader: () => undefined },
  );
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] } };
}

describe("scalars", () => {
  it("are graphql-scalars' DateTime and BigInt", async () => {
    const { body } = await gql(`{ d: __type(name: "DateTime") { description } b: __type(name: "BigInt") { description } }`);
    expect(body.data?.d).toEqual({ description: expect.stringContaining("RFC 3339") });
    expect(body.data?.b).toEqual({ description: expect.stringContaining("decimal string") });
  });

  it("refuse malformed values with a 4xx request error, never a 500", async () => {
    for (const [query, variables] of [
      [DATE, { v: "yesterday" }],
      [DATE, { v: "2026-13-01T00:00:00Z" }],
      [BIG, { v: "12.5" }],
      [BIG, { v: 1.5 }],
    ] as const) {
      const { status, body } = await gql(query, variables);
      expect(status, JSON.stringify(variables)).toBe(400);
      expect(body.errors?.[0].message).toMatch(/DateTime|BigInt/);
    }
    for (const [query, variables] of [
      [DATE, { v: "2026-12-01T20:00:00.000Z" }],
      [BIG, { v: "900719925474099312345" }],
      [BIG, { v: 42 }],
    ] as const) {
      const { status, body } = await gql(query, variables);
      // Accepted: the resolver ran and answered with its typed result (here: forbidden, anonymous).
      expect(status, JSON.stringify(variables)).toBe(200);
      expect(JSON.stringify(body.data), JSON.stringify(body.errors)).toMatch(/Error/);
    }
  });
});
