// Writes a small, valid PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md):
// the 127-byte header, an uncompressed root directory, JSON metadata, then the tiles' bytes. The
// `pmtiles` package only reads archives, so the tests make their own (read back with that package).
import { zxyToTileId } from "pmtiles";

function varint(value: number, out: number[]) {
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

type Tile = { z: number; x: number; y: number; data: Uint8Array };

/** The archive's bytes for `tiles` (any bytes; tile type MVT, no compression anywhere). */
export function pmtilesArchive(tiles: Tile[], metadata: object = { name: "fixture" }): Buffer {
  const sorted = tiles.map((t) => ({ ...t, id: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id);
  const entries: { id: number; offset: number; length: number }[] = [];
  let offset = 0;
  for (const t of sorted) {
    entries.push({ id: t.id, offset, length: t.data.length });
    offset += t.data.length;
  }
  // Directory: count, tile-id deltas, run lengths, lengths, offsets (0 = right after the previous entry, else offset + 1).
  const dir: number[] = [];
  varint(entries.length, dir);
  let last = 0;
  for (const e of entries) {
    varint(e.id - last, dir);
    last = e.id;
  }
  for (const _ of entries) varint(1, dir);
  for (const e of entries) varint(e.length, dir);
  entries.forEach((e, i) => varint(i > 0 && e.offset === entries[i - 1].offset + entries[i - 1].length ? 0 : e.offset + 1, dir));

  const root = Buffer.from(dir);
  const meta = Buffer.from(JSON.stringify(metadata), "utf8");
  const data = Buffer.concat(sorted.map((t) => Buffer.from(t.data)));
  const header = Buffer.alloc(127);
  header.write("PMTiles", 0, "latin1");
  header.writeUInt8(3, 7);
  const u64 = (at: number, v: number) => header.writeBigUInt64LE(BigInt(v), at);
  const rootOffset = 127;
  const metaOffset = rootOffset + root.length;
  const leafOffset = metaOffset + meta.length;
  const dataOffset = leafOffset;
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, leafOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, data.length);
  u64(72, entries.length); // addressed tiles
  u64(80, entries.length); // tile entries
  u64(88, entries.length); // tile contents
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(1, 97); // internal compression: none
  header.writeUInt8(1, 98); // tile compression: none
  header.writeUInt8(1, 99); // tile type: MVT
  header.writeUInt8(Math.min(...sorted.map((t) => t.z)), 100);
  header.writeUInt8(Math.max(...sorted.map((t) => t.z)), 101);
  const e7 = (v: number) => Math.round(v * 1e7);
  header.writeInt32LE(e7(51.085), 102); // Tehran's regions' bounds
  header.writeInt32LE(e7(35.565), 106);
  header.writeInt32LE(e7(51.61), 110);
  header.writeInt32LE(e7(35.832), 114);
  header.writeUInt8(11, 118);
  header.writeInt32LE(e7(51.389), 119);
  header.writeInt32LE(e7(35.689), 123);
  return Buffer.concat([header, root, meta, data]);
}
