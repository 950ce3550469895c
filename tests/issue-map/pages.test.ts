// The public map's doors on the site, through their route modules: the staff close form's
// resolution, the admin categories page's "sensitive" checkbox, the card's "I have this too" and
// the /map page's bad filters (a field error, never a 500).
import "../support/db";
process.env.CASE_SUBMIT_LIMIT_PER_HOUR = "0";
import { beforeAll, describe, expect, it } from "vitest";
import * as cases from "../../app/modules/cases";
import { prisma } from "../../app/platform/db/client.server";
import { action as categoriesAction } from "../../app/routes/admin.categories";
import { action as cardAction, loader as cardLoader } from "../../app/routes/map.cases.$reference";
import { loader as mapLoader } from "../../app/routes/map._index";
import { action as staffCaseAction } from "../../app/routes/staff.cases.$code";
import { ctx, uniqueEmail } from "../support/context";
import { staff } from "../support/people";

let admin: Awaited<ReturnType<typeof staff>>;
let pothole = 0;
let ip = 0;

function args(path: string, token: string | null, form?: Record<string, string>, params: Record<string, string> = {}) {
  const request = new Request(`http://test.local${path}`, {
    method: form ? "POST" : "GET",
    headers: token ? { cookie: `session=${token}` } : {},
    body: form ? new URLSearchParams(form) : undefined,
  });
  return { request, params, context: { ip: `198.51.100.${++ip % 250}`, appendHeader: () => undefined } } as never;
}
const bodyOf = async (r: unknown) => (r instanceof Response ? r.json() : ((r as { data?: unknown }).data ?? r));

async function submit() {
  const r = await cases.submitCase(ctx(), {
    categoryId: pothole,
    description: "A case for the page tests.",
    latitude: 35.7575 + Math.random() * 0.003,
    longitude: 51.4097 + Math.random() * 0.003,
    contactEmail: uniqueEmail("pages"),
    confirmNew: true,
  });
  if (r.kind !== "created") throw new Error("expected a case");
  return r;
}

beforeAll(async () => {
  admin = await staff("admin");
  pothole = (await prisma.caseCategory.findUniqueOrThrow({ where: { slug: "streets.pothole" } })).id;
});

describe("site doors of the public map", () => {
  it("the staff close form records the resolution; the case is then publicly closed and fixed", async () => {
    const c = await submit();
    await cases.actOnCase(ctx(admin.viewer), { caseId: c.id, action: "answer", answer: "Filled and levelled today." });
    await cases.markFeedbackDelivered(c.id, "seen");
    const bad = await bodyOf(
      await staffCaseAction(
        args(`/staff/cases/${c.code}`, admin.token, { action: "close", caseId: c.id, resolution: "maybe" }, { code: c.code }),
      ),
    );
    expect(bad).toMatchObject({ ok: false, fieldErrors: { resolution: ["cases.error.resolution"] } });
    const ok = await bodyOf(
      await staffCaseAction(
        args(`/staff/cases/${c.code}`, admin.token, { action: "close", caseId: c.id, resolution: "fixed" }, { code: c.code }),
      ),
    );
    expect(ok).toMatchObject({ ok: true });
    expect((await prisma.case.findUniqueOrThrow({ where: { id: c.id } })).resolution).toBe("fixed");
    expect((await cases.publicCase(c.reference))?.status).toBe("closed_fixed");
  });

  it("the admin categories page saves the sensitive checkbox", async () => {
    const cat = await prisma.caseCategory.findUniqueOrThrow({ where: { id: pothole } });
    const form = {
      id: String(cat.id),
      slug: cat.slug,
      parentId: String(cat.parentId ?? ""),
      nameFa: cat.nameFa,
      nameEn: cat.nameEn,
      departmentId: String(cat.departmentId ?? ""),
      slaHours: String(cat.slaHours),
      active: "true",
    };
    await categoriesAction(args("/admin/categories", admin.token, { ...form, sensitive: "true" }));
    expect((await prisma.caseCategory.findUniqueOrThrow({ where: { id: pothole } })).sensitive).toBe(true);
    await categoriesAction(args("/admin/categories", admin.token, form)); // unchecked: not sent
    expect((await prisma.caseCategory.findUniqueOrThrow({ where: { id: pothole } })).sensitive).toBe(false);
  });

  it("the card: 'I have this too' follows the open case; an unknown reference is a 404", async () => {
    const c = await submit();
    const path = `/map/cases/${c.reference}`;
    const before = await prisma.caseFollower.count({ where: { caseId: c.id } });
    const noContact = await bodyOf(await cardAction(args(path, null, {}, { reference: c.reference })));
    expect(noContact).toMatchObject({ ok: false, fieldErrors: { contact: ["cases.error.contactRequired"] } });
    const ok = await bodyOf(await cardAction(args(path, null, { contactEmail: uniqueEmail("metoo") }, { reference: c.reference })));
    expect(ok).toMatchObject({ ok: true });
    expect(await prisma.caseFollower.count({ where: { caseId: c.id } })).toBe(before + 1);
    const missing = await cardLoader(args("/map/cases/C-ZZZZZZ", null, undefined, { reference: "C-ZZZZZZ" })).catch((e: unknown) => e);
    expect((missing as { init?: { status?: number } }).init?.status).toBe(404);
  });

  it("/map with a bad filter answers with field errors and an empty list, not a 500", async () => {
    const data = (await mapLoader(args("/map?status=nope&from=2026-02-30", null))) as {
      fieldErrors: Record<string, string[]>;
      page: { totalCount: number };
    };
    expect(Object.keys(data.fieldErrors).sort()).toEqual(["from", "status"]);
    expect(data.page.totalCount).toBe(0);
  });
});
