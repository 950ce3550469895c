-- Paper ballots are accountable: who entered one (entered_by_id), where (polling_point) and when
-- (cast_at) were already kept; the member can now contest a paper ballot entered in their name
-- ("this wasn't me"), and a manager can void it. A voided ballot keeps its row for the audit trail
-- but no longer holds the member's place: its voter_key becomes 'voided:<id>', so the member can
-- vote again, and the tally skips it. voided_by_id, like entered_by_id and
-- proposals.reviewed_by_id, is a plain user id (no foreign key into identity's users table).

-- AlterTable
ALTER TABLE "ballots" ADD COLUMN "contested_at" TIMESTAMPTZ(3),
ADD COLUMN "contest_note" TEXT,
ADD COLUMN "voided_at" TIMESTAMPTZ(3),
ADD COLUMN "voided_by_id" UUID,
ADD COLUMN "void_reason" TEXT;

-- CreateIndex
CREATE INDEX "ballots_budget_id_contested_at_idx" ON "ballots"("budget_id", "contested_at");
