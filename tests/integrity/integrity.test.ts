import "../support/db";
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import * as reports from "../../app/modules/integrity";
import { decrypt, encrypt, signThreadToken, verifyThreadToken } from "../../app/modules/integrity/crypto.server";
import { loadConfig } from "../../app/platform/config.server";
import { pool, prisma } from "../../app/platform/db/client.server";
import { AppError, ValidationError } from "../../app/platform/errors";
import type { Viewer } from "../../app/platform/context";
import { loader as mediaLoader } from "../../app/routes/media.$id";
import * as accessRoute from "../../app/routes/admin.report-access";
import * as listRoute from "../../app/routes/inspector.reports._index";
import * as reportRoute from "../../app/routes/inspector.reports.$code";
import * as submitRoute from "../../app/routes/report._index";
import * as followRoute from "../../app/routes/report.follow";
import { ctx } from "../support/context";
import { person, staff } from "../support/people";

type Person = Awaited<ReturnType<typeof person>>;
const ROLES = ["anonymous", "citizen", "operator", "officer", "manager", "admin", "inspector"] as const;
type Role = (typeof ROLES)[number];
const people = {} as Record<Exclude<Role, "anonymous">, Person>;
let inspector2: Person;
const viewerOf = (role: Role): Viewer => (role === "anonymous" ? { kind: "anonymous" } : people[role].viewer);

const newKey = () => randomBytes(12).toString("base64url");
const marker = (label: string) => `${label}${randomBytes(6).toString("hex")}`;
const DESCRIPTION = "The head of the permits office asked for money to sign the building permit for plot 12.";

async function submit(extra: Record<string, unknown> = {}, c = ctx()) {
  return reports.submitCorruptionReport(c, { idempotencyKey: newKey(), category: "bribery", description: DESCRIPTION, ...extra });
}

async function jpeg() {
  return new Uint8Array(
    await sharp({ create: { width: 40, height: 30, channels: 3, background: "#884400" } })
      .jpeg()
      .withExif({
        IFD0: { Make: "WhistleCam" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "35/1 41/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "51/1 25/1 0/1" },
      })
      .toBuffer(),
  );
}

/** Every table (app and job queue) whose rows, as text, contain `needle` — as text or as bytes. */
async function tablesContaining(needle: string) {
  const { rows: tables } = await pool().query<{ s: string; t: string }>(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema IN ('public', 'pgboss')`,
  );
  const hex = Buffer.from(needle, "utf8").toString("hex");
  const hits: string[] = [];
  for (const { s, t } of tables) {
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${s}"."${t}" x WHERE x::text ILIKE $1 OR x::text LIKE $2`,
      [`%${needle}%`, `%${hex}%`],
    );
    if (rows[0].n) hits.push(`${s}.${t}`);
  }
  return hits;
}

const emailJobs = async () =>
  (
    await pool().query<{ data: Record<string, unknown> }>(`SELECT data FROM pgboss.job WHERE name = 'email.send' ORDER BY created_on`)
  ).rows.map((r) => r.data);
const accessRows = (code: string) => prisma.corruptionReportAccess.findMany({ where: { report: { code } }, orderBy: { id: "asc" } });

async function credentials(extra: Record<string, unknown> = {}) {
  const receipt = await submit(extra);
  return { code: receipt.code, passphrase: receipt.passphrase! };
}

beforeAll(async () => {
  people.citizen = await person("Citizen");
  people.operator = await staff("operator");
  people.officer = await staff("officer", 3);
  people.manager = await staff("manager", 3);
  people.admin = await staff("admin");
  people.inspector = await staff("inspector");
  inspector2 = await staff("inspector");
});

