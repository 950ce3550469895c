// Tokens and passwords, as Lucia's guide describes: 20 random bytes in base32 for the secret, and
// only its SHA-256 kept in the database; passwords hashed with argon2id.
import { createHmac, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/**
 * A device's proof that an account signed in on it before: `d1.<userId>.<issued>.<HMAC>`, kept in a
 * long-lived HttpOnly cookie. It lets its holder past the per-account sign-in delay (never past the
 * password). The key is derived from `secret` (the server's key), under its own label.
 */
const DEVICE_PROOF_DAYS = 365;
function deviceMac(secret: Buffer, payload: string) {
  const key = createHmac("sha256", secret).update("tehran-137-plus device proof v1").digest();
  return createHmac("sha256", key).update(payload).digest("base64url");
}

export function issueDeviceProof(secret: Buffer, userId: string, now = Date.now()) {
  const payload = `d1.${userId}.${Math.floor(now / 1000)}`;
  return { value: `${payload}.${deviceMac(secret, payload)}`, maxAgeSeconds: DEVICE_PROOF_DAYS * 86_400 };
}

/** The account a device proof was issued to, or null (forged, malformed, expired). */
export function deviceProofUser(secret: Buffer, proof: string | null | undefined, now = Date.now()): string | null {
  if (!proof || proof.length > 200) return null;
  const parts = proof.split(".");
  if (parts.length !== 4 || parts[0] !== "d1") return null;
  const payload = parts.slice(0, 3).join(".");
  const expected = Buffer.from(deviceMac(secret, payload));
  const given = Buffer.from(parts[3]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const issued = Number(parts[2]) * 1000;
  if (!Number.isFinite(issued) || now - issued > DEVICE_PROOF_DAYS * 86_400_000) return null;
  return parts[1];
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

// OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane).
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string) {
  return hash(password, ARGON2);
}

// Verifying against this when there is no account keeps "no such account" as slow as "wrong
// password", so timing does not reveal which emails are registered.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword("not-a-real-password-timing-equaliser");
  const target = passwordHash ?? (await dummyHash);
  const ok = await verify(target, password).catch(() => false);
  return ok && passwordHash != null;
}
