// Schema-drift detection without Prisma's schema engine (its binary cannot be downloaded here, so
// `prisma migrate diff` is not available). Four steps:
//   1. read the Prisma datamodel (DMMF) with Prisma's own schema parser, compiled to WASM;
//   2. derive the database Prisma would create from it (`expectedShape`);
//   3. read the real database from pg_catalog (`introspect`);
//   4. let PostgreSQL spell the expected types and defaults the way it spells its own
//      (`canonicalize`), then compare both shapes in both directions (`diffShapes`).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientBase } from "pg";

// ───────────────────────────── 1. The Prisma datamodel ─────────────────────────────

/** The subset of Prisma's DMMF we read (the full types live in `@prisma/dmmf`, not a direct dependency). */
export type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt?: boolean;
  nativeType?: [name: string, args: string[]] | null;
  default?: DmmfDefault;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
};
type DmmfScalarDefault = string | number | boolean;
type DmmfFunctionDefault = { name: string; args: Array<string | number> };
export type DmmfDefault = DmmfFunctionDefault | DmmfScalarDefault | DmmfScalarDefault[];
export type DmmfModel = { name: string; dbName: string | null; schema: string | null; fields: DmmfField[] };
export type DmmfEnum = { name: string; dbName?: string | null; values: Array<{ name: string; dbName: string | null }> };
export type DmmfIndex = {
  model: string;
  type: "id" | "normal" | "unique" | "fulltext";
  dbName?: string;
  algorithm?: string;
  fields: Array<{ name: string; sortOrder?: "asc" | "desc"; operatorClass?: string }>;
};
export type Datamodel = { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };

/** A schema as Prisma's parser takes it: [file name, content] pairs (multi-file schema). */
export type SchemaFiles = Array<[fileName: string, content: string]>;

export const SCHEMA_DIR = fileURLToPath(new URL("../../prisma/schema", import.meta.url));

export function readSchemaFiles(dir = SCHEMA_DIR): SchemaFiles {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".prisma"))
    .sort()
    .map((f) => [path.join(dir, f), fs.readFileSync(path.join(dir, f), "utf8")]);
}

// `@prisma/internals` (getDMMF) and `@prisma/prisma-schema-wasm` are not installed, but the `prisma`
// CLI ships the same WASM build of the schema parser and bundles its wasm-bindgen glue. This is a
// minimal replacement for that glue: four imports, strings in and out of linear memory. If a Prisma
// upgrade changes the module's interface, loading fails loudly below rather than misreading it.
type SchemaWasmExports = {
  memory: WebAssembly.Memory;
  __wbindgen_externrefs: WebAssembly.Table;
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
  __externref_table_dealloc(index: number): void;
  __wbindgen_start(): void;
  /** `fn get_dmmf(params: String) -> Result<String, JsError>`: [ptr, len, error ref, is error]. */
  get_dmmf(ptr: number, len: number): [number, number, number, number];
};

let schemaWasm: SchemaWasmExports | undefined;
let lastPanicMessage: string | undefined;

function loadSchemaWasm(): SchemaWasmExports {
  if (schemaWasm) return schemaWasm;
  const require = createRequire(import.meta.url);
  const prismaDir = path.dirname(require.resolve("prisma/package.json"));
  const wasmFile = path.join(prismaDir, "build/prisma_schema_build_bg.wasm");
  const module = new WebAssembly.Module(fs.readFileSync(wasmFile));

  // The imports need the instance's exports, which exist only once the imports are given.
  const instance: { exports?: SchemaWasmExports } = {};
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const text = (ptr: number, len: number) => decoder.decode(new Uint8Array(instance.exports!.memory.buffer, ptr >>> 0, len));
  // wasm-bindgen suffixes import names with a hash that changes between builds: match on the prefix.
  const shims: Array<[prefix: string, fn: (ptr: number, len: number) => unknown]> = [
    ["__wbg_Error_", (ptr, len) => new Error(text(ptr, len))],
    [
      "__wbg___wbindgen_throw_",
      (ptr, len) => {
        throw new Error(text(ptr, len));
      },
    ],
    [
      "__wbg_set_message_",
      (ptr, len) => {
        lastPanicMessage = text(ptr, len); // the Rust panic hook's message, just before the trap
      },
    ],
    [
      "__wbindgen_init_externref_table",
      () => {
        const table = instance.exports!.__wbindgen_externrefs;
        const offset = table.grow(4);
        table.set(0, undefined);
        table.set(offset + 0, undefined);
        table.set(offset + 1, null);
        table.set(offset + 2, true);
        table.set(offset + 3, false);
      },
    ],
  ];
  const imports: WebAssembly.Imports = {};
  for (const wanted of WebAssembly.Module.imports(module)) {
    const shim = shims.find(([prefix]) => wanted.name.startsWith(prefix));
    if (!shim || wanted.kind !== "function") {
      throw new Error(
        `${wasmFile} wants the import ${wanted.module}.${wanted.name} (${wanted.kind}), which the shim in ` +
          `tests/support/prisma-schema.ts does not provide: Prisma's schema WASM changed; update the shim.`,
      );
    }
    (imports[wanted.module] ??= {})[wanted.name] = shim[1];
  }
  // WebAssembly.Instance#exports is untyped; the shape above is what wasm-bindgen generates for it.
  const exports = new WebAssembly.Instance(module, imports).exports as unknown as SchemaWasmExports;
  instance.exports = exports;
  for (const name of ["memory", "__wbindgen_malloc", "__wbindgen_free", "__wbindgen_start", "get_dmmf"] as const) {
    if (!(name in exports)) throw new Error(`${wasmFile} has no export ${name}: Prisma's schema WASM changed; update the shim.`);
  }
  exports.__wbindgen_start();
  schemaWasm = exports;
  return exports;
}

