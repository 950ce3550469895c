-- A case's public reference (e.g. C-4F7K2Q): what nearby lists, following, the public map and
-- Open311 name a case by. The tracking code stays the reporter's secret (with their contact).
-- References are drawn at random (the tracking codes' alphabet, codes.ts), independent of the
-- code: one says nothing about the other.

-- AlterTable
ALTER TABLE "cases" ADD COLUMN "reference" TEXT;

-- Backfill: a random reference for every existing case, drawn again where two collide.
CREATE FUNCTION pg_temp.case_reference() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT 'C-' || string_agg(substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + floor(random() * 30)::int, 1), '')
    FROM generate_series(1, 6)
$$;
UPDATE "cases" SET "reference" = pg_temp.case_reference();
DO $$
BEGIN
  LOOP
    UPDATE "cases" SET "reference" = pg_temp.case_reference()
     WHERE "id" IN (SELECT "id" FROM (SELECT "id", row_number() OVER (PARTITION BY "reference" ORDER BY "id") AS n FROM "cases") x WHERE n > 1);
    EXIT WHEN NOT FOUND;
  END LOOP;
END $$;

ALTER TABLE "cases" ALTER COLUMN "reference" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "cases_reference_key" ON "cases"("reference");
