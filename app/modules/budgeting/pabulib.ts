// Pabulib (.pb) interchange: https://pabulib.org/format
// Three sections (META, PROJECTS, VOTES), each a title line, a header line and rows;
// fields separated by `;`, CSV quoting with `"` ("" escapes a quote), CRLF or LF line ends.

export type PabulibErrorKey =
  | "pabulib.unterminatedQuote"
  | "pabulib.unexpectedContent"
  | "pabulib.duplicateSection"
  | "pabulib.missingSection"
  | "pabulib.missingHeader"
  | "pabulib.missingColumn"
  | "pabulib.duplicateColumn"
  | "pabulib.fieldCount"
  | "pabulib.badNumber"
  | "pabulib.missingMeta"
  | "pabulib.duplicateMeta"
  | "pabulib.duplicateProject"
  | "pabulib.duplicateVoter"
  | "pabulib.unknownProject"
  | "pabulib.duplicateVoteEntry"
  | "pabulib.pointsMismatch"
  | "pabulib.invalidValue";

/** A .pb text that cannot be read (or an instance that cannot be written). `key` is a stable
 * message key for translation; `line` is 1-based (0 when not tied to a line, e.g. in writePb). */
export class PabulibFormatError extends Error {
  readonly key: PabulibErrorKey;
  readonly line: number;
  readonly detail: string;

  constructor(key: PabulibErrorKey, line: number, detail = "") {
    super(`${key}${line > 0 ? ` at line ${line}` : ""}${detail ? `: ${detail}` : ""}`);
    this.name = "PabulibFormatError";
    this.key = key;
    this.line = line;
    this.detail = detail;
  }
}

// Typed columns keep their Pabulib names, so code and files read alike.
export interface PbProject {
  project_id: string;
  cost: number;
  /** Number of voters supporting the project, as stated in the file. */
  votes?: number;
  /** Sum of points (cumulative / ordinal), as stated in the file. */
  score?: number;
  /** Official outcome: 1 selected, 0 not (2, 3 for special cases). */
  selected?: number;
  name?: string;
  category?: string[];
  target?: string[];
  /** Every other column, verbatim, keyed by header name. */
  extra: Record<string, string>;
}

export interface PbVote {
  voter_id: string;
  /** Project ids: a set (approval) or from most to least preferred (ordinal, cumulative). */
  vote: string[];
  /** Parallel to `vote` (cumulative, scoring). */
  points?: number[];
  /** Every other column (age, sex, voting_method, …), verbatim. */
  extra: Record<string, string>;
}

export interface PbInstance {
  /** META key/value pairs in file order (budget, vote_type, rule, …), values verbatim. */
  meta: Record<string, string>;
  projects: PbProject[];
  votes: PbVote[];
}

type Section = "META" | "PROJECTS" | "VOTES";
const SECTIONS: readonly Section[] = ["META", "PROJECTS", "VOTES"];

interface CsvRecord {
  line: number;
  fields: string[];
}

const QUOTE = 34;
const SEMICOLON = 59;
const CR = 13;
const LF = 10;

/** Splits the text into `;`-separated records. Quoted fields may hold `;`, `"` and line breaks.
 * Works on slices rather than characters: a city-wide file has hundreds of thousands of rows. */
function readRecords(text: string): { records: CsvRecord[]; lines: number } {
  const records: CsvRecord[] = [];
  const n = text.length;
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let blank = true;
    for (;;) {
      let value = "";
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted field: runs to the closing quote; "" inside is one quote.
        blank = false;
        const quoteLine = line;
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) throw new PabulibFormatError("pabulib.unterminatedQuote", quoteLine);
          for (let nl = text.indexOf("\n", from); nl >= 0 && nl < close; nl = text.indexOf("\n", nl + 1)) line++;
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
      }
      // The rest of the field up to the next separator (all of it, for an unquoted field).
      const from = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === SEMICOLON || c === CR || c === LF) break;
        i++;
      }
      if (i > from) {
        const rest = text.slice(from, i);
        if (blank && rest.trim() !== "") blank = false;
        value += rest;
      }
      fields.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i++);
      if (c === SEMICOLON) {
        blank = false;
        continue;
      }
      if (c === CR && text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    if (!blank) records.push({ line: start, fields });
  }
  return { records, lines: line };
}

