// The public view of a case: what the public map, its list, the card page, the tiles and the API may
// show of a case — and nothing else. One place decides it, so every public output agrees:
//
//   reference, category (id, names), status bucket (open / answered / closed_fixed /
//   closed_not_fixed) with the dates of its history (registered, referred, answered, closed), region,
//   the point (snapped to a 250 m grid for sensitive categories), the city's answer when its answer
//   step is public, and the follower count.
//
// Never: the description, the address, the contact, the tracking code, photos, the rating or its
// comment, staff names, internal notes. Duplicates never appear (merged into the original); cases
// without a point are not on the map and so not in its list either. Corruption reports are another
// module (integrity) and never reach this.
import { pool } from "~/platform/db/client.server";
import { encodeMessage } from "~/platform/i18n";
import { parseInput, ValidationError } from "~/platform/errors";
import { regionsById } from "~/modules/city";
import {
  CASE_STATUSES,
  OPEN_STATUSES,
  PUBLIC_DEFAULT_MONTHS,
  PublicCaseFilter,
  PublicPageInput,
  publicReference,
  type PublicStatusBucket,
} from "./schemas";

/** Sensitive categories' points are shown on a grid of this many metres. */
export const SENSITIVE_GRID_METRES = 250;
const METRES_PER_DEGREE = 111_320;
/** The grid's longitude step is fixed at Tehran's latitude, so every process draws the same grid. */
const GRID_LATITUDE = 35.7;
const LAT_STEP = SENSITIVE_GRID_METRES / METRES_PER_DEGREE;
const LNG_STEP = SENSITIVE_GRID_METRES / (METRES_PER_DEGREE * Math.cos((GRID_LATITUDE * Math.PI) / 180));

/** The centre of the 250 m grid cell holding the point. */
export function snapToGrid(lat: number, lng: number) {
  return { lat: (Math.floor(lat / LAT_STEP) + 0.5) * LAT_STEP, lng: (Math.floor(lng / LNG_STEP) + 0.5) * LNG_STEP };
}
export const SENSITIVE_GRID = { latStep: LAT_STEP, lngStep: LNG_STEP };

/** A filter with its defaults applied: what the SQL and the tiles' cache key are built from. */
export type PublicFilter = {
  categoryIds: number[] | null;
  status: PublicStatusBucket | "all";
  regionId: number | null;
  /** Inclusive start, exclusive end (UTC). */
  from: Date;
  to: Date | null;
};

const DAY_MS = 86_400_000;

// Every filter with a category needs its subtree (each tile request parses the filter): the tree
// (id → parent) is cached per process for a short while, like the module's category cache.
const TREE_TTL_MS = 30_000;
let treeCache: { at: number; tree: Promise<Map<number, number | null>> } | undefined;
function categoryParents() {
  if (!treeCache || Date.now() - treeCache.at > TREE_TTL_MS) {
    const tree = pool()
      .query<{ id: number; parent_id: number | null }>({
        name: "cases.public.categoryTree2",
        text: "SELECT id, parent_id FROM case_categories",
      })
      .then(({ rows }) => new Map(rows.map((r) => [r.id, r.parent_id])));
    treeCache = { at: Date.now(), tree };
    tree.catch(() => (treeCache = undefined));
  }
  return treeCache.tree;
}

/** Parses and normalises a public filter (defaults: open, the last six months, to the day). */
export async function publicFilter(raw: unknown): Promise<PublicFilter> {
  const input = parseInput(PublicCaseFilter, raw ?? {});
  let from: Date;
  if (input.from) from = new Date(`${input.from}T00:00:00Z`);
  else {
    const today = new Date();
    from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - PUBLIC_DEFAULT_MONTHS, today.getUTCDate()));
  }
  const to = input.to ? new Date(new Date(`${input.to}T00:00:00Z`).getTime() + DAY_MS) : null;
  let categoryIds: number[] | null = null;
  if (input.categoryId) {
    const tree = await categoryParents();
    if (!tree.has(input.categoryId)) throw new ValidationError({ categoryId: [encodeMessage("validation.invalid")] });
    // The category and every descendant (a parent includes its children).
    categoryIds = [...tree.keys()]
      .filter((id) => {
        for (let at: number | null | undefined = id; at != null; at = tree.get(at)) if (at === input.categoryId) return true;
        return false;
      })
      .sort((a, b) => a - b);
  }
  return { categoryIds, status: input.status, regionId: input.regionId ?? null, from, to };
}

/** The filter as a stable string (the tiles' cache key). */
export const filterKey = (f: PublicFilter) =>
  JSON.stringify([f.categoryIds, f.status, f.regionId, f.from.toISOString(), f.to?.toISOString() ?? null]);

const OPEN = `{${OPEN_STATUSES.join(",")}}`;
const BUCKET_SQL = `CASE WHEN c.status = ANY('${OPEN}'::"CaseStatus"[]) THEN 'open'
                         WHEN c.status = 'answered' THEN 'answered'
                         WHEN c.status = 'closed' AND c.resolution = 'fixed' THEN 'closed_fixed'
                         ELSE 'closed_not_fixed' END`;
