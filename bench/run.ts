// `npm run bench`: runs every bench/*.ts module (each default-exports an async function returning
// a titled table) and prints the tables. Record notable results in bench/RESULTS.md by hand, with
// the machine and date. `npm run bench -- tally` runs only the matching modules.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Table = { title: string; rows: Record<string, string | number>[] };
const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = (await fs.readdir(here))
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_") && (!filter || f.includes(filter)))
  .sort();

for (const file of files) {
  const mod = (await import(path.join(here, file))) as { default: () => Promise<Table | Table[]> };
  const tables = [await mod.default()].flat();
  for (const table of tables) {
    console.log(`\n## ${table.title}`);
    console.table(table.rows);
  }
}
process.exit(0);
