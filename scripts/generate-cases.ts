// Realistic demo cases in bulk, generated inside PostgreSQL (INSERT … SELECT over generate_series),
// so that a million cases load in a couple of minutes:
//
//   npm run cases:generate -- --count 100000          # into the dev database (embedded, or DATABASE_URL)
//   npm run cases:generate -- --count 1000000 --days 730 --seed 7
//
// What the data looks like:
// - spread over the last `days` (default 730, so every period has a year-earlier twin), busier on
//   working days (Iran's weekend is Friday, Thursday is half a day), growing ~15 % over the span,
//   with a peak in the weeks before Nowruz (spring cleaning: debris, waste) and a dip during its
//   holidays; mostly during the day, Tehran time;
// - across the 22 regions weighted by (rounded) population, each case at a point inside its
//   region's polygon (per-region pools of random points checked with the app's own
//   point-in-polygon), in the seeded leaf categories with their departments and SLAs;
// - outcomes by age: handling time log-normal around half the SLA (~20 % answered late, 5 % stuck
//   for weeks or months, 1 % never handled: the overdue backlog); old cases mostly answered and closed, ~4 % rejected, ~5 % merged as
//   duplicates of an earlier case at the same spot, ~3 % not the city's business; recent ones
//   open. Late cases carry `overdue_at`, a `case_neglects` row and an "escalated" history entry;
// - closed cases carry the staff's resolution (fixed for most; not fixed after a low rating or ~15 %);
// - answers reach the citizen (feedback_delivered_at) for ~92 %; ~30 % of those rate the answer;
// - contacts shared among cases (≈0.6 per case), one follower row per case (plus the duplicates'
//   followers on the original), history rows: registered, answer, close/reject/…, escalated, rated;
// - tracking codes in the module's alphabet and format (XXXX-XXXX), unique among all cases, and
//   public references (C-XXXXXX) drawn independently of them, unique too.
//
// Appends to what is there (run it twice: twice the cases). Refuses to run with NODE_ENV=production.
import { pathToFileURL } from "node:url";
import type pg from "pg";
import { ALPHABET } from "../app/modules/cases/codes";
import { regionContaining, type RegionShape } from "../app/modules/city/geo";

export type GenerateOptions = { count: number; days?: number; seed?: number; now?: Date; log?: (message: string) => void };

// Rounded populations (2016 census, thousands) of Tehran's regions 1–22: the weight of each region.
const REGION_WEIGHT: Record<number, number> = {
  1: 487,
  2: 700,
  3: 330,
  4: 917,
  5: 856,
  6: 251,
  7: 312,
  8: 425,
  9: 174,
  10: 327,
  11: 309,
  12: 241,
  13: 249,
  14: 491,
  15: 659,
  16: 276,
  17: 265,
  18: 419,
  19: 269,
  20: 367,
  21: 187,
  22: 186,
};

// How often each kind of case comes in, relative to one another (unknown slugs weigh 1).
const CATEGORY_WEIGHT: Record<string, number> = {
  "waste.collection": 9,
  "streets.pothole": 8,
  "lighting.out": 7,
  "traffic.parking": 6,
  "streets.sidewalk": 5,
  "waste.debris": 5,
  "green.trees": 4,
  "waste.bins": 4,
  "social.animals": 3,
  "traffic.signals": 3,
  "building.unpermitted": 3,
  "streets.manhole": 2,
  "streets.flooding": 2,
  "green.parks": 2,
  "lighting.park": 2,
  "traffic.signs": 2,
  "green.cutting": 1.5,
  "building.site-safety": 1.5,
  "social.homeless": 1.5,
};

