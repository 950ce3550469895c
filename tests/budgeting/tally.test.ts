import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePb, writePb, PabulibFormatError, type PbInstance } from "~/modules/budgeting/pabulib";
import {
  compareProjectIds,
  electionFromPb,
  ruleFromPb,
  tally,
  type Ballot,
  type Election,
  type TallyRule,
  type VoteType,
} from "~/modules/budgeting/tally";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const dataDir = join(repoRoot, "tests/fixtures/pabulib");
const read = (file: string) => readFileSync(join(dataDir, file), "utf8");

/** The official winners, as listed in the data README. */
const REFERENCE: { file: string; rule: TallyRule; selected: string[]; cost: number }[] = [
  {
    file: "Netherlands_Assen_2024.pb",
    rule: "mes-add1",
    selected: ["2", "3", "5", "6", "9", "11", "12", "13", "14"],
    cost: 76700,
  },
  {
    file: "Poland_Swiecie_2023.pb",
    rule: "mes-add1",
    selected: "c1,c2,c3,c4,c5,c7,c9,c10,c11,c12,c13,c14,c17,c18,c19,c20,c21".split(","),
    cost: 1040337,
  },
  {
    file: "Poland_Wieliczka_2023_Green_Budget.pb",
    rule: "mes-add1-comparison",
    selected: "6,7,9,17,19,20,24,25,26,29,32,33,34,36,39,40,41,42,43,46,56,58,60,61,62,69,70,71,74,88".split(","),
    cost: 995079,
  },
  {
    file: "Poland_Warszawa_2019_Sluzewiec.pb",
    rule: "greedy",
    selected: "361,505,594,1109,1143,1145,1146,1148,1150,1287,1771".split(","),
    cost: 667118,
  },
  {
    file: "Poland_Czestochowa_2024_Podjasnogorska.pb",
    rule: "greedy",
    selected: ["112", "348", "611", "639"],
    cost: 138000,
  },
  {
    file: "Poland_Krakow_2019_Bienczyce.pb",
    rule: "greedy",
    selected: ["2", "3", "4", "6", "10", "17", "20"],
    cost: 896000,
  },
];

const sorted = (ids: readonly string[]) => [...ids].sort(compareProjectIds);

/** Small elections: projects as [id, cost] pairs. */
function election(voteType: VoteType, budget: number, projects: [string, number][], ballots: Ballot[], maxLength?: number): Election {
  const result: Election = { budget, voteType, projects: projects.map(([id, cost]) => ({ id, cost })), ballots };
  if (maxLength !== undefined) result.maxLength = maxLength;
  return result;
}
const approvals = (...sets: string[][]): Ballot[] => sets.map((set) => ({ approvals: set }));
const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

describe("Pabulib reference instances", () => {
  for (const reference of REFERENCE) {
    it(`${reference.file} reproduces the official winners under its META rule`, () => {
      const instance = parsePb(read(reference.file));
      const rule = ruleFromPb(instance.meta.rule);
      expect(rule).toBe(reference.rule);
      const result = tally(electionFromPb(instance), rule as TallyRule);
      expect(sorted(result.selected)).toEqual(sorted(reference.selected));
      expect(result.totalCost).toBe(reference.cost);
      // The file's own `selected` column says the same.
      const official = instance.projects.filter((p) => p.selected === 1).map((p) => p.project_id);
      expect(sorted(result.selected)).toEqual(sorted(official));
      // Per-project data for a results page.
      for (const project of result.projects) {
        expect(project.selected).toBe(reference.selected.includes(project.id));
        expect(project.cost).toBe(instance.projects.find((p) => p.project_id === project.id)?.cost);
      }
    });
  }

  it("counts votes and scores like the files do", () => {
    for (const file of ["Poland_Czestochowa_2024_Podjasnogorska.pb", "Poland_Krakow_2019_Bienczyce.pb", "Netherlands_Assen_2024.pb"]) {
      const instance = parsePb(read(file));
      const result = tally(electionFromPb(instance), "greedy");
      for (const project of instance.projects) {
        const outcome = result.projects.find((p) => p.id === project.project_id);
        expect(outcome?.votes).toBe(project.votes);
        if (project.score !== undefined) expect(outcome?.score).toBe(project.score);
      }
    }
  });

  it("Assen: the comparison keeps MES on a tie of preferences (21 to 21)", () => {
    const result = tally(electionFromPb(parsePb(read("Netherlands_Assen_2024.pb"))), "mes-add1-comparison");
    expect(result.comparison).toEqual({ chosen: "mes", preferMes: 21, preferGreedy: 21 });
    expect(result.voterBudget).toBe(2033);
  });

  it("Warszawa: greedy skips 381, which does not fit, and then takes 361", () => {
    const result = tally(electionFromPb(parsePb(read("Poland_Warszawa_2019_Sluzewiec.pb"))), "greedy");
    expect(result.selected).not.toContain("381");
    expect(result.selected.at(-1)).toBe("361");
  });
});

