import "../support/db";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import * as budgeting from "../../app/modules/budgeting";
import { prisma } from "../../app/platform/db/client.server";
import { ValidationError } from "../../app/platform/errors";
import { sniffImageType } from "../../app/platform/media.server";
import { loader as mediaLoader } from "../../app/routes/media.$id";
import { ctx } from "../support/context";
import { member, person, staff } from "../support/people";

const DAY = 86_400_000;
let budgetId: string;
let admin: Awaited<ReturnType<typeof staff>>;

async function jpegWithGps() {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: "#0f5132" } })
    .jpeg()
    .withExif({
      IFD0: { Make: "PhoneCo", Copyright: "Reporter" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "35/1 44/1 36/1", GPSLongitudeRef: "E", GPSLongitude: "51/1 22/1 30/1" },
    })
    .toBuffer();
}

function get(id: string, cookie?: string) {
  const request = new Request(`http://test.local/media/${id}`, { headers: cookie ? { cookie } : {} });
  return mediaLoader({ request, params: { id }, context: { ip: null, appendHeader: () => undefined } }).catch(
    (r: unknown) => r as Response,
  );
}

beforeAll(async () => {
  admin = await staff("admin");
  const now = Date.now();
  const cycle = await budgeting.createCycle(ctx(admin.viewer), {
    slug: `photos-${now.toString(36)}`,
    titleFa: "عکس‌ها",
    titleEn: "Photos",
    proposalsOpenAt: new Date(now - DAY),
    reviewAt: new Date(now + DAY),
    votingOpenAt: new Date(now + 2 * DAY),
    votingCloseAt: new Date(now + 3 * DAY),
    implementationAt: new Date(now + 4 * DAY),
  });
  budgetId = (
    await budgeting.createBudget(ctx(admin.viewer), {
      cycleId: cycle.id,
      nameFa: "کل شهر",
      nameEn: "City",
      amountRials: "1000000000",
      ballotType: "approval",
      maxChoices: 3,
      residentsOnly: false,
    })
  ).id;
});

const proposal = {
  title: "Shade for the bus stop",
  description: "A shade and a bench for the bus stop on Valiasr street.",
  estimatedCostRials: "5000000",
};

describe("proposal photos", () => {
  it("stores photos re-encoded, without EXIF or GPS data", async () => {
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const m = await member(3);
    const p = await budgeting.submitProposal(ctx(m.viewer), { ...proposal, budgetId }, [
      { name: "IMG_0001.JPG", bytes: new Uint8Array(original) },
    ]);
    const [file] = await prisma.mediaFile.findMany({ where: { subjectType: "proposal", subjectId: p.id } });
    expect(file).toMatchObject({ contentType: "image/webp", width: 64, height: 48, public: false });
    const stored = await sharp(Buffer.from(file.bytes)).metadata();
    expect(stored.format).toBe("webp");
    expect(stored.exif).toBeUndefined();
    expect(Buffer.from(file.bytes).includes(Buffer.from("PhoneCo"))).toBe(false);
  });

  it("refuses files that are not photos, or too many, and stores nothing", async () => {
    const m = await member(3);
    const before = await prisma.proposal.count({ where: { budgetId } });
    const pdf = new TextEncoder().encode("%PDF-1.4 pretending to be a photo");
    const fake = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]); // JPEG magic, not a JPEG
    for (const bytes of [pdf, fake]) {
      const error = await budgeting
        .submitProposal(ctx(m.viewer), { ...proposal, budgetId }, [{ name: "photo.jpg", bytes }])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors.photos[0]).toMatch(/^media\.error\.type\|/);
    }
    const six = await Promise.all(Array.from({ length: 6 }, () => jpegWithGps()));
    await expect(
      budgeting.submitProposal(
        ctx(m.viewer),
        { ...proposal, budgetId },
        six.map((b, i) => ({ name: `${i}.jpg`, bytes: new Uint8Array(b) })),
      ),
    ).rejects.toMatchObject({ fieldErrors: { photos: ['media.error.tooMany|{"max":5}'] } });
    expect(await prisma.proposal.count({ where: { budgetId } })).toBe(before);
    expect(sniffImageType(pdf)).toBeNull();
  });

  it("is visible to its author and staff until accepted, then to everyone", async () => {
    const m = await member(3);
    const stranger = await person("Stranger");
    const p = await budgeting.submitProposal(ctx(m.viewer), { ...proposal, budgetId }, [
      { name: "a.jpg", bytes: new Uint8Array(await jpegWithGps()) },
    ]);
    const photoId = (await prisma.mediaFile.findFirstOrThrow({ where: { subjectId: p.id } })).id;
    expect((await get(photoId)).status).toBe(404);
    expect((await get(photoId, `session=${stranger.token}`)).status).toBe(404);
    const own = await get(photoId, `session=${m.token}`);
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toBe("private, no-store");
    expect((await get(photoId, `session=${admin.token}`)).status).toBe(200);
    // Staff means the proposal's reviewers: a region-3 manager does not review a city-wide budget.
    const [manager3, managerCity] = await Promise.all([staff("manager", 3), staff("manager")]);
    expect((await get(photoId, `session=${manager3.token}`)).status).toBe(404);
    expect(await budgeting.proposalPhotos(manager3.viewer, [p.id])).toEqual({});
    expect((await get(photoId, `session=${managerCity.token}`)).status).toBe(200);
    expect(await budgeting.proposalPhotos(managerCity.viewer, [p.id])).toEqual({ [p.id]: [{ id: photoId, width: 64, height: 48 }] });
    await budgeting.reviewProposal(ctx(admin.viewer), { proposalId: p.id, decision: "accept", officialCostRials: "5000000" });
    const open = await get(photoId);
    expect(open.status).toBe(200);
    expect(open.headers.get("content-type")).toBe("image/webp");
    expect(open.headers.get("cache-control")).toContain("immutable");
    expect(await budgeting.proposalPhotos(stranger.viewer, [p.id])).toEqual({ [p.id]: [{ id: photoId, width: 64, height: 48 }] });
    expect((await get("../../etc/passwd")).status).toBe(404);
  });
});