const DESCRIPTIONS = [
  "چند روز است که مشکل برطرف نشده و برای عابران پیاده و خودروها خطرناک است. لطفاً پیگیری کنید.",
  "از هفته گذشته این وضعیت ادامه دارد و همسایه‌ها هم چند بار تماس گرفته‌اند.",
  "شب‌ها وضعیت بدتر است و سالمندان و کودکان به سختی رد می‌شوند.",
  "The problem has been there for days and nobody has come to fix it. Please send someone.",
  "کنار ایستگاه اتوبوس، روبروی مدرسه. خواهشمندم هرچه زودتر رسیدگی شود.",
  "بعد از بارندگی دیروز وضعیت بدتر شده است.",
  "نزدیک ورودی پارک محله؛ رفت‌وآمد زیاد است و احتمال حادثه وجود دارد.",
  "سر کوچه، جلوی نانوایی. چند بار گزارش داده‌ام ولی هنوز کاری انجام نشده.",
];
const STREETS = [
  "خیابان ولیعصر",
  "خیابان انقلاب",
  "خیابان آزادی",
  "خیابان شریعتی",
  "بزرگراه همت",
  "خیابان پیروزی",
  "خیابان دماوند",
  "خیابان ستارخان",
  "خیابان کارگر",
  "خیابان مطهری",
  "خیابان شهید بهشتی",
  "خیابان جمهوری",
  "خیابان نواب",
  "خیابان پاسداران",
  "خیابان فاطمی",
  "خیابان طالقانی",
  "خیابان هفده شهریور",
  "خیابان پیامبر",
  "خیابان نارمک",
  "خیابان تهرانپارس",
];
const ANSWERS = [
  "گروه اجرایی منطقه اعزام شد و مشکل برطرف گردید. از همراهی شما سپاسگزاریم.",
  "موضوع بررسی و در برنامه کاری این هفته قرار گرفت؛ عملیات اجرایی انجام شد.",
  "با هماهنگی پیمانکار منطقه، اصلاح انجام شد. در صورت تکرار، دوباره اطلاع دهید.",
  "بازدید میدانی انجام شد و اقدام لازم صورت گرفت.",
  "The crew visited the site and fixed the problem. Thank you for reporting it.",
];
const REJECT_REASONS = [
  "اطلاعات ارسالی برای پیگیری کافی نیست و امکان تماس با گزارش‌دهنده فراهم نشد.",
  "در بازدید میدانی موردی مشاهده نشد.",
];
const OUTSIDE_BODIES = [
  "شرکت آب و فاضلاب استان تهران",
  "شرکت توزیع نیروی برق تهران بزرگ",
  "پلیس راهور",
  "شرکت گاز استان تهران",
  "شرکت مخابرات",
];
const FIRST_NAMES = [
  "علی",
  "محمد",
  "زهرا",
  "فاطمه",
  "مریم",
  "حسین",
  "رضا",
  "سارا",
  "نرگس",
  "مهدی",
  "امیر",
  "لیلا",
  "نازنین",
  "حمید",
  "مینا",
  "سعید",
];
const LAST_NAMES = [
  "محمدی",
  "حسینی",
  "احمدی",
  "رضایی",
  "کریمی",
  "موسوی",
  "جعفری",
  "کاظمی",
  "رحیمی",
  "صادقی",
  "نوری",
  "قاسمی",
  "عباسی",
  "هاشمی",
];

/** A small seeded PRNG (mulberry32) for the point pools: the same seed, the same city. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lower bounds of the cumulative weights, for `width_bucket(random(), bounds)` → 1..n. */
function bounds(weights: number[]) {
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  return weights.map((w) => {
    const lower = sum / total;
    sum += w;
    return lower;
  });
}

export const POINTS_PER_REGION = 4000;

/**
 * Appends `count` generated cases (with contacts, followers, history and neglect records) to the
 * database behind `client`, which must be migrated and seeded (regions, categories). Runs in one
 * session (temporary tables) and one transaction.
 */
