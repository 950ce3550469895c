import "../support/db";
import { describe, expect, it } from "vitest";
import * as club from "../../app/modules/club";
import * as identity from "../../app/modules/identity";
import { prisma, pool } from "../../app/platform/db/client.server";
import { ValidationError } from "../../app/platform/errors";
import { ctx } from "../support/context";
import { person, staff } from "../support/people";

// Valid Iranian national IDs (mod-11 check digit), and one with a wrong check digit.
const IDS = ["0084575948", "0013542419", "1111111110"].filter(club.isValidNationalId);

describe("national ID", () => {
  it("checks the mod-11 check digit and accepts Persian digits", () => {
    expect(club.isValidNationalId("0084575948")).toBe(true);
    expect(club.isValidNationalId("0084575949")).toBe(false);
    expect(club.isValidNationalId("1111111111")).toBe(false);
    expect(club.nationalId.parse("۰۰۸۴۵۷۵۹۴۸")).toBe("0084575948");
  });
});

describe("joining the club", () => {
  it("gives a member number, is idempotent, and validates the region and the terms", async () => {
    const p = await person();
    await expect(club.joinClub(ctx(p.viewer), { homeRegionId: 3, acceptTerms: false })).rejects.toMatchObject({
      fieldErrors: { acceptTerms: ["club.error.terms"] },
    });
    await expect(club.joinClub(ctx(p.viewer), { homeRegionId: 40, acceptTerms: true })).rejects.toBeInstanceOf(ValidationError);
    const categories = await prisma.caseCategory.findMany({ where: { parentId: null }, take: 2 });
    const m = await club.joinClub(ctx(p.viewer), { homeRegionId: "3", interests: categories.map((c) => String(c.id)), acceptTerms: "on" });
    expect(m.memberNumber).toBeGreaterThan(0);
    expect(m.interests).toEqual(categories.map((c) => c.id));
    const again = await club.joinClub(ctx(p.viewer), { homeRegionId: 5, acceptTerms: true });
    expect(again.id).toBe(m.id);
    expect(club.formatMemberNumber(m.memberNumber)).toMatch(/^137-\d{6}$/);
    expect((await club.membershipOf(p.viewer))?.level).toBe("email");
  });
});

describe("phone verification", () => {
  async function lastCode(phone: string) {
    const { rows } = await pool().query(
      `SELECT data FROM pgboss.job WHERE name = 'sms.send' AND data->>'to' = $1 ORDER BY created_on DESC LIMIT 1`,
      [phone],
    );
    return rows[0]?.data.params.code as string;
  }

  it("verifies with the SMS code; wrong codes count and run out", async () => {
    const p = await person();
    await expect(identity.requestPhoneCode(ctx(p.viewer))).rejects.toBeInstanceOf(ValidationError); // no phone yet
    await prisma.user.update({ where: { id: p.userId }, data: { phone: "09121112233" } });
    await identity.requestPhoneCode(ctx(p.viewer));
    const code = await lastCode("09121112233");
    expect(code).toMatch(/^\d{6}$/);
    const wrong = code === "000000" ? "111111" : "000000";
    await expect(identity.confirmPhoneCode(ctx(p.viewer), { code: wrong })).rejects.toMatchObject({
      fieldErrors: { code: ["validation.codeWrong"] },
    });
    await identity.confirmPhoneCode(ctx(p.viewer), { code });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: p.userId } })).phoneVerifiedAt).not.toBeNull();
  });

  it("locks a code after 5 wrong tries, even with the right code afterwards", async () => {
    const p = await person();
    await prisma.user.update({ where: { id: p.userId }, data: { phone: "09121112244" } });
    await identity.requestPhoneCode(ctx(p.viewer));
    const code = await lastCode("09121112244");
    const wrong = code === "000000" ? "111111" : "000000";
    await Promise.all(Array.from({ length: 8 }, () => identity.confirmPhoneCode(ctx(p.viewer), { code: wrong }).catch(() => undefined)));
    await expect(identity.confirmPhoneCode(ctx(p.viewer), { code })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("residency", () => {
  it("is claimed against the census; a national ID backs only one member, ever", async () => {
    const admin = await staff("admin");
    const [a, b] = [await person("Arash"), await person("Bahar")];
    await club.joinClub(ctx(a.viewer), { homeRegionId: 3, acceptTerms: true });
    await club.joinClub(ctx(b.viewer), { homeRegionId: 3, acceptTerms: true });
    await expect(club.claimResidency(ctx(a.viewer), { nationalId: IDS[0] })).rejects.toMatchObject({
      fieldErrors: { nationalId: ["club.error.notInCensus"] },
    });
    await expect(club.importCensus(ctx(a.viewer), { csv: "x" })).rejects.toMatchObject({ code: "error.forbidden" });
    await expect(club.importCensus(ctx(admin.viewer), { csv: "hash,region\nnot-a-hash,3" })).rejects.toBeInstanceOf(ValidationError);
    const csv = `hash,region\n${club.hashNationalId(IDS[0])},3\n${club.hashNationalId(IDS[1])}\n`;
    expect(await club.importCensus(ctx(admin.viewer), { csv })).toEqual({ rows: 2, added: 2 });
    expect(await club.importCensus(ctx(admin.viewer), { csv })).toEqual({ rows: 2, added: 0 });
    const resident = await club.claimResidency(ctx(a.viewer), { nationalId: IDS[0] });
    expect(resident.residentVerifiedAt).not.toBeNull();
    expect((await club.membershipOf(a.viewer))?.level).toBe("resident");
    await expect(club.claimResidency(ctx(b.viewer), { nationalId: IDS[0] })).rejects.toMatchObject({
      fieldErrors: { nationalId: ["club.error.nationalIdUsed"] },
    });
    // Even after A deletes the account, the ID stays spent.
    await identity.deleteAccount(ctx(a.viewer), { password: "people password 137" });
    await expect(club.claimResidency(ctx(b.viewer), { nationalId: IDS[0] })).rejects.toMatchObject({
      fieldErrors: { nationalId: ["club.error.nationalIdUsed"] },
    });
    await club.claimResidency(ctx(b.viewer), { nationalId: IDS[1] });
  });
});