/** Prisma's datamodel for a (multi-file) schema, as `getDMMF` from `@prisma/internals` returns it. */
export function getDatamodel(files: SchemaFiles): Datamodel {
  const wasm = loadSchemaWasm();
  const params = new TextEncoder().encode(JSON.stringify({ prismaSchema: files, noColor: true }));
  const ptr = wasm.__wbindgen_malloc(params.length, 1) >>> 0;
  new Uint8Array(wasm.memory.buffer, ptr, params.length).set(params);
  let result: [number, number, number, number];
  try {
    result = wasm.get_dmmf(ptr, params.length); // takes ownership of the parameter buffer
  } catch (error) {
    schemaWasm = undefined; // a Rust panic leaves the instance unusable
    throw new Error(`Prisma's schema parser panicked: ${lastPanicMessage ?? (error as Error).message}`);
  }
  if (!Array.isArray(result) || result.length !== 4)
    throw new Error("get_dmmf returned an unexpected shape: Prisma's schema WASM changed.");
  const [outPtr, outLen, errorRef, isError] = result;
  if (isError) {
    const error: unknown = wasm.__wbindgen_externrefs.get(errorRef);
    wasm.__externref_table_dealloc(errorRef);
    const raw = error instanceof Error ? error.message : String(error);
    let message = raw;
    try {
      message = (JSON.parse(raw) as { message?: string }).message ?? raw; // `{"error_code":"P1012","message":"…"}`
    } catch {
      // not JSON: keep the raw message
    }
    throw new Error(`The Prisma schema is invalid:\n${message}`);
  }
  const json = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, outPtr >>> 0, outLen));
  wasm.__wbindgen_free(outPtr, outLen, 1);
  return (JSON.parse(json) as { datamodel: Datamodel }).datamodel;
}

// What the DMMF leaves out, read from the schema text: foreign-key names given with
// `@relation(…, map: "…")` and `Unsupported("…")` fields (which still are database columns).
type UnsupportedField = { name: string; column: string; type: string; nullable: boolean; default: string | null };
type SourceFacts = {
  /** "Model.relationField" → the foreign key's `map:` name. */
  relationMaps: Map<string, string>;
  unsupported: Map<string, UnsupportedField[]>;
};

/** Skips a string literal starting at `i` (a `"`); returns the index after it. */
function skipString(source: string, i: number) {
  for (i++; i < source.length && source[i] !== '"'; i++) if (source[i] === "\\") i++;
  return i + 1;
}

function stripComments(source: string) {
  let out = "";
  for (let i = 0; i < source.length;) {
    if (source[i] === '"') {
      const end = skipString(source, i);
      out += source.slice(i, end);
      i = end;
    } else if (source.startsWith("//", i)) {
      while (i < source.length && source[i] !== "\n") i++;
    } else out += source[i++];
  }
  return out;
}

/** Index of the bracket closing the one at `open`, skipping string literals. */
function closingBracket(source: string, open: number) {
  const [opener, closer] = source[open] === "(" ? ["(", ")"] : ["{", "}"];
  let depth = 0;
  for (let i = open; i < source.length;) {
    if (source[i] === '"') {
      i = skipString(source, i);
      continue;
    }
    if (source[i] === opener) depth++;
    else if (source[i] === closer && --depth === 0) return i;
    i++;
  }
  throw new Error(`Unbalanced '${opener}' in the Prisma schema`);
}

const unescapePrismaString = (raw: string) => JSON.parse(`"${raw}"`) as string;

