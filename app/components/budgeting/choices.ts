// Reads a ballot's choices from a posted form (the vote page and staff paper ballots). Approval and
// knapsack ballots post one `choice` checkbox per chosen project (read with getAll: formValues()
// keeps only the last value of a repeated key); cumulative ballots post `points:<proposalId>`
// number fields, where empty or 0 means "not chosen". The module validates what this returns.
import { latinDigits } from "~/platform/digits";

export type PostedChoice = { proposalId: string; points: string | number };

export function choicesFromForm(form: FormData): PostedChoice[] {
  const choices: PostedChoice[] = [];
  for (const id of form.getAll("choice")) if (typeof id === "string" && id) choices.push({ proposalId: id, points: 1 });
  for (const [key, value] of form) {
    if (!key.startsWith("points:") || typeof value !== "string") continue;
    const points = latinDigits(value.trim());
    if (points === "" || Number(points) === 0) continue;
    choices.push({ proposalId: key.slice("points:".length), points });
  }
  return choices;
}

/** The other (single-valued) fields of the form, as strings. */
export function otherFields(form: FormData) {
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string" && key !== "choice" && !key.startsWith("points:")) values[key] = value;
  return values;
}
