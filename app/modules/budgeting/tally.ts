// Participatory-budgeting tally rules: greedy, Method of Equal Shares (MES) and its add1 and
// add1-comparison completions, as used by Pabulib (`greedy`, `equalshares`, `equalshares/add1`,
// `equalshares/add1-comparison`). Pure functions over a neutral Election type.
//
// Outcomes are those of exact arithmetic: costs and budget are scaled to integers (bigint), MES
// budgets are exact fractions, and floats only decide when their error bound proves the answer
// (see "Method of Equal Shares" below). So ties are real ties and margins are never misjudged.
import type { PbInstance } from "./pabulib";

export type VoteType = "approval" | "knapsack" | "cumulative" | "ordinal";
export type TallyRule = "greedy" | "mes" | "mes-add1" | "mes-add1-comparison";
export const TALLY_RULES: readonly TallyRule[] = ["greedy", "mes", "mes-add1", "mes-add1-comparison"];

export interface Ballot {
  /** approval, knapsack: the approved project ids (a set; duplicates are ignored). */
  approvals?: readonly string[];
  /** cumulative: points per project id (missing ids score 0). */
  points?: Readonly<Record<string, number>>;
  /** ordinal: project ids from most to least preferred; rank i (0-based) scores maxLength − i. */
  ranking?: readonly string[];
}

export interface ElectionProject {
  id: string;
  cost: number;
}

export interface Election {
  /** Same currency unit as the costs; decimals are fine (they are scaled to exact integers). */
  budget: number;
  projects: readonly ElectionProject[];
  voteType: VoteType;
  /** Every ballot is one voter, including empty ones (they still count in MES's budget split). */
  ballots: readonly Ballot[];
  /** ordinal: number of ranks; defaults to the longest ranking. */
  maxLength?: number;
  /**
   * mes-add1: how many currency units each voter's share grows per step (Pabulib: 1). Budgets
   * in small currency units (rials) need a larger step, or the completion takes billions of steps.
   */
  add1Step?: number;
  /** mes-add1: stop raising after this many steps, keeping the last affordable outcome. */
  maxAdd1Steps?: number;
}

export interface ProjectOutcome {
  id: string;
  cost: number;
  /** Number of ballots giving the project a positive score (approvals for approval ballots). */
  votes: number;
  /** Sum of points (cumulative, ordinal); equals votes for approval and knapsack ballots. */
  score: number;
  selected: boolean;
  /** 1-based position in the order of selection. */
  order?: number;
  /** MES: the most a supporter paid for it (an equal share, or less for a voter who ran out). */
  maxPayment?: number;
}

export interface TallyResult {
  rule: TallyRule;
  /** Selected project ids in the order of selection. */
  selected: string[];
  totalCost: number;
  /** One entry per election project, in the election's order. */
  projects: ProjectOutcome[];
  /** MES variants: the per-voter budget that produced the MES outcome (currency units). */
  voterBudget?: number;
  /** mes-add1-comparison: which outcome was kept and how many voters prefer each. */
  comparison?: { chosen: "mes" | "greedy"; preferMes: number; preferGreedy: number };
}

export type ElectionErrorKey =
  | "tally.invalidBudget"
  | "tally.invalidCost"
  | "tally.duplicateProject"
  | "tally.unknownProject"
  | "tally.invalidPoints"
  | "tally.rankingTooLong"
  | "tally.unsupportedVoteType"
  | "tally.unknownRule";

/** Input the rules cannot work with. `key` is a message key for translation. */
export class ElectionError extends Error {
  readonly key: ElectionErrorKey;
  constructor(key: ElectionErrorKey, detail = "") {
    super(detail ? `${key}: ${detail}` : key);
    this.name = "ElectionError";
    this.key = key;
  }
}

// ---------------------------------------------------------------------------------------------
// Exact money

/** The decimal digits of a number as written by String(): value = digits × 10^exponent. */
function decimalParts(value: number): { digits: bigint; exponent: number } {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`not a non-negative finite number: ${value}`);
  const fraction = match[2] ?? "";
  return { digits: BigInt(match[1] + fraction), exponent: Number(match[3] ?? 0) - fraction.length };
}

function scaleTo(value: number, places: number): bigint {
  const { digits, exponent } = decimalParts(value);
  return digits * 10n ** BigInt(exponent + places);
}

const LOG2_LIMIT = 1000;