function readSourceFacts(files: SchemaFiles): SourceFacts {
  const facts: SourceFacts = { relationMaps: new Map(), unsupported: new Map() };
  for (const [, content] of files) {
    const source = stripComments(content);
    for (const block of source.matchAll(/^[ \t]*model\s+(\w+)\s*\{/gm)) {
      const model = block[1];
      const open = block.index + block[0].length - 1;
      const body = source.slice(open + 1, closingBracket(source, open));
      for (const relation of body.matchAll(/@relation\s*\(/g)) {
        const argsOpen = relation.index + relation[0].length - 1;
        const args = body.slice(argsOpen + 1, closingBracket(body, argsOpen));
        const field = /^\s*(\w+)/.exec(body.slice(body.lastIndexOf("\n", relation.index) + 1))?.[1];
        const map = /\bmap\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(args)?.[1];
        if (field && map !== undefined) facts.relationMaps.set(`${model}.${field}`, unescapePrismaString(map));
      }
      for (const line of body.split("\n")) {
        const m = /^\s*(\w+)\s+Unsupported\(\s*"((?:[^"\\]|\\.)*)"\s*\)(\?|\[\])?(.*)$/.exec(line);
        if (!m) continue;
        const [, name, type, modifier, attributes] = m;
        const column = /@map\(\s*"((?:[^"\\]|\\.)*)"\s*\)/.exec(attributes)?.[1];
        const dbgenerated = /@default\(\s*dbgenerated\(\s*(?:"((?:[^"\\]|\\.)*)")?\s*\)\s*\)/.exec(attributes);
        const list = modifier === "[]";
        const fields = facts.unsupported.get(model) ?? [];
        fields.push({
          name,
          column: column === undefined ? name : unescapePrismaString(column),
          type: unescapePrismaString(type) + (list ? "[]" : ""),
          nullable: list ? true : modifier === "?",
          default: !dbgenerated ? null : dbgenerated[1] === undefined ? ANY_DEFAULT : unescapePrismaString(dbgenerated[1]),
        });
        facts.unsupported.set(model, fields);
      }
    }
  }
  return facts;
}

// ───────────────────────────── The shape both sides are reduced to ─────────────────────────────

export type ColumnShape = {
  /** In PostgreSQL's `format_type()` spelling once canonicalized, e.g. `timestamp(3) with time zone`, `"Locale"[]`. */
  type: string;
  /** null: not compared (Prisma treats a nullable and a NOT NULL array column as the same list field). */
  nullable: boolean | null;
  /** An SQL expression as `pg_get_expr()` prints it, `AUTOINCREMENT`, `ANY_DEFAULT`, or null for none. */
  default: string | null;
};
export type IndexColumn = {
  /** A column name, or `(expression)` for an expression index. */
  name: string;
  desc: boolean;
  /** Set only when NULLS FIRST/LAST differs from PostgreSQL's default for the sort direction. */
  nulls: "NULLS FIRST" | "NULLS LAST" | null;
  /** Operator class; null means the type's default (what Prisma uses unless `ops:` is given). */
  opclass: string | null;
  /** Database side: the name of the default operator class in use, so an explicit `ops:` naming it matches. */
  defaultOpclass?: string;
};
export type IndexShape = {
  unique: boolean;
  method: string;
  columns: IndexColumn[];
  /** What Prisma cannot express (INCLUDE, WHERE, NULLS NOT DISTINCT); always "" on the schema side. */
  extra: string;
};
export type ForeignKeyShape = {
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
  /** DEFERRABLE, NOT VALID, MATCH FULL…: always "" on the schema side. */
  extra: string;
};
export type TableShape = {
  columns: Map<string, ColumnShape>;
  primaryKey: { name: string; columns: string[] } | null;
  indexes: Map<string, IndexShape>;
  foreignKeys: Map<string, ForeignKeyShape>;
  /** CHECK and EXCLUDE constraints by name → definition. Prisma cannot describe them: always empty on the schema side. */
  otherConstraints: Map<string, string>;
};
export type DbShape = { enums: Map<string, string[]>; tables: Map<string, TableShape> };

/** Default of a column fed by a sequence (`@default(autoincrement())`, SERIAL). */
export const AUTOINCREMENT = "autoincrement()";
/** `@default(dbgenerated())` without an expression: some database default, whatever it is. */
export const ANY_DEFAULT = "dbgenerated()";

const emptyTable = (): TableShape => ({
  columns: new Map(),
  primaryKey: null,
  indexes: new Map(),
  foreignKeys: new Map(),
  otherConstraints: new Map(),
});

// ───────────────────────────── 2. What the Prisma schema describes ─────────────────────────────

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** PostgreSQL caps identifiers at 63 bytes; Prisma truncates its default names to fit, keeping the suffix. */
const MAX_IDENTIFIER_BYTES = 63;
function truncateBytes(value: string, maxBytes: number) {
  let out = "";
  for (const ch of value) {
    if (Buffer.byteLength(out + ch) > maxBytes) break;
    out += ch;
  }
  return out;
}
/** Prisma's default constraint names (psl `ConstraintNames`): `<table>_<columns>_<suffix>`. */
export function defaultConstraintName(table: string, columns: string[], suffix: "pkey" | "key" | "idx" | "fkey") {
  const base = suffix === "pkey" ? table : `${table}_${columns.join("_")}`;
  return `${truncateBytes(base, MAX_IDENTIFIER_BYTES - suffix.length - 1)}_${suffix}`;
}

/** Prisma's column type for a scalar without `@db.*`. */
const PRISMA_SCALAR_TYPES: Record<string, string> = {
  String: "TEXT",
  Int: "INTEGER",
  BigInt: "BIGINT",
  Float: "DOUBLE PRECISION",
  Decimal: "DECIMAL(65,30)",
  Boolean: "BOOLEAN",
  DateTime: "TIMESTAMP(3)",
  Json: "JSONB",
  Bytes: "BYTEA",
};

