-- Following a case by an email or phone that is not a verified account's own needs that address's
-- consent first: otherwise anyone could subscribe a stranger to a case's updates. Followers who
-- have not confirmed get no update; their link carries a random token, stored hashed.
ALTER TABLE "case_followers"
  ADD COLUMN "confirmed_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "confirm_token_hash" TEXT;

-- Everyone who followed before this rule had consented in the old sense: confirmed when they followed.
UPDATE "case_followers" SET "confirmed_at" = "created_at";

CREATE UNIQUE INDEX "case_followers_confirm_token_hash_key" ON "case_followers"("confirm_token_hash");
