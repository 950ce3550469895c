// Corruption and violation reports (گزارش فساد و تخلف) — the whistleblower channel, module
// `integrity` (Tehran merged the 1888 inspection line into 137 Plus). A reporter (گزارشگر), who may stay
// anonymous, sends a report and gets a code and a passphrase (shown once) to follow it up and talk
// with the inspectors (بازرس), who alone can read reports.
//
// What protects the reporter, and where:
//  - Only inspectors read, list, reply or change status; every check is here (routes and GraphQL
//    resolvers only call these functions). Admins may read the access log, never the reports.
//  - The body, the messages, the notes and the reporter's name and contact are AES-256-GCM
//    ciphertext in the database (crypto.server.ts); decrypted only for an inspector or the reporter.
//  - No IP address is used or stored: nothing here reads `ctx.ip`; follow-up attempts are throttled
//    per report code instead of per client. No account id is stored either, even when the reporter
//    happens to be signed in; reporters' actions write no audit rows.
//  - Every read and action by an inspector goes to an append-only access log (a database trigger
//    refuses UPDATE, DELETE and TRUNCATE), written before the content is returned.
//  - No email to inspectors about new reports (it could leak); a reporter who gave an email address
//    is told only that there is a reply, with no content.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { prisma, type Tx } from "~/platform/db/client.server";
import type { RequestContext, Viewer } from "~/platform/context";
import { audit } from "~/platform/audit.server";
import { AppError, forbidden, notFound, parseInput, unauthenticated, ValidationError } from "~/platform/errors";
import { encodeMessage } from "~/platform/i18n";
import { attachPhotos, photosOf, processPhotos, type Upload } from "~/platform/media.server";
import { clear, hit, minutesUntil } from "~/platform/rate-limit.server";
import { displayNames, isSignedIn } from "~/modules/identity";
import { regionExists, regionsById } from "~/modules/city";
import { canReadAccessLog, isInspector } from "./permissions";
import { sendEmail } from "~/modules/notifications";
import {
  decrypt,
  decryptOptional,
  encrypt,
  fingerprint,
  hashPassphrase,
  idempotencyKeyHash,
  newReportCode,
  passphraseFor,
  signThreadToken,
  verifyPassphrase,
  verifyThreadToken,
} from "./crypto.server";
import {
  AccessLogInput,
  FollowCorruptionReportInput,
  InspectorReplyInput,
  ListCorruptionReportsInput,
  ReportCodeInput,
  ReporterMessageInput,
  SetReportStatusInput,
  SubmitCorruptionReportInput,
  THREAD_MINUTES,
  type ReportStatus,
} from "./schemas";
import { isUuid } from "~/platform/ids";

export * from "./schemas";

/** Subject type of reports in media files (photos: never public, inspectors only) and the audit trail. */
export const REPORT_SUBJECT = "corruption_report";

/** Follow-up attempts per report code (successes reset it). Not per IP: we never look at it. */
export const FOLLOW_LIMITS = { attempts: 5, windowSeconds: 15 * 60 };

/**
 * A retried submission within this window shows the same passphrase again (it is re-derived, not
 * stored); later retries show the code only.
 */
export const REPLAY_WINDOW_MS = 60 * 60 * 1000;

const ALLOWED_TRANSITIONS: Record<ReportStatus, ReportStatus[]> = {
  received: ["under_investigation", "closed"],
  under_investigation: ["closed"],
  closed: [],
};

// Associated data binding each ciphertext to its row and column (see crypto.server.ts).
const aad = {
  description: (reportId: string) => `corruption_reports.description:${reportId}`,
  reporterName: (reportId: string) => `corruption_reports.reporter_name:${reportId}`,
  reporterContact: (reportId: string) => `corruption_reports.reporter_contact:${reportId}`,
  message: (reportId: string, messageId: string) => `corruption_report_messages.body:${reportId}:${messageId}`,
  note: (reportId: string, changeId: string) => `corruption_report_status_changes.note:${reportId}:${changeId}`,
};

// ── Who may do what ─────────────────────────────────────────────────────────────────────────

const regionRef = (regions: Map<number, { id: number; nameFa: string; nameEn: string }>, id: number | null) =>
  id === null ? null : (regions.get(id) ?? null);

function requireInspector(viewer: Viewer) {
  if (!isSignedIn(viewer)) throw unauthenticated();
  if (!isInspector(viewer)) throw forbidden();
  return viewer;
}

