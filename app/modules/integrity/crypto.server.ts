// Secrets of the corruption-reports channel, all from REPORTS_ENCRYPTION_KEY (config.server.ts):
//  - AES-256-GCM encryption at rest of report bodies, messages, notes and reporter identity;
//  - the reporter's follow-up code and passphrase (argon2id-hashed, like account passwords);
//  - the short-lived signed token that keeps a reporter in their thread between page loads.
// Purpose-specific sub-keys are derived with HKDF, so the encryption key itself is never used as a
// MAC key, and one leaked sub-key reveals nothing about the others.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { config } from "~/platform/config.server";
import { groupDigits } from "./schemas";

// ── Encryption at rest ───────────────────────────────────────────────────────────────────────
// Ciphertext layout (bytea): [key version: 1 byte][IV: 12 bytes][GCM tag: 16 bytes][ciphertext].
// The version byte lets the key be rotated later: add the new key under version 2, encrypt with
// it, keep decrypting version 1 until every row is re-encrypted, then drop it.
const CURRENT_KEY_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyring(): Map<number, Buffer> {
  return new Map([[1, config().reportsEncryptionKey]]);
}

function currentKey() {
  return keyring().get(CURRENT_KEY_VERSION)!;
}

/**
 * Encrypts `plaintext`. `context` (e.g. "report.description:<id>") is bound to the ciphertext as
 * GCM associated data: a ciphertext copied onto another row or column no longer decrypts.
 */
export function encrypt(plaintext: string, context: string): Uint8Array<ArrayBuffer> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", currentKey(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const out = new Uint8Array(1 + IV_BYTES + TAG_BYTES + body.length);
  out[0] = CURRENT_KEY_VERSION;
  out.set(iv, 1);
  out.set(cipher.getAuthTag(), 1 + IV_BYTES);
  out.set(body, 1 + IV_BYTES + TAG_BYTES);
  return out;
}

export function decrypt(blob: Uint8Array, context: string): string {
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const key = keyring().get(bytes[0]);
  if (!key) throw new Error(`Corruption-report ciphertext uses key version ${bytes[0]}, which this process does not have`);
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}

export const decryptOptional = (blob: Uint8Array | null, context: string) => (blob ? decrypt(blob, context) : null);

function subkey(purpose: string) {
  return Buffer.from(hkdfSync("sha256", currentKey(), Buffer.alloc(0), `corruption-reports/${purpose}`, 32));
}

const hmac = (purpose: string, message: string) => createHmac("sha256", subkey(purpose)).update(message, "utf8").digest();

// ── Codes and passphrases ────────────────────────────────────────────────────────────────────
// Digits only: Persian keyboards type ۰–۹, which we read as 0–9, and digits are easy to write down
// and read over the phone. 12 digits of code; 20 digits (≈66 bits) of passphrase, checked with
// argon2id and throttled per code, are far beyond guessing. (Parsing them: schemas.ts.)

export function newReportCode() {
  let digits = "";
  for (let i = 0; i < 12; i++) digits += String(randomInt(10));
  return groupDigits(digits);
}

/** "482109375512" or "۴۸۲۱ ۰۹۳۷ ۵۵۱۲" → "4821-0937-5512"; null when it is not 12 digits. */
/**
 * The passphrase of the submission made with `idempotencyKey`, derived with a keyed hash rather
 * than stored: a retried submission (a double click without JavaScript, a lost response) can show
 * the reporter the same passphrase again, while the database keeps only its argon2id hash.
 */
export function passphraseFor(idempotencyKey: string) {
  const n = BigInt(`0x${hmac("passphrase", idempotencyKey).toString("hex")}`) % 10n ** 20n;
  return groupDigits(n.toString().padStart(20, "0"));
}

export function idempotencyKeyHash(idempotencyKey: string) {
  return createHash("sha256").update(idempotencyKey, "utf8").digest("hex");
}

/** A keyed hash of a submission's fields (reveals nothing about them), tagged with the key version. */
export function fingerprint(fields: unknown) {
  return `v${CURRENT_KEY_VERSION}:${hmac("fingerprint", JSON.stringify(fields)).toString("hex")}`;
}

// OWASP's argon2id baseline, as the identity module uses for passwords.
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassphrase(passphrase: string) {
  return hash(passphrase, ARGON2);
}

// Checking against this when the code does not exist keeps "no such report" as slow as "wrong
// passphrase": timing does not tell which codes exist.
let dummyHash: Promise<string> | undefined;

export async function verifyPassphrase(passphraseHash: string | null | undefined, passphrase: string) {
  dummyHash ??= hashPassphrase("0000-0000-0000-0000-0000");
  const ok = await verify(passphraseHash ?? (await dummyHash), passphrase).catch(() => false);
  return ok && passphraseHash != null;
}

// ── The reporter's thread token ──────────────────────────────────────────────────────────────
// `<report id>.<expiry, unix seconds>.<HMAC>`: names a report and nothing about the person.

export function signThreadToken(reportId: string, expiresAt: Date) {
  const payload = `${reportId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${payload}.${hmac("thread-token", payload).toString("base64url")}`;
}

/** The report id a token grants, or null (forged, malformed or expired). */
export function verifyThreadToken(token: string | null | undefined, now = Date.now()): string | null {
  if (!token || token.length > 200) return null;
  const match = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const expected = hmac("thread-token", `${match[1]}.${match[2]}`);
  const given = Buffer.from(match[3], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (Number(match[2]) * 1000 <= now) return null;
  return match[1];
}