/** `@db.VarChar(20)` → `VARCHAR(20)`: Prisma's PostgreSQL native types are SQL type names in PascalCase. */
function nativeTypeSql([name, args]: [string, string[]]) {
  const sqlName = name === "DoublePrecision" ? "DOUBLE PRECISION" : name.toUpperCase();
  return args.length ? `${sqlName}(${args.join(",")})` : sqlName;
}

/** Prisma's operator class names (`JsonbPathOps`, `Int4MinMaxMultiOps`) → PostgreSQL's (`jsonb_path_ops`…). */
export function opclassName(prismaName: string) {
  if (!/^[A-Za-z0-9]+$/.test(prismaName)) return prismaName; // raw("…")
  return prismaName
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace("min_max", "minmax")
    .replace(/_tz_/, "tz_")
    .replace(/^var_bit_/, "varbit_");
}

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

const isFunctionDefault = (value: DmmfDefault): value is DmmfFunctionDefault => typeof value === "object" && !Array.isArray(value);

/** The database that applying the Prisma schema to an empty PostgreSQL would produce (schema `public`). */
export function expectedShape(files: SchemaFiles): DbShape {
  const datamodel = getDatamodel(files);
  const facts = readSourceFacts(files);
  const shape: DbShape = { enums: new Map(), tables: new Map() };

  const enums = new Map(datamodel.enums.map((e) => [e.name, e]));
  for (const e of datamodel.enums)
    shape.enums.set(
      e.dbName ?? e.name,
      e.values.map((v) => v.dbName ?? v.name),
    );
  const enumValue = (enumName: string, value: string) => enums.get(enumName)?.values.find((v) => v.name === value)?.dbName ?? value;

  // Models placed in another schema with `@@schema` are not ours to compare.
  const models = new Map(datamodel.models.filter((m) => !m.schema || m.schema === "public").map((m) => [m.name, m]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (field) return field.dbName ?? field.name;
    const unsupported = facts.unsupported.get(model.name)?.find((f) => f.name === fieldName);
    if (unsupported) return unsupported.column;
    throw new Error(`${model.name}.${fieldName} is not a field`);
  };
  const typeSql = (field: DmmfField) => {
    const base =
      field.kind === "enum"
        ? quoteIdent(enums.get(field.type)?.dbName ?? field.type)
        : field.nativeType
          ? nativeTypeSql(field.nativeType)
          : PRISMA_SCALAR_TYPES[field.type];
    if (!base) throw new Error(`No PostgreSQL type known for ${field.name}: ${field.type}`);
    return field.isList ? `${base}[]` : base;
  };
  const literal = (field: DmmfField, value: DmmfScalarDefault) => {
    if (field.kind === "enum") return quoteLiteral(enumValue(field.type, String(value)));
    switch (field.type) {
      case "Int":
      case "BigInt":
      case "Float":
      case "Decimal":
      case "Boolean":
        return String(value);
      case "Bytes": // base64 in the schema, hex bytea input in SQL
        return quoteLiteral(`\\x${Buffer.from(String(value), "base64").toString("hex")}`);
      default: // String, DateTime, Json
        return quoteLiteral(String(value));
    }
  };
  const defaultSql = (model: DmmfModel, field: DmmfField): string | null => {
    const value = field.default;
    if (value === undefined) return null; // includes a bare @updatedAt: set by Prisma Client, no database default
    if (Array.isArray(value)) return `ARRAY[${value.map((v) => literal(field, v)).join(", ")}]::${typeSql(field)}`;
    if (!isFunctionDefault(value)) return literal(field, value);
    switch (value.name) {
      case "autoincrement":
        return AUTOINCREMENT;
      case "now":
        return "CURRENT_TIMESTAMP";
      case "dbgenerated":
        return value.args.length ? String(value.args[0]) : ANY_DEFAULT;
      case "uuid":
      case "cuid":
      case "nanoid":
      case "ulid":
        return null; // generated by Prisma Client, not by the database
      default:
        throw new Error(`${model.name}.${field.name}: no rule for @default(${value.name}()) in tests/support/prisma-schema.ts`);
    }
  };

  for (const model of models.values()) {
    const table = emptyTable();
    shape.tables.set(tableOf(model), table);
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      table.columns.set(field.dbName ?? field.name, {
        type: typeSql(field),
        // Prisma creates list columns without NOT NULL and reads either the same way.
        nullable: field.isList ? null : !field.isRequired,
        default: defaultSql(model, field),
      });
    }
    for (const field of facts.unsupported.get(model.name) ?? []) {
      table.columns.set(field.column, { type: field.type, nullable: field.nullable, default: field.default });
    }
  }

  for (const index of datamodel.indexes) {
    const model = models.get(index.model);
    if (!model) continue;
    const tableName = tableOf(model);
    const table = shape.tables.get(tableName)!;
    const columns = index.fields.map((f) => columnOf(model, f.name));
    if (index.type === "id") {
      table.primaryKey = { name: index.dbName ?? defaultConstraintName(tableName, columns, "pkey"), columns };
      continue;
    }
    if (index.type === "fulltext") throw new Error(`${model.name}: @@fulltext does not exist on PostgreSQL`);
    const unique = index.type === "unique";
    table.indexes.set(index.dbName ?? defaultConstraintName(tableName, columns, unique ? "key" : "idx"), {
      unique,
      method: index.algorithm?.toLowerCase() ?? "btree",
      columns: index.fields.map((f, i) => ({
        name: columns[i],
        desc: f.sortOrder === "desc",
        nulls: null,
        opclass: f.operatorClass ? opclassName(f.operatorClass) : null,
      })),
      extra: "",
    });
  }

  const implicitManyToMany = new Map<string, [DmmfModel, DmmfModel]>();
  for (const model of models.values()) {
    for (const field of model.fields) {
      if (field.kind !== "object") continue;
      const target = models.get(field.type);
      if (!target) throw new Error(`${model.name}.${field.name} relates to ${field.type}, which is not in schema public`);
      const from = field.relationFromFields ?? [];
      if (from.length > 0) {
        const tableName = tableOf(model);
        const columns = from.map((f) => columnOf(model, f));
        // Prisma's defaults: a required relation restricts deletes, an optional one nulls its columns.
        const onDelete = field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
        const onUpdate = field.relationOnUpdate ?? "Cascade";
        const name = facts.relationMaps.get(`${model.name}.${field.name}`) ?? defaultConstraintName(tableName, columns, "fkey");
        shape.tables.get(tableName)!.foreignKeys.set(name, {
          columns,
          refTable: tableOf(target),
          refColumns: (field.relationToFields ?? []).map((f) => columnOf(target, f)),
          onDelete: REFERENTIAL_ACTIONS[onDelete] ?? onDelete,
          onUpdate: REFERENTIAL_ACTIONS[onUpdate] ?? onUpdate,
          extra: "",
        });
      } else if (field.isList && field.relationName) {
        const back = target.fields.find(
          (f) => f.relationName === field.relationName && f.type === model.name && (f.name !== field.name || target !== model),
        );
        if (back?.isList) {
          // An implicit many-to-many relation: Prisma's join table, "A" pointing at the model whose name sorts first.
          const pair: [DmmfModel, DmmfModel] = model.name <= target.name ? [model, target] : [target, model];
          implicitManyToMany.set(field.relationName, pair);
        }
      }
    }
  }
  for (const [relation, [a, b]] of implicitManyToMany) {
    const name = `_${relation}`;
    const table = emptyTable();
    shape.tables.set(name, table);
    for (const [column, model] of [
      ["A", a],
      ["B", b],
    ] as const) {
      const id = datamodel.indexes.find((i) => i.model === model.name && i.type === "id");
      if (id?.fields.length !== 1) throw new Error(`${model.name} needs a single-field @id for the implicit relation ${relation}`);
      const idField = model.fields.find((f) => f.name === id.fields[0].name)!;
      table.columns.set(column, { type: typeSql({ ...idField, isList: false }), nullable: false, default: null });
      table.foreignKeys.set(`${name}_${column}_fkey`, {
        columns: [column],
        refTable: tableOf(model),
        refColumns: [columnOf(model, idField.name)],
        onDelete: "CASCADE",
        onUpdate: "CASCADE",
        extra: "",
      });
    }
    table.primaryKey = { name: `${name}_AB_pkey`, columns: ["A", "B"] };
    table.indexes.set(`${name}_B_index`, {
      unique: false,
      method: "btree",
      columns: [{ name: "B", desc: false, nulls: null, opclass: null }],
      extra: "",
    });
  }
  return shape;
}