// Each bucket as a list of statuses first (so the (status, created_at) index serves every bucket).
const BUCKET_WHERE: Record<PublicFilter["status"], string> = {
  open: `c.status = ANY('${OPEN}'::"CaseStatus"[])`,
  answered: `c.status = 'answered'`,
  closed_fixed: `c.status = 'closed' AND c.resolution = 'fixed'`,
  closed_not_fixed: `c.status IN ('closed', 'rejected', 'not_responsible') AND (c.status <> 'closed' OR c.resolution IS DISTINCT FROM 'fixed')`,
  all: `c.status = ANY('{${CASE_STATUSES.filter((st) => st !== "duplicate").join(",")}}'::"CaseStatus"[])`,
};

/** WHERE clause and values for a filter; `$n` numbering continues from `values`. */
function where(f: PublicFilter, values: unknown[]) {
  const parts = [BUCKET_WHERE[f.status], `c.lat IS NOT NULL`, `c.lng IS NOT NULL`];
  values.push(f.from);
  parts.push(`c.created_at >= $${values.length}`);
  if (f.to) {
    values.push(f.to);
    parts.push(`c.created_at < $${values.length}`);
  }
  if (f.categoryIds) {
    values.push(f.categoryIds);
    parts.push(`c.category_id = ANY($${values.length}::int[])`);
  }
  if (f.regionId) {
    values.push(f.regionId);
    parts.push(`c.region_id = $${values.length}`);
  }
  return parts.join(" AND ");
}

export type PublicCase = {
  reference: string;
  category: { id: number; nameFa: string; nameEn: string };
  status: PublicStatusBucket;
  registeredAt: Date;
  referredAt: Date | null;
  answeredAt: Date | null;
  closedAt: Date | null;
  region: { id: number; nameFa: string; nameEn: string } | null;
  /** The city's answer, when its answer step is public. */
  answer: string | null;
  followers: number;
  /** Snapped to the 250 m grid for sensitive categories. */
  lat: number;
  lng: number;
  /** The point was moved to the grid (a sensitive category). */
  approximate: boolean;
  /** Photos staff approved for public view (publicCase only; lists leave them out). */
  photos?: string[];
};

type Row = {
  reference: string;
  category_id: number;
  name_fa: string;
  name_en: string;
  bucket: PublicStatusBucket;
  created_at: Date;
  referred_at: Date | null;
  answered_at: Date | null;
  closed_at: Date | null;
  region_id: number | null;
  answer: string | null;
  answer_public: boolean | null;
  followers: number;
  lat: number;
  lng: number;
  sensitive: boolean;
};

// Only public columns leave the database: the description, address, code, contact and rating are
// never selected.
const SELECT = `SELECT c.reference, c.category_id, cc.name_fa, cc.name_en, ${BUCKET_SQL} AS bucket,
                       c.created_at, c.answered_at, c.closed_at, c.region_id, c.lat, c.lng,
                       (cc.sensitive OR coalesce(pc.sensitive, false)) AS sensitive,
                       (SELECT min(e.created_at) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'refer' AND e.public) AS referred_at,
                       (SELECT e.public FROM case_events e WHERE e.case_id = c.id AND e.kind = 'answer' ORDER BY e.id DESC LIMIT 1) AS answer_public,
                       c.answer,
                       (SELECT count(*)::int FROM case_followers f WHERE f.case_id = c.id AND f.confirmed_at IS NOT NULL) AS followers
                  FROM cases c
                  JOIN case_categories cc ON cc.id = c.category_id
                  LEFT JOIN case_categories pc ON pc.id = cc.parent_id`;

async function toPublic(rows: Row[]): Promise<PublicCase[]> {
  const regions = await regionsById();
  return rows.map((r) => {
    const point = r.sensitive ? snapToGrid(r.lat, r.lng) : { lat: r.lat, lng: r.lng };
    return {
      reference: r.reference,
      category: { id: r.category_id, nameFa: r.name_fa, nameEn: r.name_en },
      status: r.bucket,
      registeredAt: r.created_at,
      referredAt: r.referred_at,
      answeredAt: r.answered_at,
      closedAt: r.closed_at,
      region: r.region_id ? (regions.get(r.region_id) ?? null) : null,
      answer: r.answer_public ? r.answer : null,
      followers: r.followers,
      ...point,
      approximate: r.sensitive,
    };
  });
}

