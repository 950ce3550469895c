-- Participant club membership, phone verification, census; participatory budgeting.

-- CreateEnum
CREATE TYPE "TallyRule" AS ENUM ('greedy', 'mes', 'mes_add1', 'mes_add1_comparison');

-- CreateEnum
CREATE TYPE "BallotType" AS ENUM ('approval', 'knapsack', 'cumulative');

-- CreateEnum
CREATE TYPE "VerificationLevel" AS ENUM ('email', 'phone', 'resident');

-- CreateEnum
CREATE TYPE "ProposalStatus" AS ENUM ('submitted', 'accepted', 'rejected', 'withdrawn');

-- CreateEnum
CREATE TYPE "ImplementationStatus" AS ENUM ('not_started', 'in_progress', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "BallotChannel" AS ENUM ('online', 'paper', 'imported');

-- CreateTable
CREATE TABLE "phone_verification_codes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "phone_verification_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "club_members" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "member_number" SERIAL NOT NULL,
    "home_region_id" INTEGER NOT NULL,
    "interests" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "terms_version" TEXT NOT NULL,
    "terms_accepted_at" TIMESTAMPTZ(3) NOT NULL,
    "resident_verified_at" TIMESTAMPTZ(3),
    "resident_verified_by" UUID,
    "national_id_hash" TEXT,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "club_members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "census_entries" (
    "national_id_hash" TEXT NOT NULL,
    "region_id" INTEGER,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "census_entries_pkey" PRIMARY KEY ("national_id_hash")
);

-- CreateTable
CREATE TABLE "budget_cycles" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "title_fa" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "description_fa" TEXT NOT NULL DEFAULT '',
    "description_en" TEXT NOT NULL DEFAULT '',
    "proposals_open_at" TIMESTAMPTZ(3) NOT NULL,
    "review_at" TIMESTAMPTZ(3) NOT NULL,
    "voting_open_at" TIMESTAMPTZ(3) NOT NULL,
    "voting_close_at" TIMESTAMPTZ(3) NOT NULL,
    "implementation_at" TIMESTAMPTZ(3) NOT NULL,
    "official_rule" "TallyRule" NOT NULL DEFAULT 'mes_add1',
    "is_study" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_cycles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budgets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "cycle_id" UUID NOT NULL,
    "region_id" INTEGER,
    "name_fa" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "amount_rials" BIGINT NOT NULL,
    "ballot_type" "BallotType" NOT NULL,
    "max_choices" INTEGER,
    "points" INTEGER,
    "min_verification" "VerificationLevel" NOT NULL DEFAULT 'email',
    "residents_only" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budgets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposals" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "budget_id" UUID NOT NULL,
    "author_id" UUID,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "region_id" INTEGER,
    "category_id" INTEGER,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "estimated_cost_rials" BIGINT NOT NULL,
    "official_cost_rials" BIGINT,
    "status" "ProposalStatus" NOT NULL DEFAULT 'submitted',
    "review_reason" TEXT,
    "reviewed_by_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),
    "selected" BOOLEAN NOT NULL DEFAULT false,
    "implementation_status" "ImplementationStatus",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proposals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ballots" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "budget_id" UUID NOT NULL,
    "member_id" UUID,
    "voter_key" TEXT NOT NULL,
    "channel" "BallotChannel" NOT NULL,
    "polling_point" TEXT,
    "entered_by_id" UUID,
    "cast_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ballots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ballot_choices" (
    "ballot_id" UUID NOT NULL,
    "proposal_id" UUID NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ballot_choices_pkey" PRIMARY KEY ("ballot_id","proposal_id")
);

-- CreateTable
CREATE TABLE "ballot_receipts" (
    "code_hash" TEXT NOT NULL,
    "ballot_id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "superseded_at" TIMESTAMPTZ(3),

    CONSTRAINT "ballot_receipts_pkey" PRIMARY KEY ("code_hash")
);

-- CreateTable
CREATE TABLE "budget_results" (
    "budget_id" UUID NOT NULL,
    "rule" "TallyRule" NOT NULL,
    "selected" TEXT[],
    "projects" JSONB NOT NULL,
    "voters" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_results_pkey" PRIMARY KEY ("budget_id","rule")
);

-- CreateTable
CREATE TABLE "project_milestones" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "proposal_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "reached_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_milestones_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "phone_verification_codes_user_id_created_at_idx" ON "phone_verification_codes"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "club_members_user_id_key" ON "club_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "club_members_member_number_key" ON "club_members"("member_number");

-- CreateIndex
CREATE UNIQUE INDEX "club_members_national_id_hash_key" ON "club_members"("national_id_hash");

-- CreateIndex
CREATE INDEX "club_members_home_region_id_idx" ON "club_members"("home_region_id");

-- CreateIndex
CREATE UNIQUE INDEX "budget_cycles_slug_key" ON "budget_cycles"("slug");

-- CreateIndex
CREATE INDEX "budgets_cycle_id_idx" ON "budgets"("cycle_id");

-- CreateIndex
CREATE INDEX "proposals_budget_id_status_idx" ON "proposals"("budget_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "proposals_budget_id_code_key" ON "proposals"("budget_id", "code");

-- CreateIndex
CREATE INDEX "ballots_member_id_idx" ON "ballots"("member_id");

-- CreateIndex
CREATE UNIQUE INDEX "ballots_budget_id_voter_key_key" ON "ballots"("budget_id", "voter_key");

-- CreateIndex
CREATE INDEX "ballot_choices_proposal_id_idx" ON "ballot_choices"("proposal_id");

-- CreateIndex
CREATE INDEX "ballot_receipts_ballot_id_idx" ON "ballot_receipts"("ballot_id");

-- CreateIndex
CREATE INDEX "project_milestones_proposal_id_idx" ON "project_milestones"("proposal_id");

-- AddForeignKey
ALTER TABLE "phone_verification_codes" ADD CONSTRAINT "phone_verification_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "club_members" ADD CONSTRAINT "club_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "club_members" ADD CONSTRAINT "club_members_home_region_id_fkey" FOREIGN KEY ("home_region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_cycle_id_fkey" FOREIGN KEY ("cycle_id") REFERENCES "budget_cycles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "club_members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "case_categories"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "club_members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ballot_choices" ADD CONSTRAINT "ballot_choices_ballot_id_fkey" FOREIGN KEY ("ballot_id") REFERENCES "ballots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ballot_choices" ADD CONSTRAINT "ballot_choices_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ballot_receipts" ADD CONSTRAINT "ballot_receipts_ballot_id_fkey" FOREIGN KEY ("ballot_id") REFERENCES "ballots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_results" ADD CONSTRAINT "budget_results_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE ON UPDATE CASCADE;