describe("pb CLI", () => {
  const run = (...args: string[]) =>
    spawnSync("npx", ["tsx", "scripts/pb.ts", ...args], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });

  it("prints only the JSON line with the winners under the META rule", () => {
    const output = run("tally", join(dataDir, "Netherlands_Assen_2024.pb"));
    expect(output.status).toBe(0);
    const lines = output.stdout.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]) as { selected: string[] };
    expect(sorted(parsed.selected)).toEqual(REFERENCE[0].selected);
  });

  it("honours --rule", () => {
    const output = run("tally", join(dataDir, "Poland_Krakow_2019_Bienczyce.pb"), "--rule", "greedy");
    expect(output.status).toBe(0);
    expect(sorted((JSON.parse(output.stdout) as { selected: string[] }).selected)).toEqual(REFERENCE[5].selected);
  });

  it("exits with 2 and a message on stderr for bad usage, missing files and format errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "pb-"));
    const broken = join(dir, "broken.pb");
    writeFileSync(broken, "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;ten\nVOTES\nvoter_id;vote\n");
    for (const [args, message] of [
      [["tally", join(dir, "missing.pb")], /cannot read/],
      [["tally", join(dataDir, "Netherlands_Assen_2024.pb"), "--rule", "lottery"], /unknown rule/],
      [["count", "x.pb"], /unknown command/],
      [["tally", broken], /pabulib\.badNumber at line 7/],
    ] as const) {
      const output = run(...args);
      expect(output.status).toBe(2);
      expect(output.stdout).toBe("");
      expect(output.stderr).toMatch(message);
    }
  });
});

