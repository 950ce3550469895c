// Module doors, enforced (docs/modules.md): a module touches only the tables its own
// prisma/schema/<module>.prisma file defines (Prisma delegates, relation includes, raw SQL), reaches
// other modules through their index.ts or public.ts, and the platform imports no module.
// The ESLint rule (eslint.config.js) checks the imports too; this test also knows table ownership.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { check, checkFile, moduleOf, ownership, PLATFORM_SCHEMA_FILES, readSchemas, readSources } from "../support/module-doors";

const root = path.resolve(__dirname, "../..");
const owners = ownership(readSchemas(root));

/**
 * Known exceptions, each with the reason and who removes it. The test fails when an entry is no
 * longer needed, so the list only shrinks.
 */
const KNOWN: Record<string, string> = {};

describe("module doors", () => {
  it("maps every model to the module whose schema file defines it, and every schema file to a module", () => {
    expect(owners.byAccessor.get("region")?.module).toBe("city");
    expect(owners.byAccessor.get("user")?.module).toBe("identity");
    expect(owners.byAccessor.get("corruptionReport")?.module).toBe("integrity");
    expect(owners.byTable.get("case_categories")?.module).toBe("cases");
    expect(owners.byAccessor.get("mediaFile")?.module).toBe("platform");
    const modules = fs
      .readdirSync(path.join(root, "app/modules"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    for (const file of readSchemas(root)) {
      const name = path.basename(file.path, ".prisma");
      if (!PLATFORM_SCHEMA_FILES.includes(name)) expect(modules, `prisma/schema/${name}.prisma names no module`).toContain(name);
    }
  });

  it("every module has an index.ts (its door), and permissions.ts where it decides who may act", () => {
    const modules = fs
      .readdirSync(path.join(root, "app/modules"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    for (const m of modules) expect(fs.existsSync(path.join(root, "app/modules", m, "index.ts")), `app/modules/${m}/index.ts`).toBe(true);
    for (const m of ["identity", "cases", "club", "integrity"])
      expect(fs.existsSync(path.join(root, "app/modules", m, "permissions.ts")), `app/modules/${m}/permissions.ts`).toBe(true);
  });

  it("no module touches another module's tables, and the platform imports no module", () => {
    const files = [
      ...readSources(root, "app"),
      ...readSources(root, "graphql"),
      { path: "server.ts", source: fs.readFileSync(path.join(root, "server.ts"), "utf8") },
    ];
    const violations = check(files, owners).filter((v) => KNOWN[v.file] !== v.rule);
    expect(violations.map((v) => `${v.file}:${v.line} ${v.rule}: ${v.detail}`)).toEqual([]);
    // The known exceptions still exist (remove an entry once it is fixed).
    for (const [file, rule] of Object.entries(KNOWN)) {
      const source = files.find((f) => f.path === file);
      expect(source && checkFile(source, owners).some((v) => v.rule === rule), `${file} no longer needs its exception`).toBe(true);
    }
  });

  it("reports each kind of violation (the checker can fail)", () => {
    const fixture = (file: string, source: string) =>
      checkFile({ path: file, source }, owners).map((v) => `${v.line} ${v.rule}: ${v.detail}`);

    expect(
      fixture(
        "app/modules/club/index.ts",
        [
          `import { prisma } from "~/platform/db/client.server";`,
          `import { email } from "~/modules/identity/schemas";`,
          `import { hasRole } from "../identity/permissions";`,
          `const u = await prisma.user.findUnique({ where: { id } });`,
          `await tx.caseCategory.count({ where: { id: { in: ids } } });`,
          "const rows = await pool().query(`SELECT id FROM regions r JOIN departments d ON true`);",
          `const m = await prisma.clubMember.findUnique({ where: { userId }, include: { interests: { orderBy: { id: "asc" } }, homeRegion: true } });`,
          `// prisma.user in a comment is prose, not a query; and so is FROM users here`,
          `import { isOpenStatus } from "~/modules/cases/public";`,
          `import { memberOf } from "~/modules/club/x";`,
          `const own = await prisma.clubMember.count();`,
          `await prisma.mediaFile.findMany();`,
        ].join("\n"),
      ),
    ).toEqual([
      "2 deep-import: ~/modules/identity/schemas",
      "3 deep-import: ../identity/permissions",
      "4 foreign-model: prisma.user (User, owned by identity)",
      "5 foreign-model: tx.caseCategory (CaseCategory, owned by cases)",
      "6 foreign-table: regions (owned by city)",
      "6 foreign-table: departments (owned by city)",
      "7 foreign-relation: homeRegion (Region, owned by city)",
    ]);

    expect(
      fixture(
        "app/platform/http.server.ts",
        `import { hasRole } from "~/modules/identity";\nimport { x } from "../modules/cases/schemas";\nimport { y } from "./request.server";`,
      ),
    ).toEqual(["1 platform-imports-module: ~/modules/identity", "2 platform-imports-module: ../modules/cases/schemas"]);

    // Outside modules and platform (routes, components, GraphQL, server.ts): doors only, dynamic imports too.
    expect(moduleOf("app/routes/club.tsx")).toBeNull();
    expect(
      fixture(
        "server.ts",
        [
          `const { startCaseWorkers } = await import("./app/modules/cases/worker.server");`,
          `import { LIMITS } from "~/modules/cases/public";`,
          `import * as cases from "../../app/modules/cases";`,
          `import { startModuleWorkers } from "./app/modules/workers.server";`,
        ].join("\n"),
      ),
    ).toEqual(["1 deep-import: ./app/modules/cases/worker.server"]);
  });
});
