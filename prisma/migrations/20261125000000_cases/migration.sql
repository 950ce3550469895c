-- Case intake (the 137 module): contacts, cases, followers, append-only history, neglect records.

-- CreateEnum
CREATE TYPE "CaseChannel" AS ENUM ('web', 'phone', 'api');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('registered', 'referred', 'in_progress', 'answered', 'closed', 'rejected', 'duplicate', 'not_responsible');

-- CreateTable
CREATE TABLE "case_contacts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID,
    "name" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "locale" "Locale" NOT NULL DEFAULT 'fa',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cases" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "channel" "CaseChannel" NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'registered',
    "category_id" INTEGER NOT NULL,
    "region_id" INTEGER,
    "department_id" INTEGER,
    "description" TEXT NOT NULL,
    "address" TEXT,
    "lat" DOUBLE PRECISION,
    "lng" DOUBLE PRECISION,
    "contact_id" UUID NOT NULL,
    "registered_by_id" UUID,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "overdue_at" TIMESTAMPTZ(3),
    "answer" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "answered_by_id" UUID,
    "feedback_delivered_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "referred_on_to" TEXT,
    "merged_into_id" UUID,
    "rating" INTEGER,
    "rating_comment" TEXT,
    "rated_at" TIMESTAMPTZ(3),
    "reopened_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_followers" (
    "case_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_followers_pkey" PRIMARY KEY ("case_id","contact_id")
);

-- CreateTable
CREATE TABLE "case_events" (
    "id" BIGSERIAL NOT NULL,
    "case_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "from_status" "CaseStatus",
    "to_status" "CaseStatus",
    "actor_id" UUID,
    "unit" TEXT,
    "note" TEXT,
    "public" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_neglects" (
    "id" BIGSERIAL NOT NULL,
    "case_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "region_id" INTEGER,
    "department_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_neglects_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "case_contacts_phone_idx" ON "case_contacts"("phone");

-- CreateIndex
CREATE INDEX "case_contacts_email_idx" ON "case_contacts"("email");

-- CreateIndex
CREATE INDEX "case_contacts_user_id_idx" ON "case_contacts"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "cases_code_key" ON "cases"("code");

-- CreateIndex
CREATE UNIQUE INDEX "cases_idempotency_key_key" ON "cases"("idempotency_key");

-- CreateIndex
CREATE INDEX "cases_region_id_status_created_at_idx" ON "cases"("region_id", "status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "cases_department_id_status_created_at_idx" ON "cases"("department_id", "status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "cases_status_due_at_idx" ON "cases"("status", "due_at");

-- CreateIndex
CREATE INDEX "cases_category_id_lat_lng_idx" ON "cases"("category_id", "lat", "lng");

-- CreateIndex
CREATE INDEX "cases_created_at_region_id_idx" ON "cases"("created_at", "region_id");

-- CreateIndex
CREATE INDEX "cases_contact_id_idx" ON "cases"("contact_id");

-- CreateIndex
CREATE INDEX "case_followers_contact_id_idx" ON "case_followers"("contact_id");

-- CreateIndex
CREATE INDEX "case_events_case_id_id_idx" ON "case_events"("case_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "case_neglects_case_id_kind_key" ON "case_neglects"("case_id", "kind");

-- CreateIndex
CREATE INDEX "case_neglects_region_id_created_at_idx" ON "case_neglects"("region_id", "created_at");

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "case_categories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "case_contacts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_followers" ADD CONSTRAINT "case_followers_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_followers" ADD CONSTRAINT "case_followers_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "case_contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_neglects" ADD CONSTRAINT "case_neglects_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A case's history is append-only (not expressible in schema.prisma).
CREATE FUNCTION "case_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only';
END;
$$;

CREATE TRIGGER "case_events_no_update_delete"
  BEFORE UPDATE OR DELETE ON "case_events"
  FOR EACH ROW EXECUTE FUNCTION "case_events_append_only"();