export async function generateCases(client: pg.ClientBase, opts: GenerateOptions) {
  const log = opts.log ?? (() => undefined);
  const days = opts.days ?? 730;
  const now = opts.now ?? new Date();
  const random = prng(opts.seed ?? 137);
  const count = Math.floor(opts.count);
  if (!(count > 0)) throw new Error("count must be a positive number");
  const started = Date.now();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    const result = await client.query(sql, params);
    log(`${label}: ${result.rowCount ?? 0} rows, ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return result;
  };

  const regions = (
    await client.query<{
      id: number;
      boundary: { coordinates: number[][][] };
      min_lng: number;
      min_lat: number;
      max_lng: number;
      max_lat: number;
    }>(`SELECT id, boundary, min_lng, min_lat, max_lng, max_lat FROM regions ORDER BY id`)
  ).rows;
  const categories = (
    await client.query<{ id: number; slug: string; department_id: number | null; sla_hours: number }>(
      `SELECT c.id, c.slug, c.department_id, c.sla_hours FROM case_categories c
        WHERE c.active AND NOT EXISTS (SELECT 1 FROM case_categories k WHERE k.parent_id = c.id AND k.active) ORDER BY c.id`,
    )
  ).rows;
  if (regions.length === 0 || categories.length === 0)
    throw new Error("no regions or categories: seed the demo city first (npm run db:seed)");

  // Per-region pools of points inside the polygon (the app's own point-in-polygon decides).
  const shapes: RegionShape[] = regions.map((r) => ({
    id: r.id,
    ring: r.boundary.coordinates[0],
    minLng: r.min_lng,
    minLat: r.min_lat,
    maxLng: r.max_lng,
    maxLat: r.max_lat,
  }));
  const pool = { region: [] as number[], k: [] as number[], lat: [] as number[], lng: [] as number[] };
  for (const s of shapes) {
    for (let k = 0, tries = 0; k < POINTS_PER_REGION && tries < POINTS_PER_REGION * 200; tries++) {
      const lng = s.minLng + random() * (s.maxLng - s.minLng);
      const lat = s.minLat + random() * (s.maxLat - s.minLat);
      // Regions share edges: keep the point only if the app would route it to this region.
      if (regionContaining(shapes, lng, lat) !== s.id) continue;
      pool.region.push(s.id);
      pool.k.push(k++);
      pool.lat.push(Math.round(lat * 1e6) / 1e6);
      pool.lng.push(Math.round(lng * 1e6) / 1e6);
    }
  }

  await client.query(`SET temp_buffers = '256MB'`).catch(() => undefined); // only before the session's first temporary table
  await client.query(`SET work_mem = '256MB'`);
  await client.query(`SELECT setseed($1)`, [(((opts.seed ?? 137) % 1000) / 1000) * 2 - 1]);
  await client.query("BEGIN");
  try {
    // The module's alphabet (codes.ts), 8 characters shown XXXX-XXXX; one expression, so PostgreSQL inlines it.
    const char = `substr('${ALPHABET}', 1 + floor(random() * ${ALPHABET.length})::int, 1)`;
    await client.query(
      `CREATE OR REPLACE FUNCTION pg_temp.tracking_code() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT ${[0, 1, 2, 3].map(() => char).join(" || ")} || '-' || ${[0, 1, 2, 3].map(() => char).join(" || ")} $$`,
    );
    // The public reference (codes.ts: "C-" and 6 characters), drawn independently of the code.
    await client.query(
      `CREATE OR REPLACE FUNCTION pg_temp.case_reference() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT 'C-' || ${[0, 1, 2, 3, 4, 5].map(() => char).join(" || ")} $$`,
    );
    await client.query(`DROP TABLE IF EXISTS gen_points, gen_days, gen_cases, gen_contacts`);
    await step(
      "point pools",
      `CREATE TEMP TABLE gen_points ON COMMIT DROP AS SELECT * FROM unnest($1::int[], $2::int[], $3::float8[], $4::float8[]) AS p(region_id, k, lat, lng)`,
      [pool.region, pool.k, pool.lat, pool.lng],
    );
    await client.query(`CREATE INDEX ON gen_points (region_id, k)`);

    // Cases per day (Tehran calendar days): trend × weekday × season; exact total by cumulative rounding.
    await step(
      "days",
      `CREATE TEMP TABLE gen_days ON COMMIT DROP AS
       WITH d AS (
         SELECT day::date AS day, i,
                (1 + 0.15 * i / $2::float8)
                * CASE extract(isodow FROM day) WHEN 5 THEN 0.45 WHEN 4 THEN 0.75 WHEN 6 THEN 1.1 ELSE 1 END
                * (1 + 0.8 * exp(-power(((make_date(extract(year FROM day)::int, 3, 20) - day::date) - 12) / 9.0, 2)))
                * CASE WHEN day::date - make_date(extract(year FROM day)::int, 3, 20) BETWEEN 1 AND 12 THEN 0.55 ELSE 1 END
                -- today: only the part of the day that has passed
                * least(1, extract(epoch FROM ($3::timestamptz AT TIME ZONE 'Asia/Tehran') - day) / 86400) AS w
           FROM generate_series(($3::timestamptz AT TIME ZONE 'Asia/Tehran')::date - ($2::int - 1), ($3::timestamptz AT TIME ZONE 'Asia/Tehran')::date, interval '1 day')
                WITH ORDINALITY AS g(day, i)
       ), c AS (
         SELECT day, w, sum(w) OVER (ORDER BY day) AS cum, sum(w) OVER () AS total FROM d
       )
       SELECT day, (floor($1::bigint * cum / total) - floor($1::bigint * (cum - w) / total))::int AS n FROM c`,
      [count, days, now],
    );

    const regionIds = regions.map((r) => r.id);
    const regionBounds = bounds(regions.map((r) => REGION_WEIGHT[r.id] ?? 300));
    const catBounds = bounds(categories.map((c) => CATEGORY_WEIGHT[c.slug] ?? 1));
    const contacts = Math.max(1, Math.round(count * 0.6));
    // One row per case, every random draw made once (a materialised CTE), then the outcome by age.
    await step(
      "cases (staging)",
      `CREATE TEMP TABLE gen_cases ON COMMIT DROP AS
       WITH base AS MATERIALIZED (
         SELECT gen_random_uuid() AS id, d.day,
                CASE WHEN random() < 0.85 THEN 8 + 14 * (random() + random()) / 2 ELSE 24 * random() END AS hour,
                ($2::int[])[width_bucket(random(), $3::float8[])] AS region_id,
                width_bucket(random(), $4::float8[]) AS cat,
                floor(random() * ${POINTS_PER_REGION})::int AS k,
                1 + floor(random() * $5::int)::int AS contact_idx,
                random() AS u_channel, random() AS u_outcome, random() AS u_open, random() AS u_stuck,
                sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z,
                random() AS u_fb, random() AS u_close, random() AS u_rate, random() AS u_stars, random() AS u_text, random() AS u_misc
           FROM gen_days d, generate_series(1, d.n)
       ), timed AS (
         SELECT b.*, p.lat, p.lng,
                ($6::int[])[b.cat] AS category_id, ($7::int[])[b.cat] AS department_id, ($8::int[])[b.cat] AS sla_hours,
                -- a time later than now today moves to the same time yesterday
                (b.day::timestamp + make_interval(secs => b.hour * 3600)) AT TIME ZONE 'Asia/Tehran'
                  - CASE WHEN (b.day::timestamp + make_interval(secs => b.hour * 3600)) AT TIME ZONE 'Asia/Tehran' > $1 THEN interval '1 day' ELSE interval '0' END AS created_at
           FROM base b JOIN gen_points p ON p.region_id = b.region_id AND p.k = b.k
       ), decided AS (
         SELECT t.*,
                t.created_at + make_interval(hours => t.sla_hours) AS due_at,
                t.created_at + make_interval(secs => 3600 * greatest(0.25, t.sla_hours * exp(-0.6 + 0.7 * t.z) 
                  -- 1 % never handled (the backlog), 5 % stuck for weeks or months
                  * CASE WHEN t.u_stuck < 0.01 THEN 1e6 WHEN t.u_stuck < 0.06 THEN 10 + 50 * t.u_stuck / 0.06 ELSE 1 END)) AS decided_at,
                CASE WHEN t.u_outcome < 0.04 THEN 'rejected' WHEN t.u_outcome < 0.09 THEN 'duplicate' WHEN t.u_outcome < 0.12 THEN 'not_responsible' ELSE 'answered' END AS outcome,
                lag(t.id) OVER (PARTITION BY t.region_id, t.k, t.category_id ORDER BY t.created_at) AS earlier_here,
                lag(t.code_seed) OVER (PARTITION BY t.region_id, t.k, t.category_id ORDER BY t.created_at) AS earlier_code
           FROM (SELECT timed.*, pg_temp.tracking_code() AS code_seed FROM timed) t
       ), fate AS (
         SELECT d.*,
                CASE
                  WHEN d.decided_at > $1 THEN
                    CASE WHEN $1 - d.created_at < interval '1 hour' OR d.u_open < 0.1 THEN 'registered' WHEN d.u_open < 0.6 THEN 'referred' ELSE 'in_progress' END
                  WHEN d.outcome = 'duplicate' AND d.earlier_here IS NULL THEN 'answered'
                  ELSE d.outcome
                END AS fate
           FROM decided d
       ), answered AS (
         SELECT f.*,
                CASE WHEN f.fate = 'answered' AND f.u_fb < 0.92 AND f.decided_at + make_interval(mins => 1 + (f.u_misc * 120)::int) <= $1
                     THEN f.decided_at + make_interval(mins => 1 + (f.u_misc * 120)::int) END AS feedback_at
           FROM fate f
       )
       SELECT a.id, a.code_seed AS code, pg_temp.case_reference() AS reference, coalesce(a.region_id::text, '') || ':' || coalesce(a.department_id::text, '') AS unit, a.region_id, a.category_id, a.department_id, a.lat, a.lng, a.contact_idx,
              (CASE WHEN a.u_channel < 0.55 THEN 'web' WHEN a.u_channel < 0.9 THEN 'phone' ELSE 'api' END)::"CaseChannel" AS channel,
              (CASE WHEN a.fate = 'answered' AND a.feedback_at IS NOT NULL AND a.u_close < 0.9
                         AND a.feedback_at + make_interval(days => 1 + (a.u_close * 6)::int) <= $1 THEN 'closed' ELSE a.fate END)::"CaseStatus" AS status,
              -- texts as indexes into the arrays (resolved on insert: a smaller staging table)
              1 + floor(a.u_text * ${DESCRIPTIONS.length})::int AS description_i,
              1 + floor(a.u_misc * ${STREETS.length})::int AS street_i, 1 + floor(a.u_stars * 180)::int AS house_no,
              a.created_at, a.due_at,
              CASE WHEN a.fate IN ('registered', 'referred', 'in_progress') THEN NULL ELSE a.decided_at END AS decided_at,
              CASE WHEN (a.fate IN ('registered', 'referred', 'in_progress') AND a.due_at < $1) OR (a.fate NOT IN ('registered', 'referred', 'in_progress') AND a.decided_at > a.due_at)
                   THEN a.due_at + make_interval(secs => 5 + a.u_misc * 55) END AS overdue_at,
              CASE WHEN a.fate = 'answered' THEN a.decided_at END AS answered_at,
              CASE WHEN a.fate = 'answered' THEN 1 + floor(a.u_text * ${ANSWERS.length})::int END AS answer_i,
              a.feedback_at,
              CASE WHEN a.fate = 'answered' AND a.feedback_at IS NOT NULL AND a.u_close < 0.9 AND a.feedback_at + make_interval(days => 1 + (a.u_close * 6)::int) <= $1
                   THEN a.feedback_at + make_interval(days => 1 + (a.u_close * 6)::int)
                   WHEN a.fate IN ('rejected', 'duplicate', 'not_responsible') THEN a.decided_at END AS closed_at,
              CASE WHEN a.fate = 'not_responsible' THEN 1 + floor(a.u_text * ${OUTSIDE_BODIES.length})::int END AS body_i,
              CASE WHEN a.fate = 'duplicate' THEN a.earlier_here END AS merged_into_id,
              -- the original's name in the duplicate's history (its public reference, set below)
              CASE WHEN a.fate = 'duplicate' THEN a.earlier_code END AS merged_into_ref,
              CASE WHEN a.fate = 'rejected' THEN 1 + floor(a.u_text * ${REJECT_REASONS.length})::int END AS reason_i,
              CASE WHEN a.feedback_at IS NOT NULL AND a.u_rate < 0.3 AND a.feedback_at + make_interval(hours => 1 + (a.u_rate * 240)::int) <= $1
                   THEN width_bucket(a.u_stars, ARRAY[0, 0.12, 0.22, 0.40, 0.65]::float8[]) END AS rating,
              CASE WHEN a.feedback_at IS NOT NULL AND a.u_rate < 0.3 AND a.feedback_at + make_interval(hours => 1 + (a.u_rate * 240)::int) <= $1
                   THEN a.feedback_at + make_interval(hours => 1 + (a.u_rate * 240)::int) END AS rated_at
         FROM answered a`,
      [
        now,
        regionIds,
        regionBounds,
        catBounds,
        contacts,
        categories.map((c) => c.id),
        categories.map((c) => c.department_id),
        categories.map((c) => c.sla_hours),
      ],
    );

    // Tracking codes: drawn at random, so a few may collide (with each other or with cases already
    // stored, ~1 in 10⁶ pairs at a million): draw those again until every code is unique.
    for (let round = 0; ; round++) {
      const { rowCount } = await client.query(
        `UPDATE gen_cases g SET code = pg_temp.tracking_code()
          WHERE g.id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY code ORDER BY id) AS n FROM gen_cases) x WHERE n > 1)
             OR EXISTS (SELECT 1 FROM cases c WHERE c.code = g.code)`,
      );
      if (!rowCount) break;
      log(`tracking codes drawn again: ${rowCount}`);
      if (round > 10) throw new Error("could not draw unique tracking codes");
    }
    // Public references likewise (a shorter space: a few hundred collisions at a million cases).
    for (let round = 0; ; round++) {
      const { rowCount } = await client.query(
        `UPDATE gen_cases g SET reference = pg_temp.case_reference()
          WHERE g.id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY reference ORDER BY id) AS n FROM gen_cases) x WHERE n > 1)
             OR EXISTS (SELECT 1 FROM cases c WHERE c.reference = g.reference)`,
      );
      if (!rowCount) break;
      log(`public references drawn again: ${rowCount}`);
      if (round > 10) throw new Error("could not draw unique public references");
    }
    // A duplicate's original is named in the (public) history by its reference, never its tracking code.
    await client.query(`UPDATE gen_cases g SET merged_into_ref = o.reference FROM gen_cases o WHERE g.merged_into_id = o.id`);

    await step(
      "contacts",
      `CREATE TEMP TABLE gen_contacts ON COMMIT DROP AS
       SELECT contact_idx AS idx, gen_random_uuid() AS id, min(created_at) AS created_at, random() AS u1, random() AS u2, random() AS u3
         FROM gen_cases GROUP BY contact_idx`,
    );
    await step(
      "case_contacts",
      `INSERT INTO case_contacts (id, name, email, phone, locale, created_at)
       SELECT id,
              CASE WHEN u1 < 0.85 THEN ($1::text[])[1 + floor(u2 * array_length($1::text[], 1))::int] || ' ' || ($2::text[])[1 + floor(u3 * array_length($2::text[], 1))::int] END,
              CASE WHEN u2 < 0.4 THEN 'citizen' || idx || '.' || substr(md5(id::text), 1, 6) || '@example.com' END,
              CASE WHEN u2 >= 0.4 OR u3 < 0.7 THEN '09' || lpad((floor(u3 * 1e9))::bigint::text, 9, '0') END,
              (CASE WHEN u1 < 0.93 THEN 'fa' ELSE 'en' END)::"Locale", created_at
         FROM gen_contacts`,
      [FIRST_NAMES, LAST_NAMES],
    );
    await step(
      "cases",
      `INSERT INTO cases (id, code, reference, channel, status, category_id, region_id, department_id, description, address, lat, lng, contact_id, due_at, overdue_at,
                          answer, answered_at, feedback_delivered_at, closed_at, resolution, referred_on_to, merged_into_id, rating, rated_at, created_at, updated_at)
       SELECT g.id, g.code, g.reference, g.channel, g.status, g.category_id, g.region_id, g.department_id, ($1::text[])[g.description_i], ($2::text[])[g.street_i] || '، پلاک ' || g.house_no,
              g.lat, g.lng, k.id, g.due_at, g.overdue_at, ($3::text[])[g.answer_i], g.answered_at, g.feedback_at, g.closed_at,
              -- closed after an answer: staff said fixed for most; a low rating or ~15 % not fixed
              CASE WHEN g.status = 'closed' THEN (CASE WHEN coalesce(g.rating, 5) <= 2 OR abs(hashtext(g.id::text)) % 100 >= 85 THEN 'not_fixed' ELSE 'fixed' END)::"CaseResolution" END,
              ($4::text[])[g.body_i],
              g.merged_into_id, g.rating, g.rated_at, g.created_at, greatest(g.created_at, g.overdue_at, g.answered_at, g.feedback_at, g.closed_at, g.rated_at)
         FROM gen_cases g JOIN gen_contacts k ON k.idx = g.contact_idx
        ORDER BY g.created_at`,
      [DESCRIPTIONS, STREETS, ANSWERS, OUTSIDE_BODIES],
    );
    await step(
      "case_followers",
      `INSERT INTO case_followers (case_id, contact_id, created_at)
       SELECT g.id, k.id, g.created_at FROM gen_cases g JOIN gen_contacts k ON k.idx = g.contact_idx
       UNION ALL
       SELECT g.merged_into_id, k.id, g.closed_at FROM gen_cases g JOIN gen_contacts k ON k.idx = g.contact_idx WHERE g.merged_into_id IS NOT NULL
       ON CONFLICT DO NOTHING`,
    );
    await step(
      "case_neglects",
      `INSERT INTO case_neglects (case_id, kind, region_id, department_id, created_at)
       SELECT id, 'overdue', region_id, department_id, overdue_at FROM gen_cases WHERE overdue_at IS NOT NULL ORDER BY overdue_at`,
    );
    // History in time order, so that ids (the order a case's history is read in) follow time.
    await step(
      "case_events",
      `INSERT INTO case_events (case_id, kind, from_status, to_status, unit, note, public, created_at)
       SELECT case_id, kind, from_status::"CaseStatus", to_status::"CaseStatus", unit, note, public, at FROM (
         SELECT id AS case_id, 'registered' AS kind, NULL AS from_status, 'registered' AS to_status, unit, channel::text AS note, true AS public, created_at AS at FROM gen_cases
         UNION ALL
         SELECT id, 'escalated', NULL, NULL, unit, NULL, true, overdue_at FROM gen_cases WHERE overdue_at IS NOT NULL
         UNION ALL
         SELECT id, 'answer', 'in_progress', 'answered', unit, ($1::text[])[answer_i], true, answered_at FROM gen_cases WHERE answered_at IS NOT NULL
         UNION ALL
         SELECT id, 'close', 'answered', 'closed', unit, NULL, true, closed_at FROM gen_cases WHERE status = 'closed'
         UNION ALL
         SELECT id, status::text, 'referred', status::text, unit,
                CASE status WHEN 'rejected' THEN ($2::text[])[reason_i] WHEN 'duplicate' THEN merged_into_ref ELSE ($3::text[])[body_i] END, true, closed_at
           FROM gen_cases WHERE status IN ('rejected', 'duplicate', 'not_responsible')
         UNION ALL
         SELECT merged_into_id, 'merged', NULL, NULL, NULL, reference, false, closed_at FROM gen_cases WHERE merged_into_id IS NOT NULL
         UNION ALL
         SELECT id, 'rated', NULL, NULL, NULL, rating || '/5', true, rated_at FROM gen_cases WHERE rating IS NOT NULL
       ) e ORDER BY at`,
      [ANSWERS, REJECT_REASONS, OUTSIDE_BODIES],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  const t = Date.now();
  // Statistics for the planner, and the visibility map for index-only scans (what autovacuum would
  // get to later on its own).
  await client.query(`VACUUM (ANALYZE) case_contacts, cases, case_followers, case_events, case_neglects`);
  log(`vacuum, analyze: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const seconds = (Date.now() - started) / 1000;
  log(`${count} cases in ${seconds.toFixed(1)} s`);
  return { count, seconds };
}

function parseArgs(args: string[]) {
  const out: { count: number; days?: number; seed?: number } = { count: 0 };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split("=", 2);
    const value = inline ?? args[++i];
    if (flag === "--count") out.count = Number(value);
    else if (flag === "--days") out.days = Number(value);
    else if (flag === "--seed") out.seed = Number(value);
    else throw new Error(`unknown option "${args[i]}"`);
  }
  if (!Number.isInteger(out.count) || out.count <= 0)
    throw new Error("usage: npm run cases:generate -- --count N [--days 730] [--seed 137]");
  return out;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { config } = await import("../app/platform/config.server");
  if (config().isProduction) throw new Error("refusing to generate demo cases with NODE_ENV=production");
  const { openDatabase } = await import("../app/platform/database.server");
  const { migrate } = await import("../app/platform/migrate.server");
  const db = await openDatabase(config());
  try {
    await migrate(db.url);
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      if ((await client.query(`SELECT 1 FROM regions LIMIT 1`)).rowCount === 0)
        throw new Error("the database is not seeded: run `npm run db:seed` (or `npm start` once) first");
      await generateCases(client, { ...options, log: (m) => console.log(m) });
    } finally {
      await client.end();
    }
  } finally {
    await db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
