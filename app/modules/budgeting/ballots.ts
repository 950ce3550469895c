// Ballot rules per ballot type, as pure functions: the same check for the web form, GraphQL and
// paper ballots entered by staff.
import { encodeMessage } from "~/platform/i18n";

export type BallotRules = {
  ballotType: "approval" | "knapsack" | "cumulative";
  amountRials: bigint;
  maxChoices: number | null;
  points: number | null;
};
export type BallotProject = { id: string; costRials: bigint };
export type BallotChoiceInput = { proposalId: string; points: number };

/** Returns message keys for what is wrong with the ballot (empty when it is valid). */
export function ballotProblems(rules: BallotRules, projects: BallotProject[], choices: BallotChoiceInput[]): string[] {
  const problems: string[] = [];
  const byId = new Map(projects.map((p) => [p.id, p]));
  const ids = choices.map((c) => c.proposalId);
  if (new Set(ids).size !== ids.length) problems.push(encodeMessage("budgeting.ballot.duplicate"));
  if (ids.some((id) => !byId.has(id))) problems.push(encodeMessage("budgeting.ballot.unknownProject"));
  if (choices.length === 0) problems.push(encodeMessage("budgeting.ballot.empty"));
  if (problems.length) return problems;
  switch (rules.ballotType) {
    case "approval":
      if (rules.maxChoices !== null && choices.length > rules.maxChoices)
        problems.push(encodeMessage("budgeting.ballot.tooMany", { max: rules.maxChoices }));
      break;
    case "knapsack": {
      const total = choices.reduce((sum, c) => sum + byId.get(c.proposalId)!.costRials, 0n);
      if (total > rules.amountRials) problems.push(encodeMessage("budgeting.ballot.overBudget"));
      break;
    }
    case "cumulative": {
      const spent = choices.reduce((sum, c) => sum + c.points, 0);
      if (rules.points !== null && spent > rules.points)
        problems.push(encodeMessage("budgeting.ballot.tooManyPoints", { max: rules.points }));
      break;
    }
  }
  return problems;
}

/** Approval and knapsack ballots give each chosen project one point. */
export function normaliseChoices(rules: Pick<BallotRules, "ballotType">, choices: BallotChoiceInput[]) {
  return rules.ballotType === "cumulative" ? choices : choices.map((c) => ({ proposalId: c.proposalId, points: 1 }));
}
