// The participant club (باشگاه شهروندان مشارکت‌جو): membership, member numbers and verification
// levels (email → phone → resident). Other modules (budgeting) ask `eligibility` here.
import { createHash } from "node:crypto";
import { prisma } from "~/platform/db/client.server";
import type { RequestContext, Viewer } from "~/platform/context";
import { audit } from "~/platform/audit.server";
import { AppError, forbidden, notFound, parseInput, ValidationError } from "~/platform/errors";
import { encodeMessage } from "~/platform/i18n";
import { hit, minutesUntil } from "~/platform/rate-limit.server";
import { accountFacts, requireUser } from "~/modules/identity";
import { regionExists, regionsById } from "~/modules/city";
import { categoriesExist, topLevelCategories } from "~/modules/cases";
import { canImportCensus, canVerifyResidents } from "./permissions";
import { CensusCsvInput, ClaimResidencyInput, JoinClubInput, VerifyResidentInput } from "./schemas";

export * from "./schemas";
export * from "./permissions";

export const TERMS_VERSION = "1404-1";
export type VerificationLevel = "none" | "email" | "phone" | "resident";
const LEVEL_ORDER: VerificationLevel[] = ["none", "email", "phone", "resident"];

/** Same hashing as the census export the city provides: SHA-256 hex of the 10 ASCII digits. */
export function hashNationalId(id: string) {
  return createHash("sha256").update(id).digest("hex");
}

export function levelOf(
  user: { emailVerifiedAt: Date | null; phoneVerifiedAt: Date | null },
  member: { residentVerifiedAt: Date | null } | null,
): VerificationLevel {
  if (member?.residentVerifiedAt) return "resident";
  if (user.phoneVerifiedAt) return "phone";
  if (user.emailVerifiedAt) return "email";
  return "none";
}

export function meetsLevel(level: VerificationLevel, required: Exclude<VerificationLevel, "none">) {
  return LEVEL_ORDER.indexOf(level) >= LEVEL_ORDER.indexOf(required);
}

export async function membershipOf(viewer: Viewer) {
  if (viewer.kind !== "user") return null;
  const [user, row, regions] = await Promise.all([accountFacts(viewer.user.id), memberOf(viewer.user.id), regionsById()]);
  const member = row
    ? {
        ...row,
        homeRegion: regions.get(row.homeRegionId) ?? {
          id: row.homeRegionId,
          nameFa: String(row.homeRegionId),
          nameEn: String(row.homeRegionId),
        },
      }
    : null;
  return {
    member,
    level: levelOf(user, member),
    phone: user.phone,
    phoneVerified: !!user.phoneVerifiedAt,
    emailVerified: !!user.emailVerifiedAt,
  };
}

/** Joining is idempotent: a second join returns the existing membership unchanged. */
export async function joinClub(ctx: RequestContext, raw: unknown) {
  const viewer = requireUser(ctx.viewer);
  const input = parseInput(JoinClubInput, raw);
  if (!(await regionExists(input.homeRegionId))) throw new ValidationError({ homeRegionId: [encodeMessage("validation.invalid")] });
  if (!(await categoriesExist(input.interests))) throw new ValidationError({ interests: [encodeMessage("validation.invalid")] });
  return prisma.$transaction(async (tx) => {
    const existing = await tx.clubMember.findUnique({ where: { userId: viewer.user.id } });
    if (existing) return existing;
    const member = await tx.clubMember.create({
      data: {
        userId: viewer.user.id,
        homeRegionId: input.homeRegionId,
        interests: [...new Set(input.interests)],
        termsVersion: TERMS_VERSION,
        termsAcceptedAt: new Date(),
      },
    });
    await audit(tx, { actorId: viewer.user.id, action: "club.join", subjectType: "clubMember", subjectId: member.id });
    return member;
  });
}

async function markResident(memberId: string, nationalIdHash: string, verifiedBy: string | null, actorId: string) {
  try {
    return await prisma.$transaction(async (tx) => {
      const member = await tx.clubMember.update({
        where: { id: memberId },
        data: { nationalIdHash, residentVerifiedAt: new Date(), residentVerifiedBy: verifiedBy },
      });
      await audit(tx, {
        actorId,
        action: "club.residentVerified",
        subjectType: "clubMember",
        subjectId: memberId,
        data: { by: verifiedBy ? "staff" : "census" },
      });
      return member;
    });
  } catch (error) {
    // The unique index on national_id_hash: this ID already backs another member.
    if ((error as { code?: string }).code === "P2002")
      throw new ValidationError({ nationalId: [encodeMessage("club.error.nationalIdUsed")] });
    throw error;
  }
}

/** A member proves residency with a national ID found in the city's census import. */
export async function claimResidency(ctx: RequestContext, raw: unknown) {
  const viewer = requireUser(ctx.viewer);
  const input = parseInput(ClaimResidencyInput, raw);
  const member = await prisma.clubMember.findUnique({ where: { userId: viewer.user.id } });
  if (!member) throw new AppError("club.error.notMember", 403);
  if (member.residentVerifiedAt) return member;
  // Guessing national IDs against the census is throttled.
  const limit = await hit(`residency:${viewer.user.id}`, 60 * 60);
  if (limit.count > 5) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(limit.resetAt) });
  const hash = hashNationalId(input.nationalId);
  const census = await prisma.censusEntry.findUnique({ where: { nationalIdHash: hash } });
  if (!census) throw new ValidationError({ nationalId: [encodeMessage("club.error.notInCensus")] });
  return markResident(member.id, hash, null, viewer.user.id);
}

