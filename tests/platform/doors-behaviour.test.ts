// What the door work changed in behaviour: one UUID check (a malformed id is "not found", never a
// database error), one digit normaliser (Arabic-Indic digits too, everywhere), the platform's viewer
// by registration, the layout's `can` map from the modules' predicates, and reads across modules
// answered by their owners.
import "../support/db";
import { describe, expect, it } from "vitest";
import { isUuid } from "../../app/platform/ids";
import { latinDigits } from "../../app/platform/digits";
import { registerViewerResolver, requestContext } from "../../app/platform/request.server";
import { mediaBytes } from "../../app/platform/media.server";
import { anonymous } from "../../app/platform/context";
import * as identity from "../../app/modules/identity";
import * as cases from "../../app/modules/cases";
import * as city from "../../app/modules/city";
import * as club from "../../app/modules/club";
import { canMap } from "../../app/components/can.server";
import { ctx } from "../support/context";
import { person, staff } from "../support/people";

const DASHES = "-".repeat(36);

describe("one UUID check", () => {
  it("accepts UUIDs only (36 dashes or hex without groups are not one)", () => {
    expect(isUuid("3f1e2d4c-5b6a-4789-9abc-def012345678")).toBe(true);
    expect(isUuid("3F1E2D4C-5B6A-4789-9ABC-DEF012345678")).toBe(true);
    for (const bad of [DASHES, "3f1e2d4c5b6a47899abcdef012345678abcd", "", null, 42]) expect(isUuid(bad)).toBe(false);
  });

  it("a malformed id is not found, not a database error (tokens, cases, media)", async () => {
    const p = await person("Ids");
    await expect(identity.revokeApiToken(ctx(p.viewer), DASHES)).rejects.toMatchObject({ status: 404 });
    const operator = await staff("operator");
    await expect(cases.staffView(ctx(operator.viewer), DASHES)).rejects.toMatchObject({ status: 404 });
    expect(await mediaBytes(DASHES, true)).toBeNull();
    expect(await cases.canViewCasePhoto(operator.viewer, DASHES)).toBe(false);
  });
});

describe("one digit normaliser", () => {
  it("reads Persian and Arabic-Indic digits as 0–9", () => {
    expect(latinDigits("۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩ 42")).toBe("0123456789 0123456789 42");
  });

  it("every input that takes digits accepts Arabic-Indic ones too", () => {
    expect(identity.phone.parse("٠٩١٢١٢٣٤٥٦٧")).toBe(identity.phone.parse("09121234567"));
    expect(club.nationalId.parse("٠٠٨٤٥٧٥٩٤٨")).toBe("0084575948");
    expect(cases.trackingCode.parse("٤K٧M-٩QXA")).toBe("4K7M-9QXA");
  });
});

describe("the platform learns the viewer by registration", () => {
  it("requestContext asks the registered resolver (identity's, registered at start-up)", async () => {
    const p = await person("Resolver");
    const withCookie = () => new Request("http://test.local/", { headers: { Cookie: `session=${p.token}` } });
    expect((await requestContext(withCookie())).viewer).toMatchObject({ kind: "user", user: { id: p.userId } });
    registerViewerResolver(async () => anonymous);
    try {
      expect((await requestContext(withCookie())).viewer).toEqual(anonymous);
    } finally {
      registerViewerResolver(identity.viewerFromRequest);
    }
  });
});

describe("the layout's can map", () => {
  it("comes from the modules' predicates", async () => {
    const [citizen, inspector, admin, officer] = [
      await person("Citizen"),
      await staff("inspector"),
      await staff("admin"),
      await staff("officer", 3),
    ];
    expect(canMap(anonymous)).toEqual({ staffCases: false, manageRoles: false, inspectReports: false, readReportAccessLog: false });
    expect(canMap(citizen.viewer)).toEqual({ staffCases: false, manageRoles: false, inspectReports: false, readReportAccessLog: false });
    expect(canMap(inspector.viewer)).toEqual({ staffCases: true, manageRoles: false, inspectReports: true, readReportAccessLog: true });
    expect(canMap(admin.viewer)).toEqual({ staffCases: true, manageRoles: true, inspectReports: false, readReportAccessLog: true });
    expect(canMap(officer.viewer)).toEqual({ staffCases: true, manageRoles: false, inspectReports: false, readReportAccessLog: false });
  });

  it("admins, operators and officers serve citizens in person; managers and inspectors do not", async () => {
    for (const role of ["admin", "operator", "officer"] as const) expect(identity.servesInPerson((await staff(role)).viewer)).toBe(true);
    for (const role of ["manager", "inspector"] as const) expect(identity.servesInPerson((await staff(role)).viewer)).toBe(false);
  });
});

describe("reads across modules go through the owner", () => {
  it("city answers for regions and departments, identity for names", async () => {
    expect(await city.regionExists(3)).toBe(true);
    expect(await city.regionExists(99)).toBe(false);
    const [department] = await city.listDepartments();
    expect(await city.departmentExists(department.id)).toBe(true);
    expect(await city.departmentExists(99_999)).toBe(false);
    expect((await city.regionsById()).get(3)).toMatchObject({ id: 3, nameFa: expect.any(String), nameEn: expect.any(String) });
    const p = await person("Named Person");
    expect((await identity.displayNames([p.userId, p.userId])).get(p.userId)).toBe("Named Person");
    expect((await identity.displayNames([])).size).toBe(0);
  });

  it("granting a role to an unknown department or region is a field error (through city), nothing stored", async () => {
    const admin = await staff("admin");
    const p = await person("Grantee");
    await expect(identity.grantRole(ctx(admin.viewer), { userId: p.userId, role: "officer", departmentId: 99_999 })).rejects.toMatchObject({
      fieldErrors: { departmentId: ["validation.invalid"] },
    });
    await expect(identity.grantRole(ctx(admin.viewer), { userId: p.userId, role: "officer", regionId: 99 })).rejects.toMatchObject({
      fieldErrors: { regionId: expect.any(Array) },
    });
    expect((await identity.findAccounts(ctx(admin.viewer), p.email)).at(0)?.roleAssignments).toEqual([]);
  });

  it("club interests are checked by cases (categoriesExist)", async () => {
    const categories = await cases.topLevelCategories();
    expect(await cases.categoriesExist(categories.slice(0, 2).map((c) => c.id))).toBe(true);
    expect(await cases.categoriesExist([categories[0].id, 999_999])).toBe(false);
    const p = await person("Joiner");
    await expect(club.joinClub(ctx(p.viewer), { homeRegionId: 3, interests: [999_999], acceptTerms: true })).rejects.toMatchObject({
      fieldErrors: { interests: ["validation.invalid"] },
    });
    const joined = await club.joinClub(ctx(p.viewer), { homeRegionId: 3, interests: [categories[0].id], acceptTerms: true });
    expect((await club.membershipOf(p.viewer))?.member).toMatchObject({ id: joined.id, homeRegion: { id: 3 } });
    expect(await club.memberOf(p.userId)).toMatchObject({ id: joined.id });
  });
});
