// Photos: the bytes a person uploads are never stored as given. We sniff the real type from the
// file's first bytes (not its name or the browser's claim), accept JPEG, PNG and WebP only, and
// re-encode with sharp: orientation applied, at most 2048 px, WebP — which drops EXIF, GPS and
// every other metadata. Files live in PostgreSQL so any app process can serve them.
import type pg from "pg";
import sharp from "sharp";
import type { Tx } from "./db/client.server";
import { prisma } from "./db/client.server";
import { encodeMessage } from "./i18n";
import { ValidationError } from "./errors";
import { isUuid } from "./ids";

export const MEDIA_LIMITS = { maxBytes: 8 * 1024 * 1024, maxFiles: 5, maxPixels: 40_000_000, maxSide: 2048 };

export type Upload = { name: string; bytes: Uint8Array };
export type ProcessedPhoto = { bytes: Buffer; contentType: "image/webp"; width: number; height: number };

export function sniffImageType(bytes: Uint8Array): "jpeg" | "png" | "webp" | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return "png";
  if (bytes.length >= 12 && String.fromCharCode(...bytes.slice(0, 4)) === "RIFF" && String.fromCharCode(...bytes.slice(8, 12)) === "WEBP")
    return "webp";
  return null;
}

/** Validates and re-encodes photos for `field`; throws a per-field ValidationError, storing nothing. */
export async function processPhotos(field: string, uploads: Upload[]): Promise<ProcessedPhoto[]> {
  const files = uploads.filter((u) => u.bytes.length > 0);
  if (files.length > MEDIA_LIMITS.maxFiles)
    throw new ValidationError({ [field]: [encodeMessage("media.error.tooMany", { max: MEDIA_LIMITS.maxFiles })] });
  const out: ProcessedPhoto[] = [];
  for (const file of files) {
    if (file.bytes.length > MEDIA_LIMITS.maxBytes)
      throw new ValidationError({
        [field]: [encodeMessage("media.error.tooLarge", { name: file.name.slice(0, 80), max: MEDIA_LIMITS.maxBytes / 1024 / 1024 })],
      });
    if (!sniffImageType(file.bytes))
      throw new ValidationError({ [field]: [encodeMessage("media.error.type", { name: file.name.slice(0, 80) })] });
    try {
      const { data, info } = await sharp(file.bytes, { limitInputPixels: MEDIA_LIMITS.maxPixels, failOn: "error" })
        .rotate()
        .resize(MEDIA_LIMITS.maxSide, MEDIA_LIMITS.maxSide, { fit: "inside", withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      out.push({ bytes: data, contentType: "image/webp", width: info.width, height: info.height });
    } catch {
      // Right magic bytes but not a decodable image (truncated, corrupt, or a polyglot).
      throw new ValidationError({ [field]: [encodeMessage("media.error.type", { name: file.name.slice(0, 80) })] });
    }
  }
  return out;
}

export async function attachPhotos(
  db: Tx | pg.PoolClient,
  photos: ProcessedPhoto[],
  subject: { type: string; id: string; public: boolean; createdById: string | null },
) {
  if (photos.length === 0) return;
  const rows = photos.map((p, i) => ({
    subjectType: subject.type,
    subjectId: subject.id,
    contentType: p.contentType,
    bytes: new Uint8Array(p.bytes),
    sizeBytes: p.bytes.length,
    width: p.width,
    height: p.height,
    public: subject.public,
    position: i,
    createdById: subject.createdById,
  }));
  if ("release" in db) {
    // A plain pg client (the SQL hot paths, e.g. case submission).
    for (const r of rows) {
      await db.query(
        `INSERT INTO media_files (subject_type, subject_id, content_type, bytes, size_bytes, width, height, public, position, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          r.subjectType,
          r.subjectId,
          r.contentType,
          Buffer.from(r.bytes),
          r.sizeBytes,
          r.width,
          r.height,
          r.public,
          r.position,
          r.createdById,
        ],
      );
    }
    return;
  }
  await db.mediaFile.createMany({ data: rows });
}

/** Photo ids of a subject, in order (no bytes). */
export function photosOf(subjectType: string, subjectIds: string[]) {
  return prisma.mediaFile.findMany({
    where: { subjectType, subjectId: { in: subjectIds } },
    orderBy: [{ subjectId: "asc" }, { position: "asc" }],
    select: { id: true, subjectId: true, width: true, height: true, public: true },
  });
}

/** A file's bytes for the /media route, or null. `allowPrivate`: the owning module said yes. */
export async function mediaBytes(id: string, allowPrivate: boolean) {
  if (!isUuid(id)) return null;
  return prisma.mediaFile.findFirst({
    where: { id, ...(allowPrivate ? {} : { public: true }) },
    select: { bytes: true, contentType: true, public: true },
  });
}
