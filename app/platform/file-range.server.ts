// A file served with HTTP range requests (RFC 9110 §14), for the maps' local .pmtiles extract:
// the browser's pmtiles reader asks for the header, then directories and tiles by byte range.
//   - no Range: 200 with the whole file (streamed);
//   - `Range: bytes=a-b`, `a-` or `-n` (one range): 206 with Content-Range, or 416 with
//     `Content-Range: bytes */size` when it starts past the end; several ranges or another unit: 200
//     with the whole file (allowed: a server may ignore Range);
//   - a strong ETag from the file's size and modification time; If-None-Match → 304; If-Range with
//     another ETag → the whole file (the reader sees the file changed);
//   - Accept-Ranges: bytes always; HEAD gives the headers only.
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { Readable } from "node:stream";

export type RangeFileOptions = { contentType: string; cacheControl?: string };

function etagOf(stat: { size: number; mtimeMs: number }) {
  return `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`;
}

type Range = { start: number; end: number } | "unsatisfiable" | null;

/** One `bytes=` range against a file of `size` bytes; null when the header is to be ignored. */
export function parseRange(header: string | null, size: number): Range {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null; // another unit, several ranges, or nonsense: the whole file
  const [, first, last] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return "unsatisfiable";
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return null; // invalid range: ignore it
  return { start, end };
}

const stream = (file: string, start: number, end: number) =>
  Readable.toWeb(createReadStream(file, { start, end })) as unknown as ReadableStream<Uint8Array>;

/** The response for `request` (GET or HEAD) to the file at `file`; 404 if it is not there. */
export async function serveFileRange(request: Request, file: string, options: RangeFileOptions): Promise<Response> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const etag = etagOf(stat);
  const headers = new Headers({
    "Accept-Ranges": "bytes",
    "Content-Type": options.contentType,
    ETag: etag,
    "Last-Modified": stat.mtime.toUTCString(),
    // no-transform: no compression middleware may change the bytes the ranges count.
    "Cache-Control": options.cacheControl ?? "public, max-age=3600, no-transform",
  });
  const head = request.method === "HEAD";
  const noneMatch = request.headers.get("If-None-Match");
  if (noneMatch && noneMatch.split(",").some((t) => t.trim() === etag || t.trim() === "*")) {
    return new Response(null, { status: 304, headers });
  }
  const ifRange = request.headers.get("If-Range");
  const range = ifRange && ifRange.trim() !== etag ? null : parseRange(request.headers.get("Range"), stat.size);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${stat.size}`);
    headers.set("Content-Type", "text/plain; charset=utf-8");
    return new Response(head ? null : "Range not satisfiable", { status: 416, headers });
  }
  if (range === null) {
    headers.set("Content-Length", String(stat.size));
    return new Response(head || stat.size === 0 ? null : stream(file, 0, stat.size - 1), { status: 200, headers });
  }
  headers.set("Content-Range", `bytes ${range.start}-${range.end}/${stat.size}`);
  headers.set("Content-Length", String(range.end - range.start + 1));
  return new Response(head ? null : stream(file, range.start, range.end), { status: 206, headers });
}
