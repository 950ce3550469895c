// Pabulib command line: `npm run pb -- tally FILE.pb [--rule greedy|mes|mes-add1|mes-add1-comparison]`.
// Prints one JSON line {"selected": [ids in the order the rule selected them]} on stdout; without
// --rule, the rule named in the file's META. Bad usage, unreadable file or bad format: a message on
// stderr and exit code 2.
import { readFileSync } from "node:fs";
import { parsePb, PabulibFormatError } from "../app/modules/budgeting/pabulib.ts";
import { ElectionError, electionFromPb, ruleFromPb, tally, TALLY_RULES, type TallyRule } from "../app/modules/budgeting/tally.ts";

const USAGE = `usage: pb tally FILE.pb [--rule ${TALLY_RULES.join("|")}]`;

class UsageError extends Error {}

function parseArgs(args: string[]): { file: string; rule?: TallyRule } {
  const [command, ...rest] = args;
  if (command !== "tally") throw new UsageError(command ? `unknown command "${command}"` : "missing command");
  let file: string | undefined;
  let rule: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--rule") {
      rule = rest[++i];
      if (rule === undefined) throw new UsageError("--rule needs a value");
    } else if (arg.startsWith("--rule=")) rule = arg.slice("--rule=".length);
    else if (arg.startsWith("-")) throw new UsageError(`unknown option "${arg}"`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`unexpected argument "${arg}"`);
  }
  if (file === undefined) throw new UsageError("missing FILE.pb");
  if (rule !== undefined && !TALLY_RULES.includes(rule as TallyRule)) throw new UsageError(`unknown rule "${rule}"`);
  return { file, rule: rule as TallyRule | undefined };
}

function main(args: string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const { file, rule } = parseArgs(args);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const instance = parsePb(text);
    const chosen = rule ?? ruleFromPb(instance.meta.rule);
    if (!chosen) throw new UsageError(`${file}: META rule "${instance.meta.rule ?? ""}" is not supported; pass --rule`);
    const result = tally(electionFromPb(instance), chosen);
    process.stdout.write(`${JSON.stringify({ selected: result.selected })}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) process.stderr.write(`pb: ${error.message}\n${USAGE}\n`);
    else if (error instanceof PabulibFormatError || error instanceof ElectionError) {
      process.stderr.write(`pb: ${error.message}\n`);
    } else throw error;
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