function sectionTitle(record: CsvRecord): Section | undefined {
  if (record.fields.length !== 1) return undefined;
  const title = record.fields[0].trim().toUpperCase();
  return SECTIONS.find((s) => s === title);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(raw: string, line: number, what: string): number {
  const text = raw.trim();
  const value = NUMBER.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw new PabulibFormatError("pabulib.badNumber", line, `${what}: "${raw}"`);
  return value;
}

function parseList(raw: string): string[] {
  const text = raw.trim();
  return text === "" ? [] : text.split(",").map((s) => s.trim());
}

interface Table {
  header: string[];
  rows: CsvRecord[];
  line: number;
}

function columnIndex(table: Table, name: string, required: boolean): number {
  const index = table.header.indexOf(name);
  if (index < 0 && required) throw new PabulibFormatError("pabulib.missingColumn", table.line + 1, name);
  return index;
}

function checkHeader(table: Table): void {
  const seen = new Set<string>();
  for (const name of table.header) {
    if (seen.has(name)) throw new PabulibFormatError("pabulib.duplicateColumn", table.line + 1, name);
    seen.add(name);
  }
}

function checkFieldCount(table: Table, row: CsvRecord): void {
  if (row.fields.length !== table.header.length) {
    throw new PabulibFormatError("pabulib.fieldCount", row.line, `expected ${table.header.length} fields, found ${row.fields.length}`);
  }
}

const PROJECT_COLUMNS = new Set(["project_id", "cost", "votes", "score", "selected", "name", "category", "target"]);
const VOTE_COLUMNS = new Set(["voter_id", "vote", "points"]);

function parseMeta(table: Table): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const row of table.rows) {
    const key = row.fields[0].trim();
    // A stray unquoted `;` in a value (seen in hand-edited files) is kept as part of the value.
    const value = row.fields.slice(1).join(";");
    if (row.fields.length < 2 || key === "") throw new PabulibFormatError("pabulib.fieldCount", row.line, "expected key;value");
    if (Object.hasOwn(meta, key)) throw new PabulibFormatError("pabulib.duplicateMeta", row.line, key);
    meta[key] = value;
  }
  for (const key of ["budget", "vote_type"]) {
    if (!Object.hasOwn(meta, key)) throw new PabulibFormatError("pabulib.missingMeta", table.line, key);
  }
  const budgetRow = table.rows.find((r) => r.fields[0].trim() === "budget");
  const budget = parseNumber(meta.budget, budgetRow?.line ?? table.line, "budget");
  if (budget < 0) throw new PabulibFormatError("pabulib.invalidValue", budgetRow?.line ?? table.line, "budget < 0");
  return meta;
}

function parseProjects(table: Table): PbProject[] {
  checkHeader(table);
  const col = (name: string) => columnIndex(table, name, false);
  const idCol = columnIndex(table, "project_id", true);
  const costCol = columnIndex(table, "cost", true);
  const [votesCol, scoreCol, selectedCol, nameCol, categoryCol, targetCol] = [
    col("votes"),
    col("score"),
    col("selected"),
    col("name"),
    col("category"),
    col("target"),
  ];
  const optionalNumber = (row: CsvRecord, index: number, what: string): number | undefined =>
    index < 0 || row.fields[index].trim() === "" ? undefined : parseNumber(row.fields[index], row.line, what);

  const ids = new Set<string>();
  return table.rows.map((row) => {
    checkFieldCount(table, row);
    const id = row.fields[idCol].trim();
    if (id === "" || id.includes(",")) throw new PabulibFormatError("pabulib.invalidValue", row.line, `project_id "${id}"`);
    if (ids.has(id)) throw new PabulibFormatError("pabulib.duplicateProject", row.line, id);
    ids.add(id);
    const cost = parseNumber(row.fields[costCol], row.line, "cost");
    if (cost < 0) throw new PabulibFormatError("pabulib.invalidValue", row.line, "cost < 0");
    const project: PbProject = { project_id: id, cost, extra: {} };
    const votes = optionalNumber(row, votesCol, "votes");
    const score = optionalNumber(row, scoreCol, "score");
    const selected = optionalNumber(row, selectedCol, "selected");
    if (votes !== undefined) project.votes = votes;
    if (score !== undefined) project.score = score;
    if (selected !== undefined) project.selected = selected;
    if (nameCol >= 0) project.name = row.fields[nameCol];
    if (categoryCol >= 0) project.category = parseList(row.fields[categoryCol]);
    if (targetCol >= 0) project.target = parseList(row.fields[targetCol]);
    table.header.forEach((name, index) => {
      if (!PROJECT_COLUMNS.has(name)) project.extra[name] = row.fields[index];
    });
    return project;
  });
}