// ───────────────────────────── 3. What the database has ─────────────────────────────

/** Tables that are the migration runner's, not the schema's. */
const IGNORED_TABLES = ["_prisma_migrations"];

const ACTION_CODES: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

/** Reads tables, columns, keys, indexes, constraints and enums of schema `public` (triggers and functions are ignored). */
export async function introspect(client: ClientBase): Promise<DbShape> {
  const shape: DbShape = { enums: new Map(), tables: new Map() };

  const enums = await client.query<{ name: string; labels: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
    FROM pg_type t
    JOIN pg_namespace n ON n.oid = t.typnamespace
    JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE n.nspname = 'public'
    GROUP BY t.typname`);
  for (const row of enums.rows) shape.enums.set(row.name, row.labels);

  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> ALL($1)`,
    [IGNORED_TABLES],
  );
  for (const row of tables.rows) shape.tables.set(row.name, emptyTable());
  const tableFilter = `n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> ALL($1)`;

  const columns = await client.query<{
    table: string;
    column: string;
    type: string;
    not_null: boolean;
    default: string | null;
    identity: string;
    generated: string;
  }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default,
            a.attidentity AS identity, a.attgenerated AS generated
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE ${tableFilter} AND a.attnum > 0 AND NOT a.attisdropped`,
    [IGNORED_TABLES],
  );
  for (const row of columns.rows) {
    let dflt = row.default;
    // SERIAL / `autoincrement()`: whatever the sequence is called.
    if (dflt && /^nextval\('.+'::regclass\)$/.test(dflt)) dflt = AUTOINCREMENT;
    if (row.identity) dflt = `GENERATED ${row.identity === "a" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`;
    if (row.generated) dflt = `GENERATED ALWAYS AS (${row.default}) ${row.generated === "s" ? "STORED" : "VIRTUAL"}`;
    shape.tables.get(row.table)!.columns.set(row.column, { type: row.type, nullable: !row.not_null, default: dflt });
  }

  // NOT NULL constraints (contype 'n', PostgreSQL 18) are covered by the columns' nullability.
  const constraints = await client.query<{
    table: string;
    name: string;
    type: "p" | "f" | "c" | "x";
    columns: string[];
    ref_schema: string | null;
    ref_table: string | null;
    ref_columns: string[] | null;
    on_delete: string;
    on_update: string;
    match: string;
    deferrable: boolean;
    deferred: boolean;
    validated: boolean;
    definition: string;
  }>(
    `SELECT c.relname AS table, con.conname AS name, con.contype AS type,
            ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS columns,
            rn.nspname AS ref_schema, rc.relname AS ref_table,
            ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS ref_columns,
            con.confdeltype AS on_delete, con.confupdtype AS on_update, con.confmatchtype AS match,
            con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
            pg_get_constraintdef(con.oid) AS definition
     FROM pg_constraint con
     JOIN pg_class c ON c.oid = con.conrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_class rc ON rc.oid = con.confrelid
     LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
     WHERE ${tableFilter} AND con.contype IN ('p', 'f', 'c', 'x')`,
    [IGNORED_TABLES],
  );
  for (const row of constraints.rows) {
    const table = shape.tables.get(row.table)!;
    if (row.type === "p") table.primaryKey = { name: row.name, columns: row.columns };
    else if (row.type === "f") {
      const extra = [
        row.match === "f" ? "MATCH FULL" : "",
        row.deferrable ? (row.deferred ? "DEFERRABLE INITIALLY DEFERRED" : "DEFERRABLE") : "",
        row.validated ? "" : "NOT VALID",
      ];
      table.foreignKeys.set(row.name, {
        columns: row.columns,
        refTable: row.ref_schema === "public" ? row.ref_table! : `${row.ref_schema}.${row.ref_table}`,
        refColumns: row.ref_columns ?? [],
        onDelete: ACTION_CODES[row.on_delete] ?? row.on_delete,
        onUpdate: ACTION_CODES[row.on_update] ?? row.on_update,
        extra: extra.filter(Boolean).join(" "),
      });
    } else table.otherConstraints.set(row.name, row.definition);
  }

  // Indexes, except those behind a primary key or an EXCLUDE constraint (compared as constraints).
  // A UNIQUE constraint and a unique index are the same thing to Prisma: both are compared here.
  const indexes = await client.query<{
    table: string;
    name: string;
    unique: boolean;
    method: string;
    keys: string[];
    options: number[];
    opclasses: string[];
    opclass_defaults: boolean[];
    included: string[];
    predicate: string | null;
    nulls_not_distinct: boolean;
  }>(
    `SELECT c.relname AS table, ic.relname AS name, ix.indisunique AS unique, am.amname AS method,
            ARRAY(SELECT CASE WHEN k.num = 0 THEN '(' || pg_get_indexdef(ix.indexrelid, k.ord::int, true) || ')'
                              ELSE a.attname::text END
                  FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(num, ord)
                  LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.num
                  WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord)::text[] AS keys,
            ix.indoption::int2[] AS options,
            ARRAY(SELECT o.opcname FROM unnest(ix.indclass::oid[]) WITH ORDINALITY k(oid, ord)
                  JOIN pg_opclass o ON o.oid = k.oid ORDER BY k.ord)::text[] AS opclasses,
            ARRAY(SELECT o.opcdefault FROM unnest(ix.indclass::oid[]) WITH ORDINALITY k(oid, ord)
                  JOIN pg_opclass o ON o.oid = k.oid ORDER BY k.ord) AS opclass_defaults,
            ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k.ord::int, true)
                  FROM generate_series(ix.indnkeyatts + 1, ix.indnatts) AS k(ord) ORDER BY k.ord)::text[] AS included,
            pg_get_expr(ix.indpred, ix.indrelid, true) AS predicate,
            ix.indnullsnotdistinct AS nulls_not_distinct
     FROM pg_index ix
     JOIN pg_class ic ON ic.oid = ix.indexrelid
     JOIN pg_class c ON c.oid = ix.indrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_am am ON am.oid = ic.relam
     WHERE ${tableFilter}
       AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'x'))`,
    [IGNORED_TABLES],
  );
  for (const row of indexes.rows) {
    const extra = [
      row.included.length ? `INCLUDE (${row.included.join(", ")})` : "",
      row.nulls_not_distinct ? "NULLS NOT DISTINCT" : "",
      row.predicate ? `WHERE ${row.predicate}` : "",
    ];
    shape.tables.get(row.table)!.indexes.set(row.name, {
      unique: row.unique,
      method: row.method,
      columns: row.keys.map((name, i) => {
        const desc = (row.options[i] & 1) !== 0; // INDOPTION_DESC
        const nullsFirst = (row.options[i] & 2) !== 0; // INDOPTION_NULLS_FIRST; the default is "nulls first iff DESC"
        const isDefault = row.opclass_defaults[i];
        return {
          name,
          desc,
          nulls: nullsFirst === desc ? null : nullsFirst ? "NULLS FIRST" : "NULLS LAST",
          opclass: isDefault ? null : row.opclasses[i],
          ...(isDefault ? { defaultOpclass: row.opclasses[i] } : {}),
        };
      }),
      extra: extra.filter(Boolean).join(" "),
    });
  }
  return shape;
}

// ───────────────────────────── 4. Same spelling, then compare ─────────────────────────────

/** Runs `run` inside a savepoint; on error, rolls back to it and returns undefined. */
async function attempt<T>(client: ClientBase, run: () => Promise<T>): Promise<T | undefined> {
  await client.query("SAVEPOINT drift_attempt");
  try {
    const result = await run();
    await client.query("RELEASE SAVEPOINT drift_attempt");
    return result;
  } catch {
    await client.query("ROLLBACK TO SAVEPOINT drift_attempt");
    await client.query("RELEASE SAVEPOINT drift_attempt");
    return undefined;
  }
}

const isSqlDefault = (value: string | null): value is string => value !== null && value !== AUTOINCREMENT && value !== ANY_DEFAULT;

/**
 * Rewrites the expected types and defaults into PostgreSQL's own spelling by declaring each one on
 * a throwaway temp table (`VARCHAR(20)` → `character varying(20)`, `'fa'` → `'fa'::"Locale"`,
 * `dbgenerated("…")` as deparsed). Where an expected default is still spelled differently from the
 * database's, both are evaluated: equal values (`'{}'::text[]` vs `ARRAY[]::text[]`, `now()` vs
 * CURRENT_TIMESTAMP) are the same default. Everything happens in a rolled-back transaction.
 */
export async function canonicalize(client: ClientBase, expected: DbShape, actual: DbShape): Promise<DbShape> {
  type Spelling = { type: string; default: string | null };
  /** Declares the columns on a temp table and reads back how PostgreSQL spells them. */
  const spell = async (columns: Array<[string, ColumnShape]>, withDefaults: boolean) => {
    const definitions = columns.map(([name, column]) => {
      const dflt = withDefaults && isSqlDefault(column.default) ? ` DEFAULT ${column.default}` : "";
      return `${quoteIdent(name)} ${column.type}${dflt}`;
    });
    await client.query(`CREATE TEMP TABLE drift_probe (${definitions.join(", ")})`);
    const { rows } = await client.query<Spelling & { name: string }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = 'pg_temp.drift_probe'::regclass AND a.attnum > 0`,
    );
    await client.query("DROP TABLE pg_temp.drift_probe");
    return new Map(rows.map((row) => [row.name, { type: row.type, default: withDefaults ? row.default : null }]));
  };

  const result: DbShape = { enums: expected.enums, tables: new Map() };
  await client.query("BEGIN");
  try {
    for (const [tableName, table] of expected.tables) {
      // One probe per table; only if it fails, one per column, so a bad type or default (say, an enum
      // the migrations forgot) keeps its Prisma spelling just where it fails, and the diff shows it.
      const all = [...table.columns];
      let spellings = await attempt(client, () => spell(all, true));
      if (!spellings) {
        spellings = new Map<string, Spelling>();
        for (const column of all) {
          const one = (await attempt(client, () => spell([column], true))) ?? (await attempt(client, () => spell([column], false)));
          const spelled = one?.get(column[0]);
          if (spelled) spellings.set(column[0], spelled);
        }
      }

      const columns = new Map<string, ColumnShape>();
      for (const [columnName, column] of table.columns) {
        const spelled = spellings.get(columnName);
        const canonical: ColumnShape = {
          ...column,
          type: spelled?.type ?? column.type,
          default: isSqlDefault(column.default) && spelled?.default ? spelled.default : column.default,
        };
        const real = actual.tables.get(tableName)?.columns.get(columnName);
        if (
          real &&
          real.type === canonical.type &&
          isSqlDefault(canonical.default) &&
          isSqlDefault(real.default) &&
          real.default !== canonical.default
        ) {
          const same = await attempt(client, async () => {
            const { rows } = await client.query<{ same: boolean }>(
              `SELECT ((${real.default})::${real.type})::text IS NOT DISTINCT FROM ((${canonical.default})::${real.type})::text AS same`,
            );
            return rows[0].same;
          });
          if (same) canonical.default = real.default;
        }
        columns.set(columnName, canonical);
      }
      result.tables.set(tableName, { ...table, columns });
    }
  } finally {
    await client.query("ROLLBACK");
  }
  return result;
}

