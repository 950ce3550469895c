// Tracking codes: 8 characters a citizen can read over the phone — digits 2–9 and capitals without
// I, L, O, U (no 0/O, 1/I/L confusions, no accidental words) — shown as XXXX-XXXX. 30⁸ ≈ 6.6·10¹¹
// codes: guessing one is hopeless, and the unique index turns the rare collision into a retry.
import { randomInt } from "node:crypto";

export const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newTrackingCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A case's public reference, "C-" and 6 characters of the same alphabet (30⁶ ≈ 7·10⁸): drawn at
 * random, never derived from the tracking code, so publishing it (nearby, following, the map,
 * Open311) tells nothing of the code. Unique index; a collision is drawn again.
 */
export function newPublicReference(): string {
  let ref = "";
  for (let i = 0; i < 6; i++) ref += ALPHABET[randomInt(ALPHABET.length)];
  return `C-${ref}`;
}

/** Distance in metres between two points (haversine; plenty for "within 50 m"). */
export function metresBetween(lat1: number, lng1: number, lat2: number, lng2: number) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}