function parseVotes(table: Table, projectIds: ReadonlySet<string>): PbVote[] {
  checkHeader(table);
  const voterCol = columnIndex(table, "voter_id", true);
  const voteCol = columnIndex(table, "vote", true);
  const pointsCol = columnIndex(table, "points", false);
  const voters = new Set<string>();
  return table.rows.map((row) => {
    checkFieldCount(table, row);
    const voterId = row.fields[voterCol].trim();
    if (voterId === "") throw new PabulibFormatError("pabulib.invalidValue", row.line, "empty voter_id");
    if (voters.has(voterId)) throw new PabulibFormatError("pabulib.duplicateVoter", row.line, voterId);
    voters.add(voterId);
    const vote = parseList(row.fields[voteCol]);
    const seen = new Set<string>();
    for (const id of vote) {
      if (!projectIds.has(id)) throw new PabulibFormatError("pabulib.unknownProject", row.line, id);
      if (seen.has(id)) throw new PabulibFormatError("pabulib.duplicateVoteEntry", row.line, id);
      seen.add(id);
    }
    const ballot: PbVote = { voter_id: voterId, vote, extra: {} };
    if (pointsCol >= 0) {
      const points = parseList(row.fields[pointsCol]).map((p) => parseNumber(p, row.line, "points"));
      if (points.length !== vote.length) throw new PabulibFormatError("pabulib.pointsMismatch", row.line);
      ballot.points = points;
    }
    table.header.forEach((name, index) => {
      if (!VOTE_COLUMNS.has(name)) ballot.extra[name] = row.fields[index];
    });
    return ballot;
  });
}

/** Parses a .pb text. Throws PabulibFormatError on malformed input. */
export function parsePb(text: string): PbInstance {
  const tables = new Map<Section, Table>();
  let current: Table | undefined;
  const { records, lines } = readRecords(text);
  for (const record of records) {
    const title = sectionTitle(record);
    if (title) {
      if (tables.has(title)) throw new PabulibFormatError("pabulib.duplicateSection", record.line, title);
      current = { header: [], rows: [], line: record.line };
      tables.set(title, current);
      continue;
    }
    if (!current) throw new PabulibFormatError("pabulib.unexpectedContent", record.line, "text before META");
    if (current.header.length === 0) current.header = record.fields.map((f) => f.trim());
    else current.rows.push(record);
  }
  for (const section of SECTIONS) {
    const table = tables.get(section);
    if (!table) throw new PabulibFormatError("pabulib.missingSection", lines, section);
    if (table.header.length === 0) throw new PabulibFormatError("pabulib.missingHeader", table.line, section);
  }
  const meta = parseMeta(tables.get("META") as Table);
  const projects = parseProjects(tables.get("PROJECTS") as Table);
  const votes = parseVotes(tables.get("VOTES") as Table, new Set(projects.map((p) => p.project_id)));
  return { meta, projects, votes };
}

// ---------------------------------------------------------------------------------------------
// Writing