/** n / 2^shift as a float, for n up to any size (Number(n) would overflow past ~2^1024). */
function shiftedNumber(n: bigint, shift: number): number {
  return shift === 0 ? Number(n) : Number(n >> BigInt(shift));
}

/** An upper bound on the bit length (within 3 bits), which is all the float views need. */
function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(16).length * 4;
}

// ---------------------------------------------------------------------------------------------
// Preparation shared by the rules

interface Prepared {
  election: Election;
  projectCount: number;
  voterCount: number;
  ids: string[];
  /** Costs and budget in units of 10^-places currency units, exact. */
  costs: bigint[];
  budget: bigint;
  unit: bigint;
  costNumbers: number[];
  votes: number[];
  scores: number[];
  /** Voter indices giving each project a positive score: MES's approvals. */
  supporters: Int32Array[];
  /** Tie-break position, lower wins: lower cost, then more votes, then project id. */
  tieRank: Int32Array;
}

/** Numeric ids (like "12") come first and compare as numbers; the others compare as strings
 * (code-unit order, not locale). Keeps the order total and the same on every machine. */
export function compareProjectIds(a: string, b: string): number {
  const numeric = /^[+-]?\d+(\.\d+)?$/;
  const an = numeric.test(a);
  const bn = numeric.test(b);
  if (an && bn) {
    const diff = Number(a) - Number(b);
    if (diff !== 0) return diff;
  } else if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function prepare(election: Election): Prepared {
  if (!Number.isFinite(election.budget) || election.budget < 0) {
    throw new ElectionError("tally.invalidBudget", String(election.budget));
  }
  const projectCount = election.projects.length;
  const index = new Map<string, number>();
  let places = Math.max(0, -decimalParts(election.budget).exponent);
  election.projects.forEach((project, j) => {
    if (index.has(project.id)) throw new ElectionError("tally.duplicateProject", project.id);
    if (!Number.isFinite(project.cost) || project.cost < 0) throw new ElectionError("tally.invalidCost", project.id);
    index.set(project.id, j);
    places = Math.max(places, -decimalParts(project.cost).exponent);
  });

  const votes = new Array<number>(projectCount).fill(0);
  const scores = new Array<number>(projectCount).fill(0);
  const supporterLists: number[][] = Array.from({ length: projectCount }, () => []);
  const lookup = (id: string) => {
    const j = index.get(id);
    if (j === undefined) throw new ElectionError("tally.unknownProject", id);
    return j;
  };
  const credit = (j: number, voter: number, points: number) => {
    scores[j] += points;
    if (points > 0) {
      votes[j]++;
      supporterLists[j].push(voter);
    }
  };
  // seenBy[j] === voter: j already counted on this ballot (a repeated id counts once).
  const seenBy = new Int32Array(projectCount).fill(-1);
  const { voteType, ballots } = election;
  if (voteType === "approval" || voteType === "knapsack") {
    ballots.forEach((ballot, voter) => {
      for (const id of ballot.approvals ?? []) {
        const j = lookup(id);
        if (seenBy[j] === voter) continue;
        seenBy[j] = voter;
        credit(j, voter, 1);
      }
    });
  } else if (voteType === "cumulative") {
    ballots.forEach((ballot, voter) => {
      for (const [id, points] of Object.entries(ballot.points ?? {})) {
        if (!Number.isFinite(points)) throw new ElectionError("tally.invalidPoints", `${id}: ${points}`);
        credit(lookup(id), voter, points);
      }
    });
  } else if (voteType === "ordinal") {
    const maxLength = election.maxLength ?? Math.max(0, ...ballots.map((b) => new Set(b.ranking ?? []).size));
    ballots.forEach((ballot, voter) => {
      let rank = 0;
      for (const id of ballot.ranking ?? []) {
        const j = lookup(id);
        if (seenBy[j] === voter) continue;
        seenBy[j] = voter;
        if (rank >= maxLength) throw new ElectionError("tally.rankingTooLong", `more than ${maxLength} ranks`);
        credit(j, voter, maxLength - rank++);
      }
    });
  } else {
    throw new ElectionError("tally.unsupportedVoteType", String(voteType));
  }

  const ids = election.projects.map((p) => p.id);
  const costs = election.projects.map((p) => scaleTo(p.cost, places));
  const byTie = ids.map((_, j) => j);
  byTie.sort((a, b) => (costs[a] < costs[b] ? -1 : costs[a] > costs[b] ? 1 : votes[b] - votes[a] || compareProjectIds(ids[a], ids[b])));
  const tieRank = new Int32Array(projectCount);
  byTie.forEach((j, position) => (tieRank[j] = position));

  return {
    election,
    projectCount,
    voterCount: election.ballots.length,
    ids,
    costs,
    budget: scaleTo(election.budget, places),
    unit: 10n ** BigInt(places),
    costNumbers: election.projects.map((p) => p.cost),
    votes,
    scores,
    supporters: supporterLists.map((list) => Int32Array.from(list)),
    tieRank,
  };
}

function outcome(prep: Prepared, rule: TallyRule, order: number[], maxPayment?: (number | undefined)[]): TallyResult {
  const position = new Map(order.map((j, k) => [j, k + 1]));
  const totalCost = order.reduce((sum, j) => sum + prep.costs[j], 0n);
  return {
    rule,
    selected: order.map((j) => prep.ids[j]),
    totalCost: toCurrency(totalCost, prep.unit),
    projects: prep.ids.map((id, j) => {
      const project: ProjectOutcome = {
        id,
        cost: prep.costNumbers[j],
        votes: prep.votes[j],
        score: prep.scores[j],
        selected: position.has(j),
      };
      const at = position.get(j);
      if (at !== undefined) project.order = at;
      const paid = maxPayment?.[j];
      if (paid !== undefined) project.maxPayment = paid;
      return project;
    }),
  };
}

function toCurrency(amount: bigint, unit: bigint): number {
  return unit === 1n ? Number(amount) : Number(amount) / Number(unit);
}

function sumCost(prep: Prepared, order: readonly number[]): bigint {
  return order.reduce((sum, j) => sum + prep.costs[j], 0n);
}

// ---------------------------------------------------------------------------------------------
// Greedy

/** By votes (approval, knapsack) or score (cumulative, ordinal), descending; each project that
 * still fits is taken, the others skipped. Projects nobody supports are never funded. */
function greedyOrder(prep: Prepared): number[] {
  const byScore = prep.election.voteType === "cumulative" || prep.election.voteType === "ordinal";
  const key = byScore ? prep.scores : prep.votes;
  const candidates = prep.ids.map((_, j) => j).filter((j) => prep.votes[j] > 0);
  candidates.sort((a, b) => key[b] - key[a] || prep.tieRank[a] - prep.tieRank[b]);
  let left = prep.budget;
  const taken: number[] = [];
  for (const j of candidates) {
    if (prep.costs[j] <= left) {
      taken.push(j);
      left -= prep.costs[j];
    }
  }
  return taken;
}

// ---------------------------------------------------------------------------------------------
// Method of Equal Shares (cost utilities)
//
// Each voter gets the same budget. Per round, for every affordable project c (its supporters hold
// at least cost(c)), q(c) is the smallest cap with Σ min(budget_i, q) = cost(c) over the supporters;
// with cost utilities the price per unit of utility is ρ(c) = q(c)/cost(c). The project with the
// smallest ρ is funded (ties: lower cost, more votes, id) and its supporters pay min(budget_i, q).
//
// Exactness: voters with identical payment histories hold identical budgets, so budgets live in
// "levels" shared by many voters. A level's exact value is an integer over a common denominator D
// (scaled currency units), kept lazily as "parent level minus the payment of round r" and only
// materialised when a decision needs it. Every decision is first tried on floats that carry a
// rigorous error bound; only when the bound cannot separate the two sides is it redone exactly.
// So outcomes equal exact rational arithmetic, ties included, at float speed.

interface MesRun {
  order: number[];
  maxPayment: (number | undefined)[];
}

/** Twice the float64 unit roundoff. Error bounds below are first-order (n·u per n operations);
 * doubling u covers the second-order terms for any n < 2^40. */
const U = 2 ** -52;

/** ρ of one evaluation: a float with an error bound, and the exact fraction on demand. */
class Price {
  private fraction?: [bigint, bigint];
  constructor(
    readonly approx: number,
    readonly error: number,
    private readonly compute: () => [bigint, bigint],
  ) {}
  static exactly(num: bigint, den: bigint): Price {
    const approx = Number(num) / Number(den);
    return new Price(approx, 2 * U * approx, () => [num, den]);
  }
  exact(): [bigint, bigint] {
    return (this.fraction ??= this.compute());
  }
}

function comparePrices(a: Price, b: Price): number {
  if (a.approx + a.error < b.approx - b.error) return -1;
  if (a.approx - a.error > b.approx + b.error) return 1;
  const [an, ad] = a.exact();
  const [bn, bd] = b.exact();
  const l = an * bd;
  const r = bn * ad;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** MES with every voter starting with endowment (= endowmentNum / endowmentDen scaled units). */
function equalShares(prep: Prepared, endowmentNum: bigint, endowmentDen: bigint): MesRun {
  const { projectCount, costs, supporters, tieRank } = prep;

  // The common denominator D only grows. Each exact value remembers the epoch (the D) it is
  // written in and is brought up to date when read, instead of rescaling everything each round.
  let denominator = endowmentDen;
  let epoch = 0;
  const denominatorAt: bigint[] = [denominator];
  let factorFrom: (bigint | undefined)[] = [];
  const toNow = (value: bigint, from: number) =>
    from === epoch ? value : value * (factorFrom[from] ??= denominator / denominatorAt[from]);
  let denShift = 0;
  let denApprox = Number(denominator);
  const refreshDenApprox = () => {
    denShift = Math.max(0, bitLength(denominator) - LOG2_LIMIT);
    denApprox = shiftedNumber(denominator, denShift);
  };
  refreshDenApprox();
  /** Float of num / D, relative error ≤ 3u (plus 2^-900 of absolute slack once D is shifted). */
  const approxOf = (num: bigint) => shiftedNumber(num, denShift) / denApprox;
  const approxError = (approx: number) => 2 * U * approx + 1e-270;

  // Payment caps of the funded rounds, exact (over D at their epoch).
  const paymentValue: bigint[] = [];
  const paymentEpoch: number[] = [];
  const paymentOf = (round: number): bigint => {
    const value = toNow(paymentValue[round], paymentEpoch[round]);
    paymentValue[round] = value;
    paymentEpoch[round] = epoch;
    return value;
  };

  // Level 0 is "no money left"; level 1 is the starting endowment. Typed arrays, grown by doubling.
  let capacity = 1024;
  let levelCount = 2;
  let levelApprox = new Float64Array(capacity);
  let levelError = new Float64Array(capacity);
  let levelEpoch = new Int32Array(capacity);
  let levelParent = new Int32Array(capacity);
  let levelRound = new Int32Array(capacity);
  let count = new Int32Array(capacity);
  let remap = new Int32Array(capacity).fill(-1);
  const levelValue: (bigint | undefined)[] = [0n, endowmentNum];
  levelApprox[1] = approxOf(endowmentNum);
  levelError[1] = approxError(levelApprox[1]);
  const valueOf = (level: number): bigint => {
    const known = levelValue[level];
    const value = known === undefined ? valueOf(levelParent[level]) - paymentOf(levelRound[level]) : toNow(known, levelEpoch[level]);
    levelValue[level] = value;
    levelEpoch[level] = epoch;
    return value;
  };

  const levelOf = new Int32Array(prep.voterCount).fill(1);
  const grow = <T extends Float64Array | Int32Array>(array: T, fill = 0): T => {
    const grown = new (array.constructor as new (size: number) => T)(capacity);
    if (fill !== 0) grown.fill(fill);
    grown.set(array);
    return grown;
  };
  const addLevel = (approx: number, error: number, value: bigint | undefined, parent: number, round: number) => {
    if (levelCount === capacity) {
      capacity *= 2;
      levelApprox = grow(levelApprox);
      levelError = grow(levelError);
      levelEpoch = grow(levelEpoch);
      levelParent = grow(levelParent);
      levelRound = grow(levelRound);
      count = grow(count);
      remap = grow(remap, -1);
    }
    const level = levelCount++;
    levelApprox[level] = approx;
    levelError[level] = error;
    levelValue[level] = value;
    levelEpoch[level] = epoch;
    levelParent[level] = parent;
    levelRound[level] = round;
    return level;
  };

  const costApprox = costs.map((c) => Number(c));
  const remaining = new Set<number>();
  const lowerBound: Price[] = [];
  for (let j = 0; j < projectCount; j++) {
    const k = supporters[j].length;
    // ρ ≥ (cost/k)/cost = 1/k while everyone can still pay an equal share; free projects cost 0.
    lowerBound.push(Price.exactly(costs[j] === 0n ? 0n : 1n, BigInt(Math.max(k, 1))));
    if (k > 0) remaining.add(j);
  }

  const order: number[] = [];
  const maxPayment: (number | undefined)[] = new Array(projectCount).fill(undefined);
  const touched: number[] = [];

  interface Evaluation {
    project: number;
    price: Price;
    /** Voters paying the full cap q = price · cost. */
    share: number;
  }

  const clearCounts = () => {
    for (const level of touched) count[level] = 0;
    touched.length = 0;
  };

  /** Price of project j now, or undefined when its supporters cannot afford it. */
  const evaluate = (j: number): Evaluation | undefined => {
    const cost = costs[j];
    if (cost === 0n) return { project: j, price: Price.exactly(0n, 1n), share: 0 };
    const list = supporters[j];
    for (let i = 0; i < list.length; i++) {
      const level = levelOf[list[i]];
      if (level === 0) continue;
      if (count[level] === 0) touched.push(level);
      count[level]++;
    }
    let sumApprox = 0;
    let sumError = 0;
    let payers = 0;
    for (const level of touched) {
      sumApprox += count[level] * levelApprox[level];
      sumError += count[level] * levelError[level];
      payers += count[level];
    }
    sumError += (touched.length + 1) * U * sumApprox;
    const costA = costApprox[j];
    const costError = U * costA;
    let affordable: boolean;
    if (sumApprox - sumError > costA + costError) affordable = true;
    else if (sumApprox + sumError < costA - costError) affordable = false;
    else {
      let sum = 0n;
      for (const level of touched) sum += BigInt(count[level]) * valueOf(level);
      affordable = sum >= cost * denominator;
    }
    if (!affordable) {
      clearCounts();
      return undefined;
    }

    // Fixed point for the cap q: voters below the current q pay all they have, which raises q for
    // the rest. q only grows, so a voter found below it stays below the final q.
    const poorLevels: number[] = [];
    const poorCounts: number[] = [];
    let poorApprox = 0;
    let poorError = 0;
    let share = payers;
    let exactRest: bigint | undefined; // cost·D − Σ poor budgets, once a decision needed it
    let qApprox = 0;
    let qError = 0;
    for (let grew = true; grew;) {
      grew = false;
      const restApprox = costA - poorApprox;
      const restError = poorError + (poorLevels.length + 1) * U * poorApprox + costError + U * Math.abs(restApprox);
      qApprox = restApprox / share;
      qError = restError / share + U * Math.abs(qApprox);
      for (const level of touched) {
        const n = count[level];
        if (n < 0) continue; // already paying in full (marked by a negative count)
        const v = levelApprox[level];
        const e = levelError[level];
        let below: boolean;
        if (v + e < qApprox - qError) below = true;
        else if (v - e > qApprox + qError) below = false;
        else {
          if (exactRest === undefined) {
            exactRest = cost * denominator;
            for (let i = 0; i < poorLevels.length; i++) exactRest -= BigInt(poorCounts[i]) * valueOf(poorLevels[i]);
          }
          below = valueOf(level) * BigInt(share) < exactRest;
        }
        if (below) {
          poorLevels.push(level);
          poorCounts.push(n);
          poorApprox += n * v;
          poorError += n * e;
          share -= n;
          if (exactRest !== undefined) exactRest -= BigInt(n) * valueOf(level);
          count[level] = -n;
          grew = true;
        }
      }
    }
    for (const level of poorLevels) count[level] = -count[level];
    clearCounts();

    const rhoApprox = qApprox / costA;
    const price = new Price(rhoApprox, qError / costA + 2 * U * rhoApprox, () => {
      // Exact ρ = (cost·D − Σ poor budgets) / (share · D · cost), read at the current D.
      let rest = cost * denominator;
      for (let i = 0; i < poorLevels.length; i++) rest -= BigInt(poorCounts[i]) * valueOf(poorLevels[i]);
      return [rest, BigInt(share) * denominator * cost];
    });
    return { project: j, price, share };
  };

  const better = (a: Evaluation, b: Evaluation) => {
    const byPrice = comparePrices(a.price, b.price);
    return byPrice < 0 || (byPrice === 0 && tieRank[a.project] < tieRank[b.project]);
  };

  for (;;) {
    // Cheapest-looking first, so the lower bounds prune most of the others.
    const candidates = [...remaining].sort((a, b) => lowerBound[a].approx - lowerBound[b].approx || tieRank[a] - tieRank[b]);
    let best: Evaluation | undefined;
    for (const j of candidates) {
      // ρ never decreases (budgets only shrink), so an earlier ρ bounds this round's.
      if (best) {
        const bound = comparePrices(lowerBound[j], best.price);
        if (bound > 0 || (bound === 0 && tieRank[j] > tieRank[best.project])) continue;
      }
      const evaluation = evaluate(j);
      if (!evaluation) {
        remaining.delete(j); // budgets only shrink: never affordable again
        continue;
      }
      lowerBound[j] = evaluation.price;
      if (!best || better(evaluation, best)) best = evaluation;
    }
    if (!best) break;

    const j = best.project;
    remaining.delete(j);
    order.push(j);
    if (costs[j] === 0n) {
      maxPayment[j] = 0;
      continue;
    }

    // q = rest / (share · D). Move to D' = D · share / g so that q is an integer over D'.
    const [rest] = best.price.exact();
    const share = BigInt(best.share);
    const g = gcd(rest % share, share);
    const q = rest / g;
    if (share !== g) {
      denominator *= share / g;
      denominatorAt.push(denominator);
      epoch++;
      factorFrom = [];
      refreshDenApprox();
    }
    const round = paymentValue.length;
    const qApprox = approxOf(q);
    const qError = approxError(qApprox);
    paymentValue.push(q);
    paymentEpoch.push(epoch);
    maxPayment[j] = qApprox / Number(prep.unit);

    // Supporters pay min(budget, q): each touched level moves to a new level, or to level 0.
    const list = supporters[j];
    const moved: number[] = [];
    for (let i = 0; i < list.length; i++) {
      const voter = list[i];
      const level = levelOf[voter];
      if (level === 0) continue;
      let target = remap[level];
      if (target < 0) {
        const left = levelApprox[level] - qApprox;
        const leftError = levelError[level] + qError + U * Math.abs(left);
        if (left > leftError) target = addLevel(left, leftError, undefined, level, round);
        else if (left < -leftError) target = 0;
        else {
          const exact = valueOf(level) - paymentOf(round);
          const approx = approxOf(exact);
          target = exact > 0n ? addLevel(approx, approxError(approx), exact, level, round) : 0;
        }
        remap[level] = target;
        moved.push(level);
      }
      levelOf[voter] = target;
    }
    for (const level of moved) remap[level] = -1;
  }
  return { order, maxPayment };
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

// ---------------------------------------------------------------------------------------------
// Rules

function runMes(prep: Prepared): TallyResult {
  if (prep.voterCount === 0) return outcome(prep, "mes", []);
  const run = equalShares(prep, prep.budget, BigInt(prep.voterCount));
  const result = outcome(prep, "mes", run.order, run.maxPayment);
  result.voterBudget = toCurrency(prep.budget, prep.unit) / prep.voterCount;
  return result;
}

/** MES with each voter starting at floor(B/n) currency units, raised by 1 unit while the outcome
 * at the next level still costs ≤ B (no early stop when the outcome is already exhaustive). */
function runMesAdd1(prep: Prepared): TallyResult {
  const n = BigInt(prep.voterCount);
  if (n === 0n) return outcome(prep, "mes-add1", []);
  const supported = prep.ids.map((_, j) => j).filter((j) => prep.supporters[j].length > 0);
  const supportedCost = sumCost(prep, supported);
  let endowment = (prep.budget / (n * prep.unit)) * prep.unit;
  const step = BigInt(Math.max(1, Math.floor(prep.election.add1Step ?? 1))) * prep.unit;
  const maxSteps = prep.election.maxAdd1Steps ?? Number.POSITIVE_INFINITY;
  let run: MesRun;
  if (supportedCost <= prep.budget) {
    // Every level is feasible and the sequence never stops; its limit funds every supported project
    // (reached once a single voter can pay for everything).
    endowment = endowment > supportedCost ? endowment : supportedCost;
    run = equalShares(prep, endowment, 1n);
  } else {
    run = equalShares(prep, endowment, 1n);
    // Terminates: at endowment ≥ supportedCost every supported project is funded, which is > B.
    for (let steps = 0; steps < maxSteps; steps++) {
      const next = equalShares(prep, endowment + step, 1n);
      if (sumCost(prep, next.order) > prep.budget) break;
      endowment += step;
      run = next;
    }
  }
  const result = outcome(prep, "mes-add1", run.order, run.maxPayment);
  result.voterBudget = toCurrency(endowment, prep.unit);
  return result;
}

/** Keeps the add1 outcome unless more voters prefer greedy's, each voter counting the projects
 * they support among the winners of each. */
function runMesAdd1Comparison(prep: Prepared): TallyResult {
  const mes = runMesAdd1(prep);
  const greedy = greedyOrder(prep);
  const index = new Map(prep.ids.map((id, j) => [id, j]));
  const satisfaction = (winners: readonly number[]) => {
    const perVoter = new Int32Array(prep.voterCount);
    for (const j of winners) for (const voter of prep.supporters[j]) perVoter[voter]++;
    return perVoter;
  };
  const fromMes = satisfaction(mes.selected.map((id) => index.get(id) as number));
  const fromGreedy = satisfaction(greedy);
  let preferMes = 0;
  let preferGreedy = 0;
  for (let voter = 0; voter < prep.voterCount; voter++) {
    if (fromMes[voter] > fromGreedy[voter]) preferMes++;
    else if (fromGreedy[voter] > fromMes[voter]) preferGreedy++;
  }
  const chosen = preferGreedy > preferMes ? "greedy" : "mes";
  const result: TallyResult = chosen === "greedy" ? outcome(prep, "mes-add1-comparison", greedy) : { ...mes, rule: "mes-add1-comparison" };
  result.comparison = { chosen, preferMes, preferGreedy };
  return result;
}

/** Runs one rule. MES variants read a ballot as approving every project it gives positive points
 * (approval and knapsack ballots: the approved set; ordinal: every ranked project). */
export function tally(election: Election, rule: TallyRule): TallyResult {
  const prep = prepare(election);
  switch (rule) {
    case "greedy":
      return outcome(prep, "greedy", greedyOrder(prep));
    case "mes":
      return runMes(prep);
    case "mes-add1":
      return runMesAdd1(prep);
    case "mes-add1-comparison":
      return runMesAdd1Comparison(prep);
    default:
      throw new ElectionError("tally.unknownRule", String(rule));
  }
}

export const greedy = (election: Election): TallyResult => tally(election, "greedy");
export const mes = (election: Election): TallyResult => tally(election, "mes");
export const mesAdd1 = (election: Election): TallyResult => tally(election, "mes-add1");
export const mesAdd1Comparison = (election: Election): TallyResult => tally(election, "mes-add1-comparison");

// ---------------------------------------------------------------------------------------------
// Pabulib

const PB_RULES: Record<string, TallyRule> = {
  greedy: "greedy",
  equalshares: "mes",
  "equalshares/add1": "mes-add1",
  "equalshares/add1-comparison": "mes-add1-comparison",
};

/** Maps a Pabulib META `rule` to a tally rule; undefined when the name is not one of ours. */
export function ruleFromPb(name: string | undefined): TallyRule | undefined {
  return name === undefined ? undefined : PB_RULES[name.trim()];
}

/** Builds an Election from a parsed .pb instance. `scoring` ballots count as cumulative points
 * (without default_score) and `choose-1` as approval. */
export function electionFromPb(instance: PbInstance): Election {
  const voteType = instance.meta.vote_type?.trim();
  const budget = Number(instance.meta.budget);
  const projects = instance.projects.map((p) => ({ id: p.project_id, cost: p.cost }));
  switch (voteType) {
    case "approval":
    case "choose-1":
      return { budget, projects, voteType: "approval", ballots: instance.votes.map((v) => ({ approvals: v.vote })) };
    case "ordinal": {
      const maxLength = Number(instance.meta.max_length);
      const election: Election = {
        budget,
        projects,
        voteType: "ordinal",
        ballots: instance.votes.map((v) => ({ ranking: v.vote })),
      };
      if (Number.isInteger(maxLength) && maxLength > 0) election.maxLength = maxLength;
      return election;
    }
    case "cumulative":
    case "scoring": {
      if (voteType === "scoring" && Number(instance.meta.default_score ?? 0) !== 0) {
        throw new ElectionError("tally.unsupportedVoteType", "scoring with default_score");
      }
      const ballots = instance.votes.map((v) => {
        const points: Record<string, number> = {};
        v.vote.forEach((id, i) => (points[id] = v.points?.[i] ?? 0));
        return { points };
      });
      return { budget, projects, voteType: "cumulative", ballots };
    }
    default:
      throw new ElectionError("tally.unsupportedVoteType", String(voteType));
  }
}
