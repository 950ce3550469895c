// Fixed-window counters in PostgreSQL, so every app process behind a load balancer shares them.
import { pool } from "./db/client.server";

export type Bucket = { count: number; resetAt: Date };

/** Counts one hit on `key` and returns the window's count so far. */
export async function hit(key: string, windowSeconds: number): Promise<Bucket> {
  const { rows } = await pool().query<{ count: number; reset_at: Date }>(
    `INSERT INTO rate_limit_buckets (key, count, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2))
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN rate_limit_buckets.reset_at <= now() THEN 1 ELSE rate_limit_buckets.count + 1 END,
       reset_at = CASE WHEN rate_limit_buckets.reset_at <= now() THEN excluded.reset_at ELSE rate_limit_buckets.reset_at END
     RETURNING count, reset_at`,
    [key, windowSeconds],
  );
  return { count: rows[0].count, resetAt: rows[0].reset_at };
}

/** The window's count without counting a hit (0 when the window is over). */
export async function peek(key: string): Promise<Bucket> {
  const { rows } = await pool().query<{ count: number; reset_at: Date }>(
    `SELECT count, reset_at FROM rate_limit_buckets WHERE key = $1 AND reset_at > now()`,
    [key],
  );
  return rows[0] ? { count: rows[0].count, resetAt: rows[0].reset_at } : { count: 0, resetAt: new Date() };
}

/** Starts a fresh window of `windowSeconds` on `key` (count 1), whatever was there: a wait until then. */
export async function hold(key: string, windowSeconds: number): Promise<Bucket> {
  const { rows } = await pool().query<{ count: number; reset_at: Date }>(
    `INSERT INTO rate_limit_buckets (key, count, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2))
     ON CONFLICT (key) DO UPDATE SET count = 1, reset_at = excluded.reset_at
     RETURNING count, reset_at`,
    [key, windowSeconds],
  );
  return { count: rows[0].count, resetAt: rows[0].reset_at };
}

export async function clear(key: string) {
  await pool().query(`DELETE FROM rate_limit_buckets WHERE key = $1`, [key]);
}

export function minutesUntil(date: Date) {
  return Math.max(1, Math.ceil((date.getTime() - Date.now()) / 60_000));
}