const renderIndexColumn = (c: IndexColumn) => [c.name, c.desc ? "DESC" : "", c.nulls ?? "", c.opclass ?? ""].filter(Boolean).join(" ");
const renderIndex = (i: IndexShape) =>
  `${i.unique ? "UNIQUE " : ""}${i.method} (${i.columns.map(renderIndexColumn).join(", ")})${i.extra ? ` ${i.extra}` : ""}`;
const renderForeignKey = (fk: ForeignKeyShape) =>
  `(${fk.columns.join(", ")}) REFERENCES ${fk.refTable}(${fk.refColumns.join(", ")}) ` +
  `ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}${fk.extra ? ` ${fk.extra}` : ""}`;
const renderPrimaryKey = (pk: TableShape["primaryKey"]) => (pk ? `"${pk.name}" (${pk.columns.join(", ")})` : "(none)");
const renderNullable = (nullable: boolean | null) => (nullable ? "NULL" : "NOT NULL");

function sameIndexColumn(schema: IndexColumn, db: IndexColumn) {
  const sameOpclass = schema.opclass === db.opclass || (db.opclass === null && schema.opclass === db.defaultOpclass);
  return schema.name === db.name && schema.desc === db.desc && schema.nulls === db.nulls && sameOpclass;
}

/** Compares two named sets: `missing`/`extra` for names on one side only, `compare` for names on both. */
function diffNamed<T>(
  out: string[],
  label: (name: string) => string,
  schema: Map<string, T>,
  db: Map<string, T>,
  render: (value: T) => string,
  compare: (name: string, schema: T, db: T) => void,
) {
  for (const [name, value] of schema) {
    const other = db.get(name);
    if (other === undefined) out.push(`${label(name)}: missing in database (schema: ${render(value)})`);
    else compare(name, value, other);
  }
  for (const [name, value] of db) {
    if (!schema.has(name)) out.push(`${label(name)}: in database, not in Prisma schema (${render(value)})`);
  }
}