describe("submitting a report", () => {
  it("gives a code and a passphrase; body and identity are ciphertext at rest; no IP, no account, no audit row", async () => {
    const secret = marker("bribeDetail");
    const name = marker("ReporterName");
    const contact = `${marker("contact")}@example.com`;
    const ip = "203.0.113.77";
    const receipt = await submit(
      { description: `${DESCRIPTION} ${secret}`, reporterName: name, reporterContact: contact, regionId: "3" },
      ctx(people.citizen.viewer, { ip, locale: "fa" }),
    );
    expect(receipt.code).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(receipt.passphrase).toMatch(/^\d{4}(-\d{4}){4}$/);
    expect(receipt.alreadyReceived).toBe(false);

    const { rows } = await pool().query<{
      description: Buffer;
      reporter_name: Buffer;
      reporter_contact: Buffer;
      passphrase_hash: string;
      region_id: number;
      locale: string;
    }>(`SELECT description, reporter_name, reporter_contact, passphrase_hash, region_id, locale FROM corruption_reports WHERE code = $1`, [
      receipt.code,
    ]);
    const row = rows[0];
    expect(row).toMatchObject({ region_id: 3, locale: "fa" });
    for (const [bytes, plain] of [
      [row.description, secret],
      [row.reporter_name, name],
      [row.reporter_contact, contact],
    ] as const) {
      expect(bytes[0], "key version byte").toBe(1);
      expect(bytes.includes(Buffer.from(plain))).toBe(false);
    }
    expect(row.passphrase_hash).toMatch(/^\$argon2id\$/);
    expect(row.passphrase_hash.includes(receipt.passphrase!)).toBe(false);

    // Nowhere in the database — app tables or the job queue — as text or bytes.
    for (const needle of [secret, name, contact, ip, receipt.passphrase!]) expect(await tablesContaining(needle), needle).toEqual([]);
    // Nothing ties the report to the signed-in account that sent it.
    const { rows: linked } = await pool().query(`SELECT 1 FROM corruption_reports r WHERE r::text LIKE $1`, [`%${people.citizen.userId}%`]);
    expect(linked).toHaveLength(0);
    expect(await prisma.auditEvent.count({ where: { subjectType: "corruption_report" } })).toBe(0);
  });

  it("is idempotent: a retry (even 20 at once) returns the same report and passphrase; other content with the same key is refused", async () => {
    const idempotencyKey = newKey();
    const input = { idempotencyKey, category: "procurement_fraud", description: `${DESCRIPTION} (idempotent)` };
    const first = await reports.submitCorruptionReport(ctx(), input);
    const again = await reports.submitCorruptionReport(ctx(), input);
    expect(again).toEqual({ code: first.code, passphrase: first.passphrase, alreadyReceived: true });

    const parallelKey = newKey();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => reports.submitCorruptionReport(ctx(), { ...input, idempotencyKey: parallelKey })),
    );
    expect(new Set(results.map((r) => r.code)).size).toBe(1);
    expect(new Set(results.map((r) => r.passphrase)).size).toBe(1);
    expect(results.filter((r) => !r.alreadyReceived)).toHaveLength(1);
    expect(await prisma.corruptionReport.count({ where: { code: results[0].code } })).toBe(1);

    await expect(reports.submitCorruptionReport(ctx(), { ...input, description: `${DESCRIPTION} (something else)` })).rejects.toMatchObject(
      { code: "reports.error.idempotencyConflict", status: 409 },
    );

    // A late retry (after the replay window) still finds the report, but no longer shows the passphrase.
    await prisma.corruptionReport.update({
      where: { code: first.code },
      data: { createdAt: new Date(Date.now() - reports.REPLAY_WINDOW_MS - 60_000) },
    });
    expect(await reports.submitCorruptionReport(ctx(), input)).toEqual({ code: first.code, passphrase: null, alreadyReceived: true });
  });

  it("refuses bad input with per-field message keys and stores nothing", async () => {
    const before = {
      reports: await prisma.corruptionReport.count(),
      media: await prisma.mediaFile.count({ where: { subjectType: "corruption_report" } }),
    };
    const errorOf = (raw: Record<string, unknown>, uploads: { name: string; bytes: Uint8Array }[] = []) =>
      reports.submitCorruptionReport(ctx(), raw, uploads).then(
        () => expect.fail("should have been refused"),
        (e: unknown) => {
          expect(e).toBeInstanceOf(ValidationError);
          return (e as ValidationError).fieldErrors;
        },
      );
    expect(await errorOf({})).toEqual({
      idempotencyKey: [expect.any(String)],
      category: ["validation.required"],
      description: ["validation.required"],
    });
    expect(await errorOf({ idempotencyKey: "short", category: "treason", description: "  " })).toEqual({
      idempotencyKey: ["reports.error.idempotencyKey"],
      category: ["validation.invalid"],
      description: ["validation.required"],
    });
    const huge = await errorOf({
      idempotencyKey: newKey(),
      category: "other",
      description: "x".repeat(1_000_000),
      reporterName: "n".repeat(500),
      reporterContact: "c".repeat(201),
    });
    expect(huge).toEqual({
      description: ['validation.tooLong|{"max":10000}'],
      reporterName: ['validation.tooLong|{"max":120}'],
      reporterContact: ['validation.tooLong|{"max":200}'],
    });
    expect(await errorOf({ idempotencyKey: newKey(), category: "other", description: "too short" })).toEqual({
      description: ['validation.tooShort|{"min":30}'],
    });
    expect(await errorOf({ idempotencyKey: newKey(), category: "other", description: DESCRIPTION, regionId: "77" })).toEqual({
      regionId: ["validation.invalid"],
    });
    const pdf = new TextEncoder().encode("%PDF-1.4 not a photo");
    expect(
      (await errorOf({ idempotencyKey: newKey(), category: "other", description: DESCRIPTION }, [{ name: "proof.pdf", bytes: pdf }]))
        .photos[0],
    ).toMatch(/^media\.error\.type\|/);
    const photo = await jpeg();
    expect(
      (
        await errorOf(
          { idempotencyKey: newKey(), category: "other", description: DESCRIPTION },
          Array.from({ length: 6 }, (_, i) => ({ name: `${i}.jpg`, bytes: photo })),
        )
      ).photos[0],
    ).toMatch(/^media\.error\.tooMany\|/);
    expect(await prisma.corruptionReport.count()).toBe(before.reports);
    expect(await prisma.mediaFile.count({ where: { subjectType: "corruption_report" } })).toBe(before.media);
  });

  it("keeps photos re-encoded, private and without uploader; serves them to inspectors only, logging each view", async () => {
    const receipt = await reports.submitCorruptionReport(
      ctx(people.citizen.viewer),
      { idempotencyKey: newKey(), category: "building_permit_fraud", description: DESCRIPTION },
      [{ name: "IMG_0042.JPG", bytes: await jpeg() }],
    );
    const report = await prisma.corruptionReport.findUniqueOrThrow({ where: { code: receipt.code } });
    const [file] = await prisma.mediaFile.findMany({ where: { subjectType: "corruption_report", subjectId: report.id } });
    expect(file).toMatchObject({ contentType: "image/webp", public: false, createdById: null });
    expect(Buffer.from(file.bytes).includes(Buffer.from("WhistleCam"))).toBe(false);

    const get = (cookie?: string) =>
      mediaLoader({
        request: new Request(`http://test.local/media/${file.id}`, { headers: cookie ? { cookie } : {} }),
        params: { id: file.id },
        context: { ip: null, appendHeader: () => undefined },
      }).catch((r: unknown) => r as Response);
    for (const role of ROLES.filter((r) => r !== "inspector")) {
      expect((await get(role === "anonymous" ? undefined : `session=${people[role].token}`)).status, role).toBe(404);
    }
    expect(await accessRows(receipt.code)).toHaveLength(0);
    const ok = await get(`session=${people.inspector.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Cache-Control")).toBe("private, no-store");
    expect((await accessRows(receipt.code)).map((r) => [r.action, r.inspectorId])).toEqual([["view_photo", people.inspector.userId]]);
    expect((await reports.readCorruptionReport(ctx(people.inspector.viewer), receipt.code)).photos).toEqual([
      { id: file.id, width: 40, height: 30 },
    ]);
  });
});

describe("following a report up", () => {
  it("opens with the code and passphrase (Persian digits, spaces, no dashes); a wrong one or an unknown code get the same generic answer", async () => {
    const { code, passphrase } = await credentials();
    const persian = (s: string) => s.replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)]);
    const opened = await reports.followCorruptionReport(ctx(), {
      code: persian(code).replace(/-/g, " "),
      passphrase: passphrase.replace(/-/g, ""),
    });
    expect(opened.thread).toMatchObject({ code, status: "received", category: "bribery", outcome: null, messages: [] });
    expect(verifyThreadToken(opened.token)).toMatch(/^[0-9a-f-]{36}$/);

    const wrong = `${passphrase.slice(0, -1)}${(Number(passphrase.at(-1)) + 1) % 10}`;
    await expect(reports.followCorruptionReport(ctx(), { code, passphrase: wrong })).rejects.toMatchObject({
      code: "reports.error.followFailed",
      status: 401,
    });
    await expect(reports.followCorruptionReport(ctx(), { code: "0000-0000-0000", passphrase })).rejects.toMatchObject({
      code: "reports.error.followFailed",
      status: 401,
    });
    await expect(reports.followCorruptionReport(ctx(), { code: "12ab", passphrase: "" })).rejects.toMatchObject({
      fieldErrors: { code: ["reports.error.codeFormat"], passphrase: ["validation.required"] },
    });
  });

  it("limits attempts per report code (whatever the client), and never by IP", async () => {
    const { code, passphrase } = await credentials();
    const other = await credentials();
    for (let i = 0; i < reports.FOLLOW_LIMITS.attempts; i++) {
      await expect(
        reports.followCorruptionReport(ctx(undefined, { ip: `198.51.100.${i}` }), { code, passphrase: "1111-1111-1111-1111-1111" }),
      ).rejects.toMatchObject({ code: "reports.error.followFailed" });
    }
    // Locked now — even with the right passphrase, from yet another address.
    await expect(reports.followCorruptionReport(ctx(undefined, { ip: "198.51.100.200" }), { code, passphrase })).rejects.toMatchObject({
      code: "error.rateLimited",
      status: 429,
    });
    // Another report is not affected.
    await expect(reports.followCorruptionReport(ctx(), other)).resolves.toMatchObject({ thread: { code: other.code } });
    const { rows } = await pool().query<{ key: string }>(`SELECT key FROM rate_limit_buckets WHERE key LIKE 'reports:%'`);
    expect(rows.map((r) => r.key)).toContain(`reports:follow:${code}`);
    expect(await tablesContaining("198.51.100.")).toEqual([]);
  });

  it("keeps the reporter in the thread with a signed, expiring token naming only the report", async () => {
    const { code, passphrase } = await credentials();
    const { token } = await reports.followCorruptionReport(ctx(), { code, passphrase });
    const reportId = verifyThreadToken(token)!;
    expect((await reports.reporterThread(ctx(), token)).thread.code).toBe(code);
    const [id, exp, sig] = token.split(".");
    expect(verifyThreadToken(`${id}.${Number(exp) + 3600}.${sig}`)).toBeNull(); // extended by hand
    expect(
      verifyThreadToken(
        `${randomBytes(16)
          .toString("hex")
          .replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-")}.${exp}.${sig}`,
      ),
    ).toBeNull();
    expect(verifyThreadToken(signThreadToken(reportId, new Date(Date.now() - 1000)))).toBeNull();
    await expect(reports.reporterThread(ctx(), "garbage")).rejects.toMatchObject({ code: "reports.error.threadExpired" });
    await expect(reports.sendReporterMessage(ctx(), { token: null }, { body: "hello inspectors" })).rejects.toMatchObject({
      code: "reports.error.threadExpired",
    });
  });
});

