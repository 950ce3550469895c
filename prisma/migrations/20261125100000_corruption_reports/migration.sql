-- Corruption and violation reports (whistleblower channel): reports, their message thread, status
-- changes, and the inspectors' access log. Bodies and reporter identity are ciphertext (bytea).

-- CreateEnum
CREATE TYPE "CorruptionCategory" AS ENUM ('bribery', 'abuse_of_office', 'building_permit_fraud', 'procurement_fraud', 'other');

-- CreateEnum
CREATE TYPE "CorruptionReportStatus" AS ENUM ('received', 'under_investigation', 'closed');

-- CreateEnum
CREATE TYPE "CorruptionReportAuthor" AS ENUM ('reporter', 'inspector');

-- CreateEnum
CREATE TYPE "CorruptionReportAccessAction" AS ENUM ('read', 'view_photo', 'reply', 'change_status');

-- CreateTable
CREATE TABLE "corruption_reports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" TEXT NOT NULL,
    "passphrase_hash" TEXT NOT NULL,
    "idempotency_key_hash" TEXT NOT NULL,
    "request_fingerprint" TEXT NOT NULL,
    "category" "CorruptionCategory" NOT NULL,
    "region_id" INTEGER,
    "status" "CorruptionReportStatus" NOT NULL DEFAULT 'received',
    "description" BYTEA NOT NULL,
    "reporter_name" BYTEA,
    "reporter_contact" BYTEA,
    "locale" "Locale" NOT NULL DEFAULT 'fa',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "corruption_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "corruption_report_messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "report_id" UUID NOT NULL,
    "author" "CorruptionReportAuthor" NOT NULL,
    "inspector_id" UUID,
    "body" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "corruption_report_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "corruption_report_status_changes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "report_id" UUID NOT NULL,
    "from_status" "CorruptionReportStatus" NOT NULL,
    "to_status" "CorruptionReportStatus" NOT NULL,
    "inspector_id" UUID NOT NULL,
    "note" BYTEA,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "corruption_report_status_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "corruption_report_access_log" (
    "id" BIGSERIAL NOT NULL,
    "report_id" UUID NOT NULL,
    "inspector_id" UUID NOT NULL,
    "action" "CorruptionReportAccessAction" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "corruption_report_access_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "corruption_reports_code_key" ON "corruption_reports"("code");

-- CreateIndex
CREATE UNIQUE INDEX "corruption_reports_idempotency_key_hash_key" ON "corruption_reports"("idempotency_key_hash");

-- CreateIndex
CREATE INDEX "corruption_reports_status_created_at_idx" ON "corruption_reports"("status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "corruption_reports_created_at_idx" ON "corruption_reports"("created_at" DESC);

-- CreateIndex
CREATE INDEX "corruption_report_messages_report_id_created_at_idx" ON "corruption_report_messages"("report_id", "created_at");

-- CreateIndex
CREATE INDEX "corruption_report_status_changes_report_id_created_at_idx" ON "corruption_report_status_changes"("report_id", "created_at");

-- CreateIndex
CREATE INDEX "corruption_report_access_log_report_id_id_idx" ON "corruption_report_access_log"("report_id", "id");

-- CreateIndex
CREATE INDEX "corruption_report_access_log_inspector_id_created_at_idx" ON "corruption_report_access_log"("inspector_id", "created_at");

-- AddForeignKey
ALTER TABLE "corruption_reports" ADD CONSTRAINT "corruption_reports_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corruption_report_messages" ADD CONSTRAINT "corruption_report_messages_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "corruption_reports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corruption_report_status_changes" ADD CONSTRAINT "corruption_report_status_changes_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "corruption_reports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "corruption_report_access_log" ADD CONSTRAINT "corruption_report_access_log_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "corruption_reports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The access log, the thread and the status history are append-only (not expressible in
-- schema.prisma): refuse UPDATE and DELETE row by row, and TRUNCATE, at the database, whoever asks.
CREATE FUNCTION "corruption_reports_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER "corruption_report_access_log_no_update_delete"
  BEFORE UPDATE OR DELETE ON "corruption_report_access_log"
  FOR EACH ROW EXECUTE FUNCTION "corruption_reports_append_only"();

CREATE TRIGGER "corruption_report_access_log_no_truncate"
  BEFORE TRUNCATE ON "corruption_report_access_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "corruption_reports_append_only"();

CREATE TRIGGER "corruption_report_messages_no_update_delete"
  BEFORE UPDATE OR DELETE ON "corruption_report_messages"
  FOR EACH ROW EXECUTE FUNCTION "corruption_reports_append_only"();

CREATE TRIGGER "corruption_report_messages_no_truncate"
  BEFORE TRUNCATE ON "corruption_report_messages"
  FOR EACH STATEMENT EXECUTE FUNCTION "corruption_reports_append_only"();

CREATE TRIGGER "corruption_report_status_changes_no_update_delete"
  BEFORE UPDATE OR DELETE ON "corruption_report_status_changes"
  FOR EACH ROW EXECUTE FUNCTION "corruption_reports_append_only"();

CREATE TRIGGER "corruption_report_status_changes_no_truncate"
  BEFORE TRUNCATE ON "corruption_report_status_changes"
  FOR EACH STATEMENT EXECUTE FUNCTION "corruption_reports_append_only"();