function quote(value: string): string {
  return /[;"\r\n]/.test(value) || value.trim() === "META" || value.trim() === "VOTES" || value.trim() === "PROJECTS"
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

function joinList(items: readonly string[], what: string): string {
  for (const item of items) {
    // A list item cannot carry a comma, nor surrounding blanks (parse trims them).
    if (item.includes(",") || item !== item.trim() || item === "") {
      throw new PabulibFormatError("pabulib.invalidValue", 0, `${what} item "${item}"`);
    }
  }
  return items.join(",");
}

function formatNumber(value: number, what: string): string {
  if (!Number.isFinite(value)) throw new PabulibFormatError("pabulib.badNumber", 0, `${what}: ${value}`);
  return String(value);
}

/** Extra column names in first-seen order, skipping the typed ones. */
function extraColumns(rows: readonly { extra: Record<string, string> }[], typed: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row.extra)) if (!typed.has(name)) names.add(name);
  return [...names];
}

/** Serialises an instance as .pb text (LF line ends, UTF-8 without BOM). */
export function writePb(instance: PbInstance): string {
  const lines: string[] = ["META", "key;value"];
  for (const [key, value] of Object.entries(instance.meta)) {
    if (key.trim() !== key || key === "") throw new PabulibFormatError("pabulib.invalidValue", 0, `meta key "${key}"`);
    lines.push(`${quote(key)};${quote(value)}`);
  }

  const { projects, votes } = instance;
  const has = (pick: (p: PbProject) => unknown) => projects.some((p) => pick(p) !== undefined);
  const projectColumns: [string, (p: PbProject) => string][] = [
    ["project_id", (p) => p.project_id],
    ["cost", (p) => formatNumber(p.cost, "cost")],
  ];
  if (has((p) => p.votes)) projectColumns.push(["votes", (p) => (p.votes === undefined ? "" : formatNumber(p.votes, "votes"))]);
  if (has((p) => p.score)) projectColumns.push(["score", (p) => (p.score === undefined ? "" : formatNumber(p.score, "score"))]);
  if (has((p) => p.name)) projectColumns.push(["name", (p) => p.name ?? ""]);
  if (has((p) => p.category)) projectColumns.push(["category", (p) => joinList(p.category ?? [], "category")]);
  if (has((p) => p.target)) projectColumns.push(["target", (p) => joinList(p.target ?? [], "target")]);
  if (has((p) => p.selected))
    projectColumns.push(["selected", (p) => (p.selected === undefined ? "" : formatNumber(p.selected, "selected"))]);
  for (const name of extraColumns(projects, PROJECT_COLUMNS)) projectColumns.push([name, (p) => p.extra[name] ?? ""]);

  lines.push("PROJECTS", projectColumns.map(([name]) => quote(name)).join(";"));
  for (const project of projects) {
    const id = project.project_id;
    if (typeof id !== "string" || id === "" || id.includes(",") || id !== id.trim()) {
      throw new PabulibFormatError("pabulib.invalidValue", 0, `project_id "${id}"`);
    }
    lines.push(projectColumns.map(([, get]) => quote(get(project))).join(";"));
  }

  const voteColumns: [string, (v: PbVote) => string][] = [
    ["voter_id", (v) => v.voter_id],
    ["vote", (v) => joinList(v.vote, "vote")],
  ];
  if (votes.some((v) => v.points !== undefined)) {
    voteColumns.push(["points", (v) => (v.points ?? []).map((p) => formatNumber(p, "points")).join(",")]);
  }
  for (const name of extraColumns(votes, VOTE_COLUMNS)) voteColumns.push([name, (v) => v.extra[name] ?? ""]);

  lines.push("VOTES", voteColumns.map(([name]) => quote(name)).join(";"));
  for (const vote of votes) {
    const id = vote.voter_id;
    if (typeof id !== "string" || id === "" || id !== id.trim()) {
      throw new PabulibFormatError("pabulib.invalidValue", 0, `voter_id "${id}"`);
    }
    lines.push(voteColumns.map(([, get]) => quote(get(vote))).join(";"));
  }
  return lines.join("\n") + "\n";
}
