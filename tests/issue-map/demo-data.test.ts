// The public map's demo data (prisma/seed.ts → scripts/generate-cases.ts): generated cases cover
// the 22 regions and every public status bucket; closed cases carry the staff's resolution.
import "../support/db";
import { describe, expect, it } from "vitest";
import * as cases from "../../app/modules/cases";
import { pool } from "../../app/platform/db/client.server";

describe("generated demo cases on the public map", () => {
  it("cover every region and every bucket; a closed case says fixed or not", async () => {
    const { generateCases } = await import("../../scripts/generate-cases");
    const client = await pool().connect();
    try {
      await generateCases(client, { count: 1500, days: 365, seed: 11 });
    } finally {
      client.release(true);
    }
    const { rows } = await pool().query<{ closed: number; resolved: number; fixed: number; regions: number }>(
      `SELECT count(*) FILTER (WHERE status = 'closed')::int AS closed, count(*) FILTER (WHERE status = 'closed' AND resolution IS NOT NULL)::int AS resolved,
              count(*) FILTER (WHERE resolution = 'fixed')::int AS fixed, count(DISTINCT region_id)::int AS regions FROM cases`,
    );
    expect(rows[0].closed).toBeGreaterThan(0);
    expect(rows[0].resolved).toBe(rows[0].closed);
    expect(rows[0].fixed).toBeGreaterThan(rows[0].closed / 2);
    expect(rows[0].regions).toBe(22);
    const from = new Date(Date.now() - 366 * 86_400_000).toISOString().slice(0, 10);
    for (const status of ["open", "answered", "closed_fixed", "closed_not_fixed"])
      expect((await cases.publicCases({ status, from })).totalCount, status).toBeGreaterThan(0);
    // Duplicates are generated, and never shown.
    const all = await cases.publicCases({ status: "all", from });
    const { rows: n } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE status <> 'duplicate' AND lat IS NOT NULL AND created_at >= $1`,
      [`${from}T00:00:00Z`],
    );
    expect(all.totalCount).toBe(n[0].n);
  }, 60_000);
});