describe("greedy", () => {
  it("approval: by votes, skipping what does not fit and going on", () => {
    const e = election(
      "approval",
      10,
      [
        ["a", 6],
        ["b", 5],
        ["c", 4],
        ["d", 1],
      ],
      approvals(["a", "b", "c", "d"], ["a", "b", "c"], ["a", "b"], ["a"]),
    );
    // a (4 votes) fits, b (3) does not, c (2) fits, d (1) does not any more.
    expect(tally(e, "greedy").selected).toEqual(["a", "c"]);
  });

  it("knapsack ballots are counted like approval", () => {
    const ballots = approvals(["a", "b", "c", "d"], ["a", "b", "c"], ["a", "b"], ["a"]);
    const e = election(
      "knapsack",
      10,
      [
        ["a", 6],
        ["b", 5],
        ["c", 4],
        ["d", 1],
      ],
      ballots,
    );
    expect(tally(e, "greedy").selected).toEqual(["a", "c"]);
  });

  it("cumulative: by score, not by number of voters", () => {
    const e = election(
      "cumulative",
      10,
      [
        ["many", 10],
        ["strong", 10],
      ],
      [{ points: { many: 1 } }, { points: { many: 1 } }, { points: { many: 1, strong: 0 } }, { points: { strong: 5 } }],
    );
    const result = tally(e, "greedy");
    expect(result.selected).toEqual(["strong"]);
    expect(result.projects.map((p) => [p.id, p.votes, p.score])).toEqual([
      ["many", 3, 3],
      ["strong", 1, 5],
    ]);
  });

  it("ordinal: rank i scores maxLength − i", () => {
    // x: 3+1 = 4, y: 2+3 = 5, z: 1+2 = 3 with maxLength 3.
    const ballots: Ballot[] = [{ ranking: ["x", "y", "z"] }, { ranking: ["y", "z", "x"] }];
    const result = tally(
      election(
        "ordinal",
        2,
        [
          ["x", 1],
          ["y", 1],
          ["z", 1],
        ],
        ballots,
        3,
      ),
      "greedy",
    );
    expect(result.selected).toEqual(["y", "x"]);
    expect(result.projects.map((p) => p.score)).toEqual([4, 5, 3]);
    // Without maxLength the longest ranking sets it; a shorter ballot scores from the top.
    const short = tally(
      election(
        "ordinal",
        1,
        [
          ["x", 1],
          ["y", 1],
        ],
        [{ ranking: ["x"] }, { ranking: ["y", "x"] }],
      ),
      "greedy",
    );
    expect(short.projects.map((p) => p.score)).toEqual([3, 2]);
  });

  it("ties: lower cost first", () => {
    const e = election(
      "approval",
      10,
      [
        ["dear", 10],
        ["cheap", 6],
      ],
      approvals(["dear", "cheap"], ["dear", "cheap"]),
    );
    expect(tally(e, "greedy").selected).toEqual(["cheap"]);
  });

  it("ties: then more votes (score rules)", () => {
    // Same score 6 and cost; "wide" has 3 voters, "narrow" 1.
    const e = election(
      "cumulative",
      5,
      [
        ["narrow", 5],
        ["wide", 5],
      ],
      [{ points: { narrow: 6, wide: 2 } }, { points: { wide: 2 } }, { points: { wide: 2 } }],
    );
    expect(tally(e, "greedy").selected).toEqual(["wide"]);
  });

  it("ties: then project id, numeric ids compared as numbers", () => {
    const both = approvals(["10", "9"]);
    expect(
      tally(
        election(
          "approval",
          5,
          [
            ["10", 5],
            ["9", 5],
          ],
          both,
        ),
        "greedy",
      ).selected,
    ).toEqual(["9"]);
    const letters = approvals(["b", "a"]);
    expect(
      tally(
        election(
          "approval",
          5,
          [
            ["b", 5],
            ["a", 5],
          ],
          letters,
        ),
        "greedy",
      ).selected,
    ).toEqual(["a"]);
  });

  it("adds decimal costs exactly (0.1 + 0.2 fits a budget of 0.3)", () => {
    const e = election(
      "approval",
      0.3,
      [
        ["a", 0.1],
        ["b", 0.2],
      ],
      approvals(["a", "b"], ["a"]),
    );
    const result = tally(e, "greedy");
    expect(result.selected).toEqual(["a", "b"]);
    expect(result.totalCost).toBeCloseTo(0.3, 12);
  });

  it("never funds projects without support", () => {
    expect(
      tally(
        election(
          "approval",
          100,
          [
            ["a", 1],
            ["b", 1],
          ],
          approvals(["a"]),
        ),
        "greedy",
      ).selected,
    ).toEqual(["a"]);
  });
});