describe("the thread and the status workflow", () => {
  it("reporter ↔ inspector messages; received → under investigation → closed with the outcome the reporter reads; closed is final", async () => {
    const { code, passphrase } = await credentials({ reporterName: "Leila", reporterContact: "0912 000 0000" });
    const insp = ctx(people.inspector.viewer);
    const reporterText = marker("reporterMsg");
    const { token } = await reports.followCorruptionReport(ctx(), { code, passphrase });
    await reports.sendReporterMessage(ctx(), { token }, { body: `I also have the receipts. ${reporterText}` });
    await expect(reports.sendReporterMessage(ctx(), { token }, { body: "" })).rejects.toMatchObject({
      fieldErrors: { body: ["validation.required"] },
    });
    await expect(reports.sendReporterMessage(ctx(), { token }, { body: "x".repeat(5001) })).rejects.toMatchObject({
      fieldErrors: { body: ['validation.tooLong|{"max":5000}'] },
    });

    const read = await reports.readCorruptionReport(insp, { code });
    expect(read).toMatchObject({
      code,
      description: DESCRIPTION,
      reporterName: "Leila",
      reporterContact: "0912 000 0000",
      status: "received",
    });
    expect(read.messages.map((m) => [m.from, m.body])).toEqual([["reporter", `I also have the receipts. ${reporterText}`]]);

    const replyText = marker("inspectorReply");
    await reports.replyToCorruptionReport(insp, { code, body: `Please send photos of the receipts. ${replyText}` });
    await reports.setCorruptionReportStatus(insp, { code, status: "under_investigation", note: "internal: assigned to team B" });
    await expect(reports.setCorruptionReportStatus(insp, { code, status: "closed", note: "" })).rejects.toMatchObject({
      fieldErrors: { note: ["reports.error.outcomeRequired"] },
    });
    await expect(reports.setCorruptionReportStatus(insp, { code, status: "received" })).rejects.toMatchObject({
      fieldErrors: { status: ["reports.error.transition"] },
    });
    await reports.setCorruptionReportStatus(ctx(inspector2.viewer), {
      code,
      status: "closed",
      note: "The official was suspended and the permit revoked.",
    });

    const thread = (await reports.followCorruptionReport(ctx(), { code, passphrase })).thread;
    expect(thread).toMatchObject({ status: "closed", outcome: "The official was suspended and the permit revoked." });
    expect(thread.messages.map((m) => [m.from, m.body])).toEqual([
      ["reporter", `I also have the receipts. ${reporterText}`],
      ["inspector", `Please send photos of the receipts. ${replyText}`],
    ]);
    // The reporter never learns who the inspectors are, nor their internal notes.
    expect(JSON.stringify(thread)).not.toMatch(/inspectorName|team B|Inspector/);

    await expect(reports.sendReporterMessage(ctx(), { code, passphrase }, { body: "one more thing" })).rejects.toMatchObject({
      code: "reports.error.closed",
      status: 409,
    });
    await expect(reports.replyToCorruptionReport(insp, { code, body: "too late" })).rejects.toMatchObject({ code: "reports.error.closed" });
    await expect(reports.setCorruptionReportStatus(insp, { code, status: "under_investigation" })).rejects.toMatchObject({
      fieldErrors: { status: ["reports.error.transition"] },
    });

    const final = await reports.readCorruptionReport(insp, { code });
    expect(final.statusChanges.map((s) => [s.fromStatus, s.toStatus, s.note])).toEqual([
      ["received", "under_investigation", "internal: assigned to team B"],
      ["under_investigation", "closed", "The official was suspended and the permit revoked."],
    ]);
    expect(final.closedAt).toBeInstanceOf(Date);
    expect(final.messages[1]).toMatchObject({ from: "inspector", inspectorName: "inspector" });
    for (const needle of [reporterText, replyText, "team B", "suspended"]) expect(await tablesContaining(needle), needle).toEqual([]);
    expect((await accessRows(code)).map((r) => r.action)).toEqual(["read", "reply", "change_status", "change_status", "read"]);
  });

  it("two inspectors changing the status at once: exactly one wins", async () => {
    const { code } = await credentials();
    const results = await Promise.allSettled(
      [people.inspector, inspector2].map((p) => reports.setCorruptionReportStatus(ctx(p.viewer), { code, status: "under_investigation" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.corruptionReportStatusChange.count({ where: { report: { code } } })).toBe(1);
  });
});

describe("notifications", () => {
  it("never emails inspectors about new reports; a reporter who gave an email is told only that there is a reply", async () => {
    const before = (await emailJobs()).length;
    const withEmail = await credentials({ reporterContact: " Whistle.Blower@Example.com " });
    const withPhone = await credentials({ reporterContact: "09120000000" });
    expect((await emailJobs()).length).toBe(before);

    const secretReply = marker("replyBody");
    await reports.replyToCorruptionReport(ctx(people.inspector.viewer), {
      code: withPhone.code,
      body: `A reply nobody is emailed about ${secretReply}`,
    });
    expect((await emailJobs()).length).toBe(before);
    await reports.replyToCorruptionReport(ctx(people.inspector.viewer), {
      code: withEmail.code,
      body: `Thank you, we are on it ${secretReply}`,
    });
    const jobs = (await emailJobs()).slice(before);
    expect(jobs).toEqual([
      { template: "follow-up-reply", to: "whistle.blower@example.com", locale: "en", props: { url: "http://test.local/report/follow" } },
    ]);
    expect(JSON.stringify(jobs)).not.toContain(withEmail.code);
  });
});

describe("authorization: every role × every inspector operation, in the module", () => {
  it("only inspectors list, read, reply and change status; inspectors and admins read the access log; the rest are refused and leave no trace", async () => {
    const { code } = await credentials();
    const ops = {
      list: (v: Viewer) => reports.listCorruptionReports(ctx(v), {}),
      read: (v: Viewer) => reports.readCorruptionReport(ctx(v), { code }),
      reply: (v: Viewer) => reports.replyToCorruptionReport(ctx(v), { code, body: "A reply from someone" }),
      changeStatus: (v: Viewer) => reports.setCorruptionReportStatus(ctx(v), { code, status: "under_investigation" }),
      readAccessLog: (v: Viewer) => reports.accessLogOf(ctx(v), { code }),
    };
    const allowed: Record<keyof typeof ops, Role[]> = {
      list: ["inspector"],
      read: ["inspector"],
      reply: ["inspector"],
      changeStatus: ["inspector"],
      readAccessLog: ["inspector", "admin"],
    };
    const outcome: Record<string, string> = {};
    for (const role of ROLES.filter((r) => r !== "inspector")) {
      for (const [op, run] of Object.entries(ops)) {
        outcome[`${role}.${op}`] = await run(viewerOf(role)).then(
          () => "allowed",
          (e: unknown) => (e instanceof AppError ? `${e.status} ${e.code}` : String(e)),
        );
      }
    }
    const expected: Record<string, string> = {};
    for (const role of ROLES.filter((r) => r !== "inspector")) {
      for (const op of Object.keys(ops) as (keyof typeof ops)[]) {
        expected[`${role}.${op}`] = allowed[op].includes(role)
          ? "allowed"
          : role === "anonymous"
            ? "401 error.unauthenticated"
            : "403 error.forbidden";
      }
    }
    expect(outcome).toEqual(expected);
    // Nobody but inspectors left a trace: no read logged, no message, status unchanged.
    expect(await accessRows(code)).toHaveLength(0);
    expect(
      await prisma.corruptionReport.findUniqueOrThrow({
        where: { code },
        select: { status: true, _count: { select: { messages: true } } },
      }),
    ).toEqual({ status: "received", _count: { messages: 0 } });

    // And the inspector may do all of it.
    for (const [op, run] of Object.entries(ops)) await expect(run(viewerOf("inspector")), op).resolves.toBeDefined();
    expect((await accessRows(code)).map((r) => r.action)).toEqual(["read", "reply", "change_status"]);
  });
});

describe("the access log", () => {
  it("is append-only in the database: no UPDATE, DELETE or TRUNCATE, whoever asks (the thread and the status history too)", async () => {
    const { code } = await credentials();
    await reports.readCorruptionReport(ctx(people.inspector.viewer), { code });
    await reports.replyToCorruptionReport(ctx(people.inspector.viewer), { code, body: "A question for you." });
    await reports.setCorruptionReportStatus(ctx(people.inspector.viewer), { code, status: "under_investigation" });
    for (const table of ["corruption_report_access_log", "corruption_report_messages", "corruption_report_status_changes"]) {
      await expect(pool().query(`UPDATE ${table} SET created_at = now()`), table).rejects.toThrow(`${table} is append-only`);
      await expect(pool().query(`DELETE FROM ${table}`), table).rejects.toThrow(`${table} is append-only`);
      await expect(pool().query(`TRUNCATE ${table} CASCADE`), table).rejects.toThrow(/is append-only/);
    }
    const log = await reports.accessLogOf(ctx(people.admin.viewer), { code });
    expect(log.entries.map((e) => [e.action, e.inspectorName, e.code])).toEqual([
      ["change_status", "inspector", code],
      ["reply", "inspector", code],
      ["read", "inspector", code],
    ]);
    // Admins' overview across reports, newest first.
    const all = await reports.accessLogOf(ctx(people.admin.viewer), {});
    expect(all.entries[0]).toMatchObject({ code, action: "change_status" });
    await expect(reports.accessLogOf(ctx(people.admin.viewer), { code: "9999-9999-9999" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("encryption at rest", () => {
  it("AES-256-GCM with a key-version byte, bound to its row: a moved or altered ciphertext does not decrypt", () => {
    const blob = encrypt("سلام، این یک گزارش است", "corruption_reports.description:a");
    expect(blob[0]).toBe(1);
    expect(decrypt(blob, "corruption_reports.description:a")).toBe("سلام، این یک گزارش است");
    expect(() => decrypt(blob, "corruption_reports.description:b")).toThrow();
    const altered = new Uint8Array(blob);
    altered[altered.length - 1] ^= 1;
    expect(() => decrypt(altered, "corruption_reports.description:a")).toThrow();
    const future = new Uint8Array(blob);
    future[0] = 9;
    expect(() => decrypt(future, "corruption_reports.description:a")).toThrow(/key version 9/);
    expect(Buffer.from(encrypt("same", "c")).equals(Buffer.from(encrypt("same", "c")))).toBe(false); // fresh IV
  });

  it("REPORTS_ENCRYPTION_KEY is required in production and must be 32 bytes; development uses a fixed dev key", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/REPORTS_ENCRYPTION_KEY is required in production/);
    expect(() => loadConfig({ NODE_ENV: "production", REPORTS_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") })).toThrow(
      /REPORTS_ENCRYPTION_KEY: must be the base64 encoding of exactly 32/,
    );
    const key = randomBytes(32);
    expect(loadConfig({ NODE_ENV: "production", REPORTS_ENCRYPTION_KEY: key.toString("base64") }).reportsEncryptionKey.equals(key)).toBe(
      true,
    );
    const dev = loadConfig({ NODE_ENV: "development" }).reportsEncryptionKey;
    expect(dev).toHaveLength(32);
    expect(loadConfig({ NODE_ENV: "test" }).reportsEncryptionKey.equals(dev)).toBe(true);
  });
});

// ── Through the site: the same matrix, as page requests and form posts ─────────────────────────

type Status = number;
/** Runs a loader/action the way Remix would; returns the HTTP status and what the page would get. */
async function page(fn: () => Promise<unknown>): Promise<{ status: Status; body: string }> {
  try {
    const out = await fn();
    if (out instanceof Response) return { status: out.status, body: await out.text() };
    const init = (out as { init?: { status?: number } | null }).init;
    if ((out as { type?: string }).type === "DataWithResponseInit")
      return { status: init?.status ?? 200, body: JSON.stringify((out as { data: unknown }).data) };
    return { status: 200, body: JSON.stringify(out) };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() };
    const t = thrown as { type?: string; init?: { status?: number }; data?: unknown };
    if (t.type === "DataWithResponseInit") return { status: t.init?.status ?? 500, body: JSON.stringify(t.data) };
    throw thrown;
  }
}

function args(
  role: Role,
  path: string,
  init: { method?: string; form?: Record<string, string>; cookie?: string; params?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = {};
  const cookies = [role === "anonymous" ? null : `session=${people[role].token}`, init.cookie].filter(Boolean);
  if (cookies.length) headers.cookie = cookies.join("; ");
  const request = new Request(`http://test.local${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.form ? new URLSearchParams(init.form) : undefined,
  });
  const appended: [string, string][] = [];
  return {
    request,
    params: init.params ?? {},
    context: { ip: "192.0.2.1", appendHeader: (n: string, v: string) => appended.push([n, v]) },
    appended,
  };
}

describe("through the site", () => {
  it("every role × list, read, reply, change status, access log: non-inspectors get 403 pages, never the content", async () => {
    const secret = marker("siteSecret");
    const { code } = await credentials({ description: `${DESCRIPTION} ${secret}` });
    const requests = {
      list: (r: Role) => page(() => listRoute.loader(args(r, "/inspector/reports"))),
      read: (r: Role) => page(() => reportRoute.loader(args(r, `/inspector/reports/${code}`, { params: { code } }))),
      reply: (r: Role) =>
        page(() =>
          reportRoute.action(
            args(r, `/inspector/reports/${code}`, { method: "POST", params: { code }, form: { intent: "reply", body: "From the site" } }),
          ),
        ),
      changeStatus: (r: Role) =>
        page(() =>
          reportRoute.action(
            args(r, `/inspector/reports/${code}`, {
              method: "POST",
              params: { code },
              form: { intent: "status", status: "under_investigation" },
            }),
          ),
        ),
      readAccessLog: (r: Role) => page(() => accessRoute.loader(args(r, `/admin/report-access?code=${code}`))),
    };
    const allowed: Record<keyof typeof requests, Role[]> = {
      list: ["inspector"],
      read: ["inspector"],
      reply: ["inspector"],
      changeStatus: ["inspector"],
      readAccessLog: ["inspector", "admin"],
    };
    for (const role of ROLES.filter((r) => r !== "inspector")) {
      for (const [op, run] of Object.entries(requests) as [
        keyof typeof requests,
        (r: Role) => Promise<{ status: number; body: string }>,
      ][]) {
        const res = await run(role);
        expect(res.status, `${role} ${op}`).toBe(allowed[op].includes(role) ? 200 : 403);
        expect(res.body, `${role} ${op}`).not.toContain(secret);
        expect(res.body, `${role} ${op}`).not.toContain(code.replace(/-/g, "")); // not even a code in a list
      }
    }
    expect(await accessRows(code)).toHaveLength(0);
    const read = await requests.read("inspector");
    expect(read.status).toBe(200);
    expect(read.body).toContain(secret);
    expect((await requests.reply("inspector")).status).toBe(200);
    expect((await requests.changeStatus("inspector")).status).toBe(200);
    expect((await requests.list("inspector")).body).toContain(code);
    expect((await accessRows(code)).map((r) => r.action)).toEqual(["read", "reply", "change_status"]);
    // Unknown and malformed codes are "not found" for inspectors.
    for (const c of ["9999-9999-9999", "not-a-code"])
      expect((await page(() => reportRoute.loader(args("inspector", `/inspector/reports/${c}`, { params: { code: c } })))).status).toBe(
        404,
      );
  });

  it("the reporter's pages: submit (idempotent), open with code + passphrase, write, leave — nothing cached, the IP unused", async () => {
    const key = newKey();
    const form = new FormData();
    for (const [k, v] of Object.entries({
      idempotencyKey: key,
      category: "abuse_of_office",
      regionId: "",
      description: `${DESCRIPTION} (site)`,
      reporterName: "",
      reporterContact: "",
    }))
      form.append(k, v);
    const post = () => {
      const a = args("anonymous", "/report");
      return { a, run: submitRoute.action({ ...a, request: new Request("http://test.local/report", { method: "POST", body: form }) }) };
    };
    const first = post();
    const receipt = ((await first.run) as unknown as { data: { ok: true; receipt: reports.SubmitReceipt } }).data.receipt;
    expect(receipt).toMatchObject({ alreadyReceived: false, passphrase: expect.stringMatching(/^\d{4}(-\d{4}){4}$/) });
    expect(first.a.appended).toContainEqual(["Cache-Control", "no-store"]);
    const second = post();
    expect(((await second.run) as unknown as { data: { receipt: reports.SubmitReceipt } }).data.receipt).toEqual({
      ...receipt,
      alreadyReceived: true,
    });

    // Bad input: the typed text comes back with the per-field errors, nothing stored.
    const bad = new FormData();
    for (const [k, v] of Object.entries({ idempotencyKey: newKey(), category: "", description: "short but kept" })) bad.append(k, v);
    const badRes = await page(() =>
      submitRoute.action({
        ...args("anonymous", "/report"),
        request: new Request("http://test.local/report", { method: "POST", body: bad }),
      }),
    );
    expect(badRes.status).toBe(400);
    expect(JSON.parse(badRes.body)).toMatchObject({
      ok: false,
      fieldErrors: { category: ["validation.required"], description: ['validation.tooShort|{"min":30}'] },
      values: { description: "short but kept" },
    });

    // Wrong passphrase: a generic translated form error.
    const wrong = await page(() =>
      followRoute.action(
        args("anonymous", "/report/follow", {
          method: "POST",
          form: { intent: "open", code: receipt.code, passphrase: "0000-0000-0000-0000-0000" },
        }),
      ),
    );
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, formError: "reports.error.followFailed" });

    const open = (await followRoute.action(
      args("anonymous", "/report/follow", {
        method: "POST",
        form: { intent: "open", code: receipt.code, passphrase: receipt.passphrase! },
      }),
    )) as Response;
    expect(open.status).toBe(302);
    const setCookie = open.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^report_thread=[0-9a-f-]{36}\.\d+\.[\w-]+; Path=\/report; HttpOnly; SameSite=Strict; Max-Age=1200/);
    const cookie = setCookie.split(";")[0];

    const sendArgs = args("anonymous", "/report/follow", {
      method: "POST",
      cookie,
      form: { intent: "send", body: "Here is more detail from the site." },
    });
    expect((await page(() => followRoute.action(sendArgs))).status).toBe(200);
    const view = await followRoute.loader(args("anonymous", "/report/follow", { cookie }));
    expect(view.thread?.messages.map((m) => m.body)).toEqual(["Here is more detail from the site."]);
    const leave = (await followRoute.action(
      args("anonymous", "/report/follow", { method: "POST", cookie, form: { intent: "leave" } }),
    )) as Response;
    expect(leave.headers.get("Set-Cookie")).toMatch(/^report_thread=; .*Max-Age=0/);
    // Without the cookie (or with a forged one), no thread.
    expect((await followRoute.loader(args("anonymous", "/report/follow"))).thread).toBeNull();
    expect((await followRoute.loader(args("anonymous", "/report/follow", { cookie: `${cookie.slice(0, -3)}abc` }))).thread).toBeNull();
    expect(await tablesContaining("192.0.2.1")).toEqual([]);
  });
});