/** Every difference between what the schema describes and what the database has, one readable line each. */
export function diffShapes(schema: DbShape, db: DbShape): string[] {
  const out: string[] = [];
  diffNamed(
    out,
    (name) => `enum "${name}"`,
    schema.enums,
    db.enums,
    (values) => values.join(", "),
    (name, s, d) => {
      if (s.join("\u0000") !== d.join("\u0000")) out.push(`enum "${name}": values: schema [${s.join(", ")}], database [${d.join(", ")}]`);
    },
  );
  const renderTable = (t: TableShape) => `columns ${[...t.columns.keys()].join(", ")}`;
  diffNamed(
    out,
    (name) => `table "${name}"`,
    schema.tables,
    db.tables,
    renderTable,
    (tableName, s, d) => {
      const column = (name: string) => `column "${tableName}"."${name}"`;
      const renderColumn = (c: ColumnShape) => `${c.type} ${renderNullable(c.nullable)}${c.default ? ` DEFAULT ${c.default}` : ""}`;
      diffNamed(out, column, s.columns, d.columns, renderColumn, (name, sc, dc) => {
        if (sc.type !== dc.type) out.push(`${column(name)}: type: schema ${sc.type}, database ${dc.type}`);
        if (sc.nullable !== null && sc.nullable !== dc.nullable) {
          out.push(`${column(name)}: schema ${renderNullable(sc.nullable)}, database ${renderNullable(dc.nullable)}`);
        }
        const sameDefault = sc.default === ANY_DEFAULT ? dc.default !== null : sc.default === dc.default;
        if (!sameDefault) out.push(`${column(name)}: default: schema ${sc.default ?? "(none)"}, database ${dc.default ?? "(none)"}`);
      });

      const spk = renderPrimaryKey(s.primaryKey);
      const dpk = renderPrimaryKey(d.primaryKey);
      if (spk !== dpk) out.push(`primary key of "${tableName}": schema ${spk}, database ${dpk}`);

      diffNamed(
        out,
        (name) => `index "${name}" on "${tableName}"`,
        s.indexes,
        d.indexes,
        renderIndex,
        (name, si, di) => {
          const same =
            si.unique === di.unique &&
            si.method === di.method &&
            si.extra === di.extra &&
            si.columns.length === di.columns.length &&
            si.columns.every((c, i) => sameIndexColumn(c, di.columns[i]));
          if (!same) out.push(`index "${name}" on "${tableName}": schema ${renderIndex(si)}, database ${renderIndex(di)}`);
        },
      );

      diffNamed(
        out,
        (name) => `foreign key "${name}" on "${tableName}"`,
        s.foreignKeys,
        d.foreignKeys,
        renderForeignKey,
        (name, sf, df) => {
          if (renderForeignKey(sf) !== renderForeignKey(df)) {
            out.push(`foreign key "${name}" on "${tableName}": schema ${renderForeignKey(sf)}, database ${renderForeignKey(df)}`);
          }
        },
      );

      diffNamed(
        out,
        (name) => `constraint "${name}" on "${tableName}"`,
        s.otherConstraints,
        d.otherConstraints,
        (def) => def,
        (name, sc, dc) => {
          if (sc !== dc) out.push(`constraint "${name}" on "${tableName}": schema ${sc}, database ${dc}`);
        },
      );
    },
  );
  return out.sort();
}

/** Everything at once: the differences between the Prisma schema files and the database behind `client`. */
export async function schemaDrift(client: ClientBase, files: SchemaFiles = readSchemaFiles()): Promise<string[]> {
  const actual = await introspect(client);
  const expected = await canonicalize(client, expectedShape(files), actual);
  return diffShapes(expected, actual);
}