describe("Method of Equal Shares", () => {
  it("splits costs equally among supporters and funds the cheapest per unit of utility first", () => {
    // 4 voters with 10 each. "shared" (4 supporters) costs 1/4 per unit; "solo" costs 1 per unit.
    const e = election(
      "approval",
      40,
      [
        ["solo", 10],
        ["shared", 20],
      ],
      approvals(["shared", "solo"], ["shared"], ["shared"], ["shared"]),
    );
    const result = tally(e, "mes");
    // After "shared" the first voter has 5 left: "solo" (10) is out of reach.
    expect(result.selected).toEqual(["shared"]);
    expect(result.projects.find((p) => p.id === "shared")).toMatchObject({ order: 1, maxPayment: 5 });
    expect(result.voterBudget).toBe(10);
  });

  it("caps a poorer supporter's payment and lets the others cover the rest", () => {
    // 4 voters with 10 each. "first" (ρ = 1/3) takes 8 from voters 1-3. "second" (12) then takes
    // voter 1's last 2 and 10 from voter 4.
    const e = election(
      "approval",
      40,
      [
        ["first", 24],
        ["second", 12],
      ],
      approvals(["first", "second"], ["first"], ["first"], ["second"]),
    );
    const result = tally(e, "mes");
    expect(result.selected).toEqual(["first", "second"]);
    expect(result.projects.map((p) => p.maxPayment)).toEqual([8, 10]);
  });

  it("ties: lower cost first", () => {
    // Both have ρ = 1/4 (four supporters each paying a quarter); only one can be paid for.
    const e = election(
      "approval",
      40,
      [
        ["a-dear", 30],
        ["b-cheap", 20],
      ],
      approvals(...times(4, () => ["a-dear", "b-cheap"])),
    );
    expect(tally(e, "mes").selected).toEqual(["b-cheap"]);
  });

  it("ties: then more votes", () => {
    // "x" drains voters 3-6 first (ρ = 1/4). Then "1" (voters 1, 2) and "2" (voters 1, 2, 3 — but
    // voter 3 has nothing left) both cost 6 per payer, ρ = 1/2, same cost: "2" has more votes.
    const e = election(
      "approval",
      60,
      [
        ["1", 12],
        ["2", 12],
        ["x", 40],
      ],
      approvals(["1", "2"], ["1", "2"], ["2", "x"], ["x"], ["x"], ["x"]),
    );
    expect(tally(e, "mes").selected).toEqual(["x", "2"]);
  });

  it("ties: then project id, numeric ids compared as numbers", () => {
    const e = election(
      "approval",
      20,
      [
        ["10", 12],
        ["9", 12],
      ],
      approvals(["10", "9"], ["10", "9"]),
    );
    expect(tally(e, "mes").selected).toEqual(["9"]);
  });

  it("decides affordability exactly (ten shares of 1/10 pay for 1; summed as floats they do not)", () => {
    const e = election("approval", 1, [["p", 1]], approvals(...times(10, () => ["p"])));
    expect(tally(e, "mes").selected).toEqual(["p"]);
    const voters = election("approval", 0.3, [["p", 0.3]], approvals(["p"], ["p"], ["p"]));
    expect(tally(voters, "mes").selected).toEqual(["p"]);
  });

  it("breaks exact ties of ρ by cost even where floats see a difference", () => {
    // Three supporters each, so ρ = 1/3 for both; in floats (0.8/3)/0.8 < (0.7/3)/0.7.
    const e = election(
      "approval",
      0.9,
      [
        ["a", 0.8],
        ["b", 0.7],
      ],
      approvals(["a", "b"], ["a", "b"], ["a", "b"]),
    );
    expect(tally(e, "mes").selected).toEqual(["b"]);
  });

  it("reads positive points as approval for cumulative and ordinal ballots", () => {
    const projects: [string, number][] = [
      ["a", 20],
      ["b", 20],
      ["c", 20],
    ];
    const plain = tally(election("approval", 60, projects, approvals(["a", "b"], ["a"], ["c"])), "mes").selected;
    const cumulative = election("cumulative", 60, projects, [
      { points: { a: 7, b: 3 } },
      { points: { a: 10, c: 0 } },
      { points: { c: 10 } },
    ]);
    expect(tally(cumulative, "mes").selected).toEqual(plain);
    const ordinal = election("ordinal", 60, projects, [{ ranking: ["a", "b"] }, { ranking: ["a"] }, { ranking: ["c"] }]);
    expect(tally(ordinal, "mes").selected).toEqual(plain);
  });

  it("add1 funds a project that plain MES leaves out", () => {
    // B = 10, two voters with 5 each. "both" costs 2 each; "own" (6, voter 1 alone) stays out of reach.
    // Raising the voter budget to 8 makes "own" affordable; "huge" (100 > B) only gets funded at
    // 102, which costs more than B, so the loop stops at 101.
    const e = election(
      "approval",
      10,
      [
        ["both", 4],
        ["own", 6],
        ["huge", 100],
      ],
      approvals(["both", "own"], ["both", "huge"]),
    );
    expect(tally(e, "mes").selected).toEqual(["both"]);
    const add1 = tally(e, "mes-add1");
    expect(add1.selected).toEqual(["both", "own"]);
    expect(add1.totalCost).toBe(10);
    expect(add1.voterBudget).toBe(101);
  });

  it("add1 does not stop early on an exhaustive outcome", () => {
    // B = 11, two voters: at 5 each "big" (11) is out of reach and "small" (3) exhausts the budget.
    // At 6 each "big" is affordable and wins; {big, small} only comes at 9, which costs 14 > 11.
    const e = election(
      "approval",
      11,
      [
        ["big", 11],
        ["small", 3],
      ],
      approvals(["big", "small"], ["big"]),
    );
    const add1 = tally(e, "mes-add1");
    expect(add1.selected).toEqual(["big"]);
    expect(add1.voterBudget).toBe(8);
  });

  it("add1 funds every supported project when they all fit (the limit of the +1 steps)", () => {
    const e = election(
      "approval",
      100,
      [
        ["a", 30],
        ["b", 60],
        ["c", 5],
      ],
      approvals(["a"], ["b"], ["a"]),
    );
    expect(sorted(tally(e, "mes-add1").selected)).toEqual(["a", "b"]);
  });

  it("add1-comparison picks greedy when more voters prefer it", () => {
    // Greedy funds "x" (3 supporters); MES with add1 funds "y" (2 supporters).
    const e = election(
      "approval",
      10,
      [
        ["x", 10],
        ["y", 5],
        ["z", 5],
      ],
      approvals(["x"], ["x"], ["x"], ["y", "z"], ["y", "z"]),
    );
    expect(tally(e, "mes-add1").selected).toEqual(["y"]);
    const result = tally(e, "mes-add1-comparison");
    expect(result.selected).toEqual(["x"]);
    expect(result.comparison).toEqual({ chosen: "greedy", preferMes: 2, preferGreedy: 3 });
  });

  it("add1-comparison keeps MES when fewer voters prefer greedy", () => {
    // Greedy funds the most popular "x" (4 voters); MES funds "y" and "z" (3 + 3 other voters).
    const e = election(
      "approval",
      10,
      [
        ["x", 10],
        ["y", 5],
        ["z", 5],
      ],
      approvals(...times(4, () => ["x"]), ...times(3, () => ["y"]), ...times(3, () => ["z"])),
    );
    expect(tally(e, "greedy").selected).toEqual(["x"]);
    const result = tally(e, "mes-add1-comparison");
    expect(result.selected).toEqual(["y", "z"]);
    expect(result.comparison).toEqual({ chosen: "mes", preferMes: 6, preferGreedy: 4 });
  });
});