function logAccess(
  tx: Tx | typeof prisma,
  reportId: string,
  inspectorId: string,
  action: "read" | "view_photo" | "reply" | "change_status",
) {
  return tx.corruptionReportAccess.create({ data: { reportId, inspectorId, action } });
}

// ── Reporter: submit ────────────────────────────────────────────────────────────────────────

export type SubmitReceipt = {
  code: string;
  /** Null when a retry comes after REPLAY_WINDOW_MS: the reporter must use the one shown before. */
  passphrase: string | null;
  /** True when this was a retry of an earlier submission (same idempotency key). */
  alreadyReceived: boolean;
};

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

/**
 * Anyone may submit, signed in or not; nothing links the report to an account or a client. The
 * form's idempotency key makes retries return the same report (and, within the replay window,
 * the same passphrase); the same key with different content is refused rather than merged.
 */
export async function submitCorruptionReport(ctx: RequestContext, raw: unknown, uploads: Upload[] = []): Promise<SubmitReceipt> {
  const input = parseInput(SubmitCorruptionReportInput, raw);
  const photos = await processPhotos("photos", uploads);
  if (input.regionId !== undefined && !(await regionExists(input.regionId))) {
    throw new ValidationError({ regionId: [encodeMessage("validation.invalid")] });
  }
  const keyHash = idempotencyKeyHash(input.idempotencyKey);
  const print = fingerprint({
    category: input.category,
    regionId: input.regionId ?? null,
    description: input.description,
    reporterName: input.reporterName ?? null,
    reporterContact: input.reporterContact ?? null,
  });

  const earlier = await prisma.corruptionReport.findUnique({ where: { idempotencyKeyHash: keyHash } });
  if (earlier) return replay(earlier, input.idempotencyKey, print);

  const passphrase = passphraseFor(input.idempotencyKey);
  const passphraseHash = await hashPassphrase(passphrase);
  for (let attempt = 0; ; attempt++) {
    const id = randomUUID();
    const code = newReportCode();
    try {
      await prisma.$transaction(async (tx) => {
        await tx.corruptionReport.create({
          data: {
            id,
            code,
            passphraseHash,
            idempotencyKeyHash: keyHash,
            requestFingerprint: print,
            category: input.category,
            regionId: input.regionId ?? null,
            description: encrypt(input.description, aad.description(id)),
            reporterName: input.reporterName ? encrypt(input.reporterName, aad.reporterName(id)) : null,
            reporterContact: input.reporterContact ? encrypt(input.reporterContact, aad.reporterContact(id)) : null,
            locale: ctx.locale,
          },
        });
        // Re-encoded (no EXIF/GPS), private, and no uploader recorded.
        await attachPhotos(tx, photos, { type: REPORT_SUBJECT, id, public: false, createdById: null });
      });
      return { code, passphrase, alreadyReceived: false };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Either a parallel retry with the same key won the race (answer as a retry), or the random
      // code was taken (draw another).
      const winner = await prisma.corruptionReport.findUnique({ where: { idempotencyKeyHash: keyHash } });
      if (winner) return replay(winner, input.idempotencyKey, print);
      if (attempt >= 5) throw error;
    }
  }
}

async function replay(
  report: { code: string; requestFingerprint: string; passphraseHash: string; createdAt: Date },
  idempotencyKey: string,
  print: string,
): Promise<SubmitReceipt> {
  const sameKeyVersion = report.requestFingerprint.split(":")[0] === print.split(":")[0];
  if (sameKeyVersion && report.requestFingerprint !== print) throw new AppError("reports.error.idempotencyConflict", 409);
  if (sameKeyVersion && Date.now() - report.createdAt.getTime() < REPLAY_WINDOW_MS) {
    const passphrase = passphraseFor(idempotencyKey);
    if (await verifyPassphrase(report.passphraseHash, passphrase)) return { code: report.code, passphrase, alreadyReceived: true };
  }
  return { code: report.code, passphrase: null, alreadyReceived: true };
}

// ── Reporter: follow up ─────────────────────────────────────────────────────────────────────

export type ReporterThread = {
  code: string;
  category: string;
  status: ReportStatus;
  createdAt: Date;
  closedAt: Date | null;
  /** The closing note: what the inspectors concluded. */
  outcome: string | null;
  /** Inspectors' names are never shown to the reporter. */
  messages: { id: string; from: "reporter" | "inspector"; body: string; createdAt: Date }[];
};