export type PublicCasesPage = {
  nodes: PublicCase[];
  /** The same nodes with their cursors (Relay edges). */
  edges: { cursor: string; node: PublicCase }[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
};

// The cursor names the last row by its date and public reference (unique): no internal id leaves.
const cursorOf = (createdAt: Date, reference: string) => Buffer.from(`${createdAt.toISOString()}_${reference}`).toString("base64url");
function parseCursor(cursor: string) {
  const [at, reference] = Buffer.from(cursor, "base64url").toString().split("_");
  const date = new Date(at ?? "");
  if (Number.isNaN(date.getTime()) || !/^C-[2-9A-Z]{6}$/.test(reference ?? ""))
    throw new ValidationError({ after: [encodeMessage("validation.invalid")] });
  return { date, reference };
}

/** The public list: cases matching the filter, newest first, by keyset pages (created_at, reference). */
export async function publicCases(rawFilter: unknown, rawPage: unknown = {}): Promise<PublicCasesPage> {
  const filter = await publicFilter(rawFilter);
  const { first, after } = parseInput(PublicPageInput, rawPage ?? {});
  const values: unknown[] = [];
  const w = where(filter, values);
  const countValues = [...values];
  let keyset = "";
  if (after) {
    const { date, reference } = parseCursor(after);
    values.push(date, reference);
    keyset = ` AND (c.created_at, c.reference) < ($${values.length - 1}, $${values.length})`;
  }
  values.push(first + 1);
  const [page, total] = await Promise.all([
    pool().query<Row>({
      text: `${SELECT} WHERE ${w}${keyset} ORDER BY c.created_at DESC, c.reference DESC LIMIT $${values.length}`,
      values,
    }),
    pool().query<{ n: number }>({ text: `SELECT count(*)::int AS n FROM cases c WHERE ${w}`, values: countValues }),
  ]);
  const rows = page.rows.slice(0, first);
  const nodes = await toPublic(rows);
  const firstRow = rows[0];
  const lastRow = rows.at(-1);
  return {
    nodes,
    edges: nodes.map((node, i) => ({ cursor: cursorOf(rows[i].created_at, rows[i].reference), node })),
    totalCount: total.rows[0].n,
    pageInfo: {
      hasNextPage: page.rows.length > first,
      hasPreviousPage: !!after,
      startCursor: firstRow ? cursorOf(firstRow.created_at, firstRow.reference) : null,
      endCursor: lastRow ? cursorOf(lastRow.created_at, lastRow.reference) : null,
    },
  };
}

/** One case's public card, by its public reference; null when there is none (or it is a duplicate, or has no point). */
export async function publicCase(reference: string): Promise<PublicCase | null> {
  const parsed = publicReference.safeParse(reference);
  if (!parsed.success) return null;
  const { rows } = await pool().query<Row>({
    text: `${SELECT} WHERE c.reference = $1 AND c.status <> 'duplicate' AND c.lat IS NOT NULL AND c.lng IS NOT NULL`,
    values: [parsed.data],
  });
  const [card] = await toPublic(rows);
  if (!card) return null;
  // Only the photos staff approved for public view (setCasePhotoPublic); never in a sensitive category.
  const photos = card.approximate
    ? []
    : (
        await pool().query<{ id: string }>({
          text: `SELECT m.id FROM media_files m JOIN cases c ON m.subject_id = c.id::text
                  WHERE m.subject_type = 'case' AND m.public AND c.reference = $1 ORDER BY m.position`,
          values: [parsed.data],
        })
      ).rows.map((r) => r.id);
  return { ...card, photos };
}

export type PublicCasePoint = { reference: string; lat: number; lng: number; status: PublicStatusBucket; categoryId: number };

/** Every matching case as a point, for the tiles (sensitive categories on the grid). */
export async function publicCasePoints(rawFilter: unknown): Promise<PublicCasePoint[]> {
  const filter = await publicFilter(rawFilter);
  const values: unknown[] = [];
  const { rows } = await pool().query<{
    reference: string;
    lat: number;
    lng: number;
    bucket: PublicStatusBucket;
    category_id: number;
    sensitive: boolean;
  }>({
    text: `SELECT c.reference, c.lat, c.lng, ${BUCKET_SQL} AS bucket, c.category_id, (cc.sensitive OR coalesce(pc.sensitive, false)) AS sensitive
             FROM cases c
             JOIN case_categories cc ON cc.id = c.category_id
             LEFT JOIN case_categories pc ON pc.id = cc.parent_id
            WHERE ${where(filter, values)}`,
    values,
  });
  return rows.map((r) => ({
    reference: r.reference,
    ...(r.sensitive ? snapToGrid(r.lat, r.lng) : { lat: r.lat, lng: r.lng }),
    status: r.bucket,
    categoryId: r.category_id,
  }));
}

/**
 * Changes whenever anything a public output shows may have changed: any case written (updated_at
 * is set on every write, new cases too) or a category's sensitivity. The latest updated_at alone
 * could miss a transaction that commits after a later one (its timestamp is older than the maximum
 * already seen), so the number of rows written in the last two minutes is part of it too. Cheap (an
 * index's last entry and a short range of it) and the same in every process, so caches in separate
 * processes agree without shared memory.
 */
export async function publicMapVersion(): Promise<string> {
  const { rows } = await pool().query<{ v: string }>({
    name: "cases.public.version2",
    text: `SELECT coalesce((SELECT max(updated_at) FROM cases)::text, '-') || '|' ||
                  (SELECT count(*) FROM cases WHERE updated_at > now() - interval '2 minutes') || '|' ||
                  coalesce((SELECT string_agg(id::text, ',' ORDER BY id) FROM case_categories WHERE sensitive), '') AS v`,
  });
  return rows[0].v;
}
