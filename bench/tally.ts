// Benchmark of the tally rules on a synthetic approval election: 100,000 voters × 100 projects.
// Run alone with `npx tsx bench/tally.ts`, or through bench/run.ts (default export).
import { pathToFileURL } from "node:url";
import { tally, type Election, type TallyRule } from "../app/modules/budgeting/tally.ts";

const VOTERS = 100_000;
const PROJECTS = 100;
const RUNS = 3;

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Costs from 10,000 to 1,000,000 (log-uniform, rounded to 100), Zipf-like popularity, each voter
 * approving 5 to 15 distinct projects, budget a quarter of the total cost. */
export function syntheticElection(seed = 2024, voters = VOTERS, projectCount = PROJECTS): Election {
  const random = prng(seed);
  const projects = Array.from({ length: projectCount }, (_, j) => ({
    id: String(j + 1),
    cost: Math.round((10_000 * 100 ** random()) / 100) * 100,
  }));
  // Popularity: a shuffled Zipf(0.8) weight, so popularity and cost are independent.
  const weights = projects.map((_, j) => 1 / (j + 1) ** 0.8);
  for (let j = weights.length - 1; j > 0; j--) {
    const k = Math.floor(random() * (j + 1));
    [weights[j], weights[k]] = [weights[k], weights[j]];
  }
  const cumulative: number[] = [];
  weights.reduce((sum, w, j) => (cumulative[j] = sum + w), 0);
  const total = cumulative[cumulative.length - 1];
  const pick = () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const ballots = Array.from({ length: voters }, () => {
    const size = Math.min(5 + Math.floor(random() * 11), projectCount);
    const chosen = new Set<number>();
    while (chosen.size < size) chosen.add(pick());
    return { approvals: [...chosen].map((j) => projects[j].id) };
  });
  const budget = Math.round(projects.reduce((sum, p) => sum + p.cost, 0) / 4);
  return { budget, projects, voteType: "approval", ballots };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export default async function bench(): Promise<{ title: string; rows: Record<string, string | number>[] }> {
  const election = syntheticElection();
  const rules: TallyRule[] = ["greedy", "mes", "mes-add1", "mes-add1-comparison"];
  const rows: Record<string, string | number>[] = [];
  for (const rule of rules) {
    const times: number[] = [];
    let result = tally(election, rule);
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      result = tally(election, rule);
      times.push(performance.now() - start);
    }
    rows.push({
      rule,
      ms: Math.round(median(times)),
      selected: result.selected.length,
      "total cost": result.totalCost,
      "voter budget": result.voterBudget ?? "",
      kept: result.comparison?.chosen ?? "",
    });
  }
  return {
    title: `tally: ${VOTERS.toLocaleString("en")} voters × ${PROJECTS} projects, budget ${election.budget.toLocaleString("en")} (median of ${RUNS})`,
    rows,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  bench().then(({ title, rows }) => {
    console.log(title);
    console.table(rows);
  });
}