describe("input checks", () => {
  it("rejects unknown projects, duplicate ids and bad costs with message keys", () => {
    const bad = (e: Election) => {
      try {
        tally(e, "greedy");
      } catch (error) {
        return (error as { key?: string }).key;
      }
      return undefined;
    };
    expect(bad(election("approval", 10, [["a", 1]], approvals(["b"])))).toBe("tally.unknownProject");
    expect(
      bad(
        election(
          "approval",
          10,
          [
            ["a", 1],
            ["a", 2],
          ],
          [],
        ),
      ),
    ).toBe("tally.duplicateProject");
    expect(bad(election("approval", 10, [["a", -1]], []))).toBe("tally.invalidCost");
    expect(
      bad(
        election(
          "ordinal",
          10,
          [
            ["a", 1],
            ["b", 1],
          ],
          [{ ranking: ["a", "b"] }],
          1,
        ),
      ),
    ).toBe("tally.rankingTooLong");
  });
});

describe("Pabulib format", () => {
  it.each(REFERENCE.map((r) => r.file))("%s survives a round trip through writePb", (file) => {
    const parsed = parsePb(read(file));
    expect(parsePb(writePb(parsed))).toEqual(parsed);
  });

  it("reads quoting, CRLF and LF, lists, points and unknown columns", () => {
    const text = [
      "META",
      "key;value",
      'description;"Park; ""green"" budget"',
      "budget;1000.5",
      "vote_type;cumulative",
      "rule;greedy",
      "PROJECTS",
      "project_id;cost;votes;name;category;selected;latitude",
      '1;500;2;"Trees\nand benches";urban greenery, sport;1;50.1',
      "2;600.25;1;Lamps;;0;",
      "VOTES",
      "voter_id;vote;points;age",
      "v1;1,2;3,2;34",
      "v2;1;5;",
    ].join("\r\n");
    const instance = parsePb(text.replace("VOTES\r\n", "VOTES\n"));
    expect(instance.meta).toEqual({
      description: 'Park; "green" budget',
      budget: "1000.5",
      vote_type: "cumulative",
      rule: "greedy",
    });
    expect(instance.projects[0]).toEqual({
      project_id: "1",
      cost: 500,
      votes: 2,
      name: "Trees\nand benches",
      category: ["urban greenery", "sport"],
      selected: 1,
      extra: { latitude: "50.1" },
    });
    expect(instance.projects[1]).toMatchObject({ project_id: "2", cost: 600.25, category: [], extra: { latitude: "" } });
    expect(instance.votes).toEqual([
      { voter_id: "v1", vote: ["1", "2"], points: [3, 2], extra: { age: "34" } },
      { voter_id: "v2", vote: ["1"], points: [5], extra: { age: "" } },
    ]);
    expect(parsePb(writePb(instance))).toEqual(instance);
    expect(tally(electionFromPb(instance), "greedy").selected).toEqual(["1"]);
  });

  it("writes instances built by the app", () => {
    const instance: PbInstance = {
      meta: { budget: "100", vote_type: "approval", rule: "equalshares/add1", comment: "#1: a;b" },
      projects: [
        { project_id: "p1", cost: 60, name: 'The "big" one', extra: {} },
        { project_id: "p2", cost: 40, extra: { district: "North" } },
      ],
      votes: [
        { voter_id: "1", vote: ["p1", "p2"], extra: {} },
        { voter_id: "2", vote: [], extra: {} },
      ],
    };
    const text = writePb(instance);
    expect(text).toContain('"The ""big"" one"');
    const back = parsePb(text);
    expect(back.projects.map((p) => [p.project_id, p.cost, p.name, p.extra.district])).toEqual([
      ["p1", 60, 'The "big" one', ""],
      ["p2", 40, "", "North"],
    ]);
    expect(back.votes.map((v) => v.vote)).toEqual([["p1", "p2"], []]);
    expect(back.meta.comment).toBe("#1: a;b");
    expect(() => writePb({ ...instance, projects: [{ project_id: "a,b", cost: 1, extra: {} }] })).toThrow(PabulibFormatError);
  });

  const formatError = (text: string) => {
    try {
      parsePb(text);
    } catch (error) {
      if (error instanceof PabulibFormatError) return { key: error.key, line: error.line };
      throw error;
    }
    throw new Error("expected a PabulibFormatError");
  };
  const head = "META\nkey;value\nbudget;10\nvote_type;approval\n";

  it("reports format errors with a message key and the line", () => {
    expect(formatError(`${head}PROJECTS\nproject_id;cost\n1;5\n`)).toEqual({ key: "pabulib.missingSection", line: 8 });
    expect(formatError(`hello\n${head}`)).toEqual({ key: "pabulib.unexpectedContent", line: 1 });
    expect(formatError(`${head}PROJECTS\nproject_id;cost\n1;five\nVOTES\nvoter_id;vote\n`)).toEqual({
      key: "pabulib.badNumber",
      line: 7,
    });
    expect(formatError(`${head}PROJECTS\nproject_id;cost\n1;5;6\nVOTES\nvoter_id;vote\n`)).toEqual({
      key: "pabulib.fieldCount",
      line: 7,
    });
    expect(formatError(`${head}PROJECTS\nproject_id;name\n1;x\nVOTES\nvoter_id;vote\n`)).toEqual({
      key: "pabulib.missingColumn",
      line: 6,
    });
    expect(formatError(`${head}PROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\na;1\nb;2\n`)).toEqual({
      key: "pabulib.unknownProject",
      line: 11,
    });
    expect(formatError(`${head}PROJECTS\nproject_id;cost;name\n1;5;"open\nVOTES\n`)).toEqual({
      key: "pabulib.unterminatedQuote",
      line: 7,
    });
    expect(formatError("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n")).toEqual({
      key: "pabulib.missingMeta",
      line: 1,
    });
  });
});
