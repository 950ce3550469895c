-- The public map of reported issues (cases.publicCases, the /map page, /tiles/cases/…).
--
-- A closed case is "fixed" only when staff said so on closing: `resolution` (null = not said, which
-- the public view shows as closed, not fixed). Sensitive categories (admin flag) have their points
-- snapped to a 250 m grid in every public output.

-- CreateEnum
CREATE TYPE "CaseResolution" AS ENUM ('fixed', 'not_fixed');

-- AlterTable
ALTER TABLE "cases" ADD COLUMN "resolution" "CaseResolution";
ALTER TABLE "case_categories" ADD COLUMN "sensitive" BOOLEAN NOT NULL DEFAULT false;

-- The public list: a status bucket and a period, newest first, keyset on (created_at, reference): the cursor names no internal id.
CREATE INDEX "cases_status_created_at_reference_idx" ON "cases"("status", "created_at" DESC, "reference" DESC);
-- The tiles' version check: max(updated_at), an index's last entry.
CREATE INDEX "cases_updated_at_idx" ON "cases"("updated_at");