/** Credentials (code + passphrase, from the form or the API) or the signed thread token (web). */
export type ReporterAccess = { token: string | null | undefined } | { code: unknown; passphrase: unknown };

async function reportByCredentials(raw: unknown) {
  const input = parseInput(FollowCorruptionReportInput, raw);
  const key = `reports:follow:${input.code}`;
  // Count every attempt atomically (parallel guesses cannot slip past the limit); success resets.
  const bucket = await hit(key, FOLLOW_LIMITS.windowSeconds);
  if (bucket.count > FOLLOW_LIMITS.attempts) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(bucket.resetAt) });
  const report = await prisma.corruptionReport.findUnique({ where: { code: input.code }, select: { id: true, passphraseHash: true } });
  // Same work and the same generic answer whether the code exists or the passphrase is wrong.
  const ok = await verifyPassphrase(report?.passphraseHash, input.passphrase);
  if (!report || !ok) throw new AppError("reports.error.followFailed", 401);
  await clear(key);
  return report.id;
}

async function reportIdOf(access: ReporterAccess) {
  if ("token" in access) {
    const id = verifyThreadToken(access.token);
    if (!id) throw new AppError("reports.error.threadExpired", 401);
    return id;
  }
  return reportByCredentials(access);
}

async function threadOf(reportId: string): Promise<ReporterThread> {
  const report = await prisma.corruptionReport.findUnique({
    where: { id: reportId },
    include: {
      messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, author: true, body: true, createdAt: true } },
      statusChanges: { where: { toStatus: "closed" }, select: { id: true, note: true } },
    },
  });
  if (!report) throw new AppError("reports.error.threadExpired", 401);
  const closing = report.statusChanges[0];
  return {
    code: report.code,
    category: report.category,
    status: report.status,
    createdAt: report.createdAt,
    closedAt: report.closedAt,
    outcome: closing ? decryptOptional(closing.note, aad.note(report.id, closing.id)) : null,
    messages: report.messages.map((m) => ({
      id: m.id,
      from: m.author,
      body: decrypt(m.body, aad.message(report.id, m.id)),
      createdAt: m.createdAt,
    })),
  };
}

/**
 * Opens the reporter's thread with the code and passphrase. Returns the thread and a token naming
 * only the report (valid THREAD_MINUTES), which the web page keeps in a short-lived cookie.
 */
export async function followCorruptionReport(_ctx: RequestContext, raw: unknown) {
  const reportId = await reportByCredentials(raw);
  return { thread: await threadOf(reportId), token: threadToken(reportId) };
}

export function threadToken(reportId: string) {
  return signThreadToken(reportId, new Date(Date.now() + THREAD_MINUTES * 60_000));
}

/** The thread for a token from `followCorruptionReport`, with the token renewed (sliding expiry). */
export async function reporterThread(_ctx: RequestContext, token: string | null | undefined) {
  const reportId = await reportIdOf({ token });
  return { thread: await threadOf(reportId), token: threadToken(reportId) };
}

export async function sendReporterMessage(_ctx: RequestContext, access: ReporterAccess, raw: unknown) {
  const input = parseInput(ReporterMessageInput, raw);
  const reportId = await reportIdOf(access);
  await prisma.$transaction(async (tx) => {
    const report = await tx.corruptionReport.findUniqueOrThrow({ where: { id: reportId }, select: { status: true } });
    if (report.status === "closed") throw new AppError("reports.error.closed", 409);
    const id = randomUUID();
    await tx.corruptionReportMessage.create({
      data: { id, reportId, author: "reporter", body: encrypt(input.body, aad.message(reportId, id)) },
    });
    await tx.corruptionReport.update({ where: { id: reportId }, data: { updatedAt: new Date() } });
  });
  return { thread: await threadOf(reportId), token: threadToken(reportId) };
}

// ── Inspectors ──────────────────────────────────────────────────────────────────────────────

/** Inspectors' list: what a report is about, never its content (no access-log entry). */
export async function listCorruptionReports(ctx: RequestContext, raw: unknown = {}) {
  requireInspector(ctx.viewer);
  const input = parseInput(ListCorruptionReportsInput, raw);
  const where = input.status ? { status: input.status } : {};
  const [total, rows] = await Promise.all([
    prisma.corruptionReport.count({ where }),
    prisma.corruptionReport.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: input.offset,
      take: input.limit,
      select: {
        code: true,
        category: true,
        status: true,
        createdAt: true,
        updatedAt: true,
        regionId: true,
        _count: { select: { messages: true } },
      },
    }),
  ]);
  const regions = await regionsById();
  return {
    total,
    offset: input.offset,
    limit: input.limit,
    items: rows.map((r) => ({
      code: r.code,
      category: r.category,
      status: r.status,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      region: regionRef(regions, r.regionId),
      messageCount: r._count.messages,
    })),
  };
}