/** Staff verify residency in person (documents seen), recording the national ID it rests on. */
export async function verifyResidentByStaff(ctx: RequestContext, raw: unknown) {
  const staff = requireUser(ctx.viewer);
  if (!canVerifyResidents(ctx.viewer)) throw forbidden();
  const input = parseInput(VerifyResidentInput, raw);
  const member = await prisma.clubMember.findUnique({ where: { memberNumber: input.memberNumber } });
  if (!member) throw notFound();
  return markResident(member.id, hashNationalId(input.nationalId), staff.user.id, staff.user.id);
}

/** Admin import of the census: hashed national IDs only (never the IDs themselves). */
export async function importCensus(ctx: RequestContext, raw: unknown) {
  const admin = requireUser(ctx.viewer);
  if (!canImportCensus(ctx.viewer)) throw forbidden();
  const { csv } = parseInput(CensusCsvInput, raw);
  const rows: { nationalIdHash: string; regionId: number | null }[] = [];
  const bad: number[] = [];
  csv.split(/\r?\n/).forEach((line, i) => {
    const text = line.trim();
    if (!text || (i === 0 && /hash/i.test(text))) return;
    const [hash, region] = text.split(/[,;]/).map((s) => s.trim());
    if (!/^[0-9a-f]{64}$/i.test(hash) || (region && !/^\d{1,2}$/.test(region))) bad.push(i + 1);
    else rows.push({ nationalIdHash: hash.toLowerCase(), regionId: region ? Number(region) : null });
  });
  if (bad.length) throw new ValidationError({ csv: [encodeMessage("club.error.csvLines", { lines: bad.slice(0, 10).join(", ") })] });
  let added = 0;
  for (let i = 0; i < rows.length; i += 5000) {
    const result = await prisma.censusEntry.createMany({ data: rows.slice(i, i + 5000), skipDuplicates: true });
    added += result.count;
  }
  await prisma.$transaction((tx) =>
    audit(tx, { actorId: admin.user.id, action: "club.importCensus", subjectType: "census", data: { rows: rows.length, added } }),
  );
  return { rows: rows.length, added };
}

export type EligibilityRule = { minVerification: "email" | "phone" | "resident"; regionId: number | null; residentsOnly: boolean };
export type Eligibility =
  | { eligible: true; memberId: string }
  | {
      eligible: false;
      reason: "club.error.notMember" | "club.error.levelTooLow" | "club.error.wrongRegion" | "club.error.residencyUnverified";
    };

/** May this account's member vote under these rules? (Budgeting asks; the club knows.) */
export async function eligibility(userId: string, rule: EligibilityRule): Promise<Eligibility> {
  const [user, member] = await Promise.all([accountFacts(userId), memberOf(userId)]);
  return eligibilityOf(user, member, rule);
}

export function eligibilityOf(
  user: { emailVerifiedAt: Date | null; phoneVerifiedAt: Date | null },
  member: { id: string; homeRegionId: number; residentVerifiedAt: Date | null } | null,
  rule: EligibilityRule,
): Eligibility {
  if (!member) return { eligible: false, reason: "club.error.notMember" };
  if (!meetsLevel(levelOf(user, member), rule.minVerification)) return { eligible: false, reason: "club.error.levelTooLow" };
  if (rule.regionId !== null && rule.residentsOnly && member.homeRegionId !== rule.regionId)
    return { eligible: false, reason: "club.error.wrongRegion" };
  // "Residents only" means residency the club verified, not a home region merely declared.
  if (rule.regionId !== null && rule.residentsOnly && !member.residentVerifiedAt)
    return { eligible: false, reason: "club.error.residencyUnverified" };
  return { eligible: true, memberId: member.id };
}

/** The member row of an account, or null (other modules ask this, never the table). */
export function memberOf(userId: string) {
  return prisma.clubMember.findUnique({ where: { userId } });
}

/** A member by number, with the verification facts of its account (paper ballots). */
export async function memberByNumber(memberNumber: number) {
  const member = await prisma.clubMember.findUnique({ where: { memberNumber } });
  return member ? { ...member, user: await accountFacts(member.userId) } : null;
}

/** Member numbers by member id (paper-ballot lists name members by number, never by name). */
export async function memberNumbersOf(memberIds: readonly string[]): Promise<Map<string, number>> {
  const ids = [...new Set(memberIds)];
  if (!ids.length) return new Map();
  const rows = await prisma.clubMember.findMany({ where: { id: { in: ids } }, select: { id: true, memberNumber: true } });
  return new Map(rows.map((r) => [r.id, r.memberNumber]));
}

export function formatMemberNumber(n: number) {
  return `137-${String(n).padStart(6, "0")}`;
}

// ── Reading for the web pages (added with the /club route) ─────────────────────────────────

/** The interests a member may pick: the active top-level case categories, in their order. */
export function listInterestCategories() {
  return topLevelCategories();
}
