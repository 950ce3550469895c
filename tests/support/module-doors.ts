// The module-door checker (docs/modules.md): a module owns the tables its prisma/schema/<module>.prisma
// file defines, and only it touches them; other modules call its index.ts. The platform imports no
// module. Pure functions over source text, so the test can also run them on fixtures.
import fs from "node:fs";
import path from "node:path";

/** Schema files whose models belong to the platform (shared infrastructure every module may use). */
export const PLATFORM_SCHEMA_FILES = ["base", "platform", "media"];

export type Owner = { module: string; model: string; table: string };
export type Ownership = {
  /** Prisma client accessor (`caseCategory`) → owner. */
  byAccessor: Map<string, Owner>;
  /** SQL table name (`case_categories`) → owner. */
  byTable: Map<string, Owner>;
  /** module → relation fields of its models that point at another module's model (`homeRegion`). */
  foreignRelations: Map<string, Map<string, Owner>>;
};

export type SourceFile = { path: string; source: string };
export type Violation = {
  file: string;
  line: number;
  rule: "foreign-model" | "foreign-table" | "foreign-relation" | "deep-import" | "platform-imports-module";
  detail: string;
};

const accessorOf = (model: string) => model[0].toLowerCase() + model.slice(1);

/** Who owns which model: the module named by the schema file that defines it. */
export function ownership(schemaFiles: SourceFile[]): Ownership {
  const byAccessor = new Map<string, Owner>();
  const byTable = new Map<string, Owner>();
  const relations: { module: string; field: string; target: string }[] = [];
  for (const file of schemaFiles) {
    const base = path.basename(file.path, ".prisma");
    const module = PLATFORM_SCHEMA_FILES.includes(base) ? "platform" : base;
    for (const m of file.source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
      const [, model, body] = m;
      const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? model;
      const owner = { module, model, table };
      byAccessor.set(accessorOf(model), owner);
      byTable.set(table, owner);
      for (const f of body.matchAll(/^\s+(\w+)\s+([A-Z]\w*)(\[\])?\??\s/gm)) relations.push({ module, field: f[1], target: f[2] });
    }
  }
  const models = new Map([...byAccessor.values()].map((o) => [o.model, o]));
  const foreignRelations = new Map<string, Map<string, Owner>>();
  for (const r of relations) {
    const target = models.get(r.target);
    if (!target || target.module === r.module || target.module === "platform") continue;
    if (!foreignRelations.has(r.module)) foreignRelations.set(r.module, new Map());
    foreignRelations.get(r.module)!.set(r.field, target);
  }
  return { byAccessor, byTable, foreignRelations };
}

/** `app/modules/<module>/…` → module; anything else → null. */
export function moduleOf(file: string): string | null {
  return /^app\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;
}

const lineAt = (source: string, index: number) => source.slice(0, index).split("\n").length;

/** Comments out (same length, so line numbers stay): prose about a table is not a query. */
function withoutComments(source: string) {
  return source.replace(/\/\*[\s\S]*?\*\/|(^|[^:"'`\\])\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, " "));
}

const SPECIFIERS = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
const CLIENTS = "prisma|tx|db|client";

export function checkFile(file: SourceFile, owners: Ownership): Violation[] {
  const out: Violation[] = [];
  const source = withoutComments(file.source);
  const at = (index: number) => lineAt(source, index);

  if (file.path.startsWith("app/platform/")) {
    for (const m of source.matchAll(SPECIFIERS)) {
      if (/^(~\/|(\.\.\/)+(app\/)?)modules(\/|$)/.test(m[1]))
        out.push({ file: file.path, line: at(m.index), rule: "platform-imports-module", detail: m[1] });
    }
    return out;
  }

  const module = moduleOf(file.path);
  if (!module) {
    // Routes, components, GraphQL, the server entry: a module's index or public.ts only (dynamic
    // imports too, which the lint rule does not see). Files directly in app/modules/ are the
    // composition roots (register.server.ts, workers.server.ts).
    for (const m of source.matchAll(SPECIFIERS)) {
      if (/^(~|\.{1,2})\/(.+\/)?modules\/[^/]+\/(?!public$).+/.test(m[1]))
        out.push({ file: file.path, line: at(m.index), rule: "deep-import", detail: m[1] });
    }
    return out;
  }

  for (const m of source.matchAll(SPECIFIERS)) {
    const spec = m[1];
    const deep = /^~\/modules\/([^/]+)\/(.+)$/.exec(spec);
    if ((deep && deep[1] !== module && deep[2] !== "public") || /^\.\.\/[^./][^/]*(\/|$)/.test(spec)) {
      out.push({ file: file.path, line: at(m.index), rule: "deep-import", detail: spec });
    }
  }

  // prisma.<model> / tx.<model> (any of the usual client names).
  for (const m of source.matchAll(new RegExp(`\\b(?:${CLIENTS})\\s*\\.\\s*([a-z]\\w*)\\b`, "g"))) {
    const owner = owners.byAccessor.get(m[1]);
    if (owner && owner.module !== module && owner.module !== "platform") {
      out.push({
        file: file.path,
        line: at(m.index),
        rule: "foreign-model",
        detail: `${m[0].replace(/\s/g, "")} (${owner.model}, owned by ${owner.module})`,
      });
    }
  }

  // Raw SQL: table names after FROM / JOIN / INTO / UPDATE / TABLE.
  for (const m of source.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+"?([a-z_][a-z0-9_]*)"?/g)) {
    const owner = owners.byTable.get(m[1]);
    if (owner && owner.module !== module && owner.module !== "platform") {
      out.push({ file: file.path, line: at(m.index), rule: "foreign-table", detail: `${m[1]} (owned by ${owner.module})` });
    }
  }

  // Reading another module's rows through a relation: include/select of a foreign relation field.
  const foreign = owners.foreignRelations.get(module);
  if (foreign?.size) {
    for (const m of source.matchAll(/\b(?:include|select)\s*:\s*\{/g)) {
      // The keys at the top level of this include/select object (nested objects blanked out).
      const start = m.index + m[0].length;
      let depth = 1;
      let end = start;
      let top = "";
      for (; end < source.length && depth > 0; end++) {
        const ch = source[end];
        if (ch === "{") depth++;
        else if (ch === "}") depth--;
        top += depth === 1 && ch !== "}" ? ch : depth > 1 && ch === "{" && depth === 2 ? "{" : " ";
      }
      for (const k of top.matchAll(/(?:^|[,\s])(\w+)\s*:\s*(true|\{)/g)) {
        const owner = foreign.get(k[1]);
        if (owner)
          out.push({
            file: file.path,
            line: at(start + (k.index ?? 0)),
            rule: "foreign-relation",
            detail: `${k[1]} (${owner.model}, owned by ${owner.module})`,
          });
      }
    }
  }
  return out;
}

export function check(files: SourceFile[], owners: Ownership): Violation[] {
  return files.flatMap((f) => checkFile(f, owners));
}

/** Every .ts/.tsx file under `dir` (relative to `root`), read. */
export function readSources(root: string, dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (child !== "app/platform/db/generated") walk(child);
      } else if (/\.tsx?$/.test(entry.name)) out.push({ path: child, source: fs.readFileSync(path.join(root, child), "utf8") });
    }
  };
  walk(dir);
  return out;
}

export function readSchemas(root: string): SourceFile[] {
  const dir = path.join(root, "prisma/schema");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".prisma"))
    .map((f) => ({ path: `prisma/schema/${f}`, source: fs.readFileSync(path.join(dir, f), "utf8") }));
}