export type InspectorReport = Awaited<ReturnType<typeof readCorruptionReport>>;

/** One report, decrypted, for an inspector. The read is logged before anything is returned. */
export async function readCorruptionReport(ctx: RequestContext, raw: unknown) {
  const inspector = requireInspector(ctx.viewer);
  const { code } = parseInput(ReportCodeInput, typeof raw === "string" ? { code: raw } : raw);
  const found = await prisma.corruptionReport.findUnique({ where: { code }, select: { id: true } });
  if (!found) throw notFound();
  await logAccess(prisma, found.id, inspector.user.id, "read");
  const report = await prisma.corruptionReport.findUniqueOrThrow({
    where: { id: found.id },
    include: {
      messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      statusChanges: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
  });
  const [regions, names, photos] = await Promise.all([
    regionsById(),
    displayNames([
      ...report.messages.flatMap((m) => (m.inspectorId ? [m.inspectorId] : [])),
      ...report.statusChanges.map((s) => s.inspectorId),
    ]),
    photosOf(REPORT_SUBJECT, [report.id]),
  ]);
  return {
    code: report.code,
    category: report.category,
    status: report.status,
    region: regionRef(regions, report.regionId),
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
    closedAt: report.closedAt,
    description: decrypt(report.description, aad.description(report.id)),
    reporterName: decryptOptional(report.reporterName, aad.reporterName(report.id)),
    reporterContact: decryptOptional(report.reporterContact, aad.reporterContact(report.id)),
    photos: photos.map((p) => ({ id: p.id, width: p.width, height: p.height })),
    messages: report.messages.map((m) => ({
      id: m.id,
      from: m.author,
      inspectorName: m.inspectorId ? (names.get(m.inspectorId) ?? null) : null,
      body: decrypt(m.body, aad.message(report.id, m.id)),
      createdAt: m.createdAt,
    })),
    statusChanges: report.statusChanges.map((s) => ({
      id: s.id,
      fromStatus: s.fromStatus,
      toStatus: s.toStatus,
      inspectorName: names.get(s.inspectorId) ?? null,
      note: decryptOptional(s.note, aad.note(report.id, s.id)),
      createdAt: s.createdAt,
    })),
  };
}

const isEmail = (value: string | null) => !!value && z.email().safeParse(value.trim()).success;

/** Tells a reporter who gave an email address that there is something new — nothing more. */
async function noticeToReporter(
  tx: Tx,
  ctx: RequestContext,
  report: { id: string; reporterContact: Uint8Array | null; locale: "fa" | "en" },
) {
  const contact = decryptOptional(report.reporterContact, aad.reporterContact(report.id));
  if (!isEmail(contact)) return;
  await sendEmail(tx, {
    template: "follow-up-reply",
    to: contact!.trim().toLowerCase(),
    locale: report.locale,
    props: { url: `${ctx.origin}/report/follow` },
  });
}

async function reportForAction(code: string) {
  const report = await prisma.corruptionReport.findUnique({
    where: { code },
    select: { id: true, status: true, reporterContact: true, locale: true },
  });
  if (!report) throw notFound();
  return report;
}

export async function replyToCorruptionReport(ctx: RequestContext, raw: unknown) {
  const inspector = requireInspector(ctx.viewer);
  const input = parseInput(InspectorReplyInput, raw);
  const report = await reportForAction(input.code);
  if (report.status === "closed") throw new AppError("reports.error.closed", 409);
  const id = randomUUID();
  const message = await prisma.$transaction(async (tx) => {
    const created = await tx.corruptionReportMessage.create({
      data: {
        id,
        reportId: report.id,
        author: "inspector",
        inspectorId: inspector.user.id,
        body: encrypt(input.body, aad.message(report.id, id)),
      },
    });
    await tx.corruptionReport.update({ where: { id: report.id }, data: { updatedAt: new Date() } });
    await logAccess(tx, report.id, inspector.user.id, "reply");
    await audit(tx, { actorId: inspector.user.id, action: "reports.reply", subjectType: REPORT_SUBJECT, subjectId: report.id });
    await noticeToReporter(tx, ctx, report);
    return created;
  });
  return {
    id: message.id,
    from: "inspector" as const,
    inspectorName: inspector.user.displayName,
    body: input.body,
    createdAt: message.createdAt,
  };
}

/** received → under_investigation → closed (or received → closed); closing needs the outcome. */
export async function setCorruptionReportStatus(ctx: RequestContext, raw: unknown) {
  const inspector = requireInspector(ctx.viewer);
  const input = parseInput(SetReportStatusInput, raw);
  const report = await reportForAction(input.code);
  if (!ALLOWED_TRANSITIONS[report.status].includes(input.status))
    throw new ValidationError({ status: [encodeMessage("reports.error.transition")] });
  const changeId = randomUUID();
  const now = new Date();
  return prisma.$transaction(async (tx) => {
    // Conditional on the status we checked: two inspectors acting at once cannot both move it.
    const { count } = await tx.corruptionReport.updateMany({
      where: { id: report.id, status: report.status },
      data: { status: input.status, updatedAt: now, ...(input.status === "closed" ? { closedAt: now } : {}) },
    });
    if (count !== 1) throw new ValidationError({ status: [encodeMessage("reports.error.transition")] });
    await tx.corruptionReportStatusChange.create({
      data: {
        id: changeId,
        reportId: report.id,
        fromStatus: report.status,
        toStatus: input.status,
        inspectorId: inspector.user.id,
        note: input.note ? encrypt(input.note, aad.note(report.id, changeId)) : null,
      },
    });
    await logAccess(tx, report.id, inspector.user.id, "change_status");
    await audit(tx, {
      actorId: inspector.user.id,
      action: "reports.setStatus",
      subjectType: REPORT_SUBJECT,
      subjectId: report.id,
      data: { from: report.status, to: input.status },
    });
    // The outcome is news for the reporter, like a reply.
    if (input.status === "closed") await noticeToReporter(tx, ctx, report);
    return { code: input.code, status: input.status, fromStatus: report.status, changedAt: now };
  });
}

export type AccessLogEntry = {
  id: string;
  code: string;
  inspectorId: string;
  inspectorName: string | null;
  action: "read" | "view_photo" | "reply" | "change_status";
  createdAt: Date;
};

/**
 * The access log, newest first: one report's (`code`), or every report's. Inspectors see it on the
 * report page; admins see it for oversight. Read-only: there is no function to change it, and the
 * database refuses updates and deletes.
 */
export async function accessLogOf(ctx: RequestContext, raw: unknown = {}) {
  if (!isSignedIn(ctx.viewer)) throw unauthenticated();
  if (!canReadAccessLog(ctx.viewer)) throw forbidden();
  const input = parseInput(AccessLogInput, typeof raw === "string" ? { code: raw } : raw);
  let reportId: string | undefined;
  if (input.code) {
    const report = await prisma.corruptionReport.findUnique({ where: { code: input.code }, select: { id: true } });
    if (!report) throw notFound();
    reportId = report.id;
  }
  const where = reportId ? { reportId } : {};
  const [total, rows] = await Promise.all([
    prisma.corruptionReportAccess.count({ where }),
    prisma.corruptionReportAccess.findMany({
      where,
      orderBy: { id: "desc" },
      skip: input.offset,
      take: input.limit,
      include: { report: { select: { code: true } } },
    }),
  ]);
  const names = await displayNames(rows.map((r) => r.inspectorId));
  const entries: AccessLogEntry[] = rows.map((r) => ({
    id: String(r.id),
    code: r.report.code,
    inspectorId: r.inspectorId,
    inspectorName: names.get(r.inspectorId) ?? null,
    action: r.action,
    createdAt: r.createdAt,
  }));
  return { total, entries };
}

/**
 * For the /media route: may this viewer see this (private) photo? Only inspectors, only photos of
 * corruption reports — and since the route serves the photo right after a yes, the view is
 * written to the access log here, before any byte leaves.
 */
export async function canViewReportPhoto(viewer: Viewer, mediaId: string) {
  if (!isInspector(viewer) || viewer.kind !== "user") return false;
  if (!isUuid(mediaId)) return false;
  const file = await prisma.mediaFile.findUnique({ where: { id: mediaId }, select: { subjectType: true, subjectId: true } });
  if (!file || file.subjectType !== REPORT_SUBJECT) return false;
  await logAccess(prisma, file.subjectId, viewer.user.id, "view_photo");
  return true;
}
