-- Region performance as an index-only scan: the cohort index carries the figures' columns (it
-- replaces the narrower (created_at, region_id) index, which it also serves).

-- DropIndex
DROP INDEX "cases_created_at_region_id_idx";

-- CreateIndex
CREATE INDEX "cases_created_at_figures_idx" ON "cases"("created_at", "region_id", "answered_at", "due_at", "feedback_delivered_at", "rating", "overdue_at");
