// The identity module: accounts, sessions, API tokens, roles. Every user action is one function
// here; the web routes and the GraphQL resolvers both call these and nothing else.
import { prisma, type Prisma, type Tx } from "~/platform/db/client.server";
import type { RequestContext, StaffRoleName, Viewer } from "~/platform/context";
import { audit } from "~/platform/audit.server";
import { AppError, forbidden, notFound, parseInput, ValidationError } from "~/platform/errors";
import { encodeMessage } from "~/platform/i18n";
import { boss, enqueue, QUEUES } from "~/platform/jobs.server";
import { clear, hit, hold, minutesUntil, peek } from "~/platform/rate-limit.server";
import { sendEmail } from "~/modules/notifications";
import { departmentExists, listDepartments, listRegions, regionExists } from "~/modules/city";
import { config } from "~/platform/config.server";
import { deviceProofUser, generateToken, hashPassword, hashToken, issueDeviceProof, verifyPassword } from "./crypto.server";
import { requireRole, requireUser } from "./permissions";
import {
  AccountSearchInput,
  ChangePasswordInput,
  CreateApiTokenInput,
  DeleteAccountInput,
  EmailInput,
  GrantRoleInput,
  ResetPasswordInput,
  RevokeRoleInput,
  SessionIdInput,
  SignInInput,
  SignUpInput,
  UpdateProfileInput,
} from "./schemas";
import { createSession, invalidateSessionToken } from "./sessions.server";
import { isUuid } from "~/platform/ids";

export * from "./permissions";
export * from "./schemas";
export { validateApiToken, validateSessionToken, invalidateSessionToken, SESSION_DAYS } from "./sessions.server";
export { viewerFromRequest } from "./web.server";
export { confirmPhoneCode, requestPhoneCode } from "./phone.server";

const HOUR = 60 * 60 * 1000;
const VERIFY_TTL = 24 * HOUR;
const RESET_TTL = 1 * HOUR;

/**
 * Sign-in throttling — rate limits that never lock honest people out:
 * - per client IP: only *failed* attempts count (perIp per window); a call centre behind one
 *   address signing its staff in is never limited by its successes;
 * - per account (by the address typed, whether or not it has an account): after perAccount
 *   failures in a day, each further attempt must wait a growing delay after the last failure
 *   (firstDelaySeconds, doubling, at most maxDelaySeconds) — a guesser gets a handful of tries an
 *   hour, the owner waits minutes at worst, never a lock-out;
 * - a device the account has signed in on before (its device-proof cookie) skips the account delay,
 *   so an attack on an account does not keep its owner out; the password is still required;
 * - a success clears the account's count.
 */
export const SIGN_IN_LIMITS = {
  perAccount: 5,
  perIp: 30,
  windowSeconds: 15 * 60,
  accountWindowSeconds: 24 * 60 * 60,
  firstDelaySeconds: 15,
  maxDelaySeconds: 15 * 60,
};

/** Sign-up throttling: per client IP (config SIGNUP_LIMIT_PER_HOUR); the "already registered" email at most once an hour per address. */
export const SIGN_UP_LIMITS = { existsEmailWindowSeconds: 60 * 60 };

export function signInDelaySeconds(failures: number) {
  if (failures < SIGN_IN_LIMITS.perAccount) return 0;
  return Math.min(SIGN_IN_LIMITS.maxDelaySeconds, SIGN_IN_LIMITS.firstDelaySeconds * 2 ** (failures - SIGN_IN_LIMITS.perAccount));
}

async function issueOneTimeToken(
  tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0],
  userId: string,
  purpose: "verify_email" | "reset_password",
) {
  const token = generateToken();
  await tx.oneTimeToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: new Date() } });
  await tx.oneTimeToken.create({
    data: {
      userId,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + (purpose === "verify_email" ? VERIFY_TTL : RESET_TTL)),
    },
  });
  return token;
}

/**
 * Creates an account and emails a verification link. An address that is already registered gets
 * the same answer and an email telling its owner, so sign-up does not reveal who has an account.
 */
export async function signUp(ctx: RequestContext, raw: unknown) {
  const input = parseInput(SignUpInput, raw);
  const locale = input.locale ?? ctx.locale;
  const perIp = config().signUpLimitPerHour;
  if (perIp > 0) {
    const limit = await hit(`signup:ip:${clientKey(ctx)}`, 60 * 60);
    if (limit.count > perIp) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(limit.resetAt) });
  }
  const passwordHash = await hashPassword(input.password);
  await prisma.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: input.email } });
    if (existing) {
      // Its owner hears of it once an hour at most, however often someone tries (same answer).
      if ((await hit(`signup:exists:${input.email}`, SIGN_UP_LIMITS.existsEmailWindowSeconds)).count > 1) return;
      await sendEmail(tx, {
        template: "account-exists",
        to: input.email,
        locale: existing.locale,
        props: { name: existing.displayName, signInUrl: `${ctx.origin}/signin`, resetUrl: `${ctx.origin}/forgot-password` },
      });
      return;
    }
    const user = await tx.user.create({
      data: { email: input.email, passwordHash, displayName: input.displayName, phone: input.phone ?? null, locale },
    });
    const token = await issueOneTimeToken(tx, user.id, "verify_email");
    await sendEmail(tx, {
      template: "verify-email",
      to: input.email,
      locale,
      props: { name: user.displayName, url: `${ctx.origin}/verify-email?token=${token}` },
    });
    await audit(tx, { actorId: user.id, action: "identity.signUp", subjectType: "user", subjectId: user.id });
  });
  return { email: input.email };
}

export async function resendVerification(ctx: RequestContext) {
  const viewer = requireUser(ctx.viewer);
  if (viewer.user.emailVerified || !viewer.user.email) return { sent: false };
  const limit = await hit(`verify:${viewer.user.id}`, 15 * 60);
  if (limit.count > 3) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(limit.resetAt) });
  await prisma.$transaction(async (tx) => {
    const token = await issueOneTimeToken(tx, viewer.user.id, "verify_email");
    await sendEmail(tx, {
      template: "verify-email",
      to: viewer.user.email!,
      locale: viewer.user.locale,
      props: { name: viewer.user.displayName, url: `${ctx.origin}/verify-email?token=${token}` },
    });
  });
  return { sent: true };
}

async function consumeOneTimeToken(token: string, purpose: "verify_email" | "reset_password") {
  if (!token || token.length > 200) throw new AppError("error.tokenInvalid");
  // Marking it used in the same statement that finds it makes a token single-use under concurrency.
  const rows = await prisma.oneTimeToken.updateManyAndReturn({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (rows.length !== 1) throw new AppError("error.tokenInvalid");
  return rows[0];
}

export async function verifyEmail(_ctx: RequestContext, token: string) {
  const row = await consumeOneTimeToken(token, "verify_email");
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: row.userId }, data: { emailVerifiedAt: new Date() } });
    await audit(tx, { actorId: row.userId, action: "identity.verifyEmail", subjectType: "user", subjectId: row.userId });
  });
  return { userId: row.userId };
}

function clientKey(ctx: RequestContext) {
  return ctx.ip ?? "unknown";
}

/**
 * Signs in (see SIGN_IN_LIMITS for the throttling). `deviceProof`: the device cookie a previous
 * sign-in on this device set; the answer carries a fresh one (`deviceProof`) to set again.
 */
export async function signIn(ctx: RequestContext, raw: unknown, options: { deviceProof?: string | null } = {}) {
  const input = parseInput(SignInInput, raw);
  const ipKey = `signin:ip:${clientKey(ctx)}`;
  const accountKey = `signin:account:${input.email}`;
  const waitKey = `signin:wait:${input.email}`;
  const ipBucket = await peek(ipKey);
  if (ipBucket.count >= SIGN_IN_LIMITS.perIp) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(ipBucket.resetAt) });

  const user = await prisma.user.findUnique({ where: { email: input.email } });
  const knownDevice = !!user && deviceProofUser(config().reportsEncryptionKey, options.deviceProof) === user.id;
  if (!knownDevice) {
    const wait = await peek(waitKey);
    if (wait.count > 0) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(wait.resetAt) });
  }

  const ok = await verifyPassword(user?.deletedAt ? null : user?.passwordHash, input.password);
  if (!user || !ok) {
    await hit(ipKey, SIGN_IN_LIMITS.windowSeconds);
    const failures = await hit(accountKey, SIGN_IN_LIMITS.accountWindowSeconds);
    const delay = signInDelaySeconds(failures.count);
    if (delay > 0) await hold(waitKey, delay);
    throw new AppError("error.invalidCredentials", 401);
  }
  await clear(accountKey);
  await clear(waitKey);
  const session = await createSession(user.id, ctx.userAgent);
  return { ...session, userId: user.id, locale: user.locale, deviceProof: issueDeviceProof(config().reportsEncryptionKey, user.id) };
}

export async function signOut(_ctx: RequestContext, sessionToken: string | null) {
  if (sessionToken) await invalidateSessionToken(sessionToken);
}

export type PasswordResetJob = { email: string; origin: string };

/**
 * Always answers the same, whether or not the address has an account — and does the same work:
 * the request only counts the attempt and enqueues a job; the account is looked up, the token
 * issued and the email queued by the worker (deliverPasswordReset), off the request path, so the
 * response time does not tell which addresses are registered.
 */
export async function requestPasswordReset(ctx: RequestContext, raw: unknown) {
  const input = parseInput(EmailInput, raw);
  const limit = await hit(`reset:${input.email}`, 15 * 60);
  if (limit.count > 3) return { sent: true };
  const job: PasswordResetJob = { email: input.email, origin: ctx.origin };
  await enqueue(null, "passwordReset", job);
  return { sent: true };
}

/** The worker's half of requestPasswordReset: a reset link for a live account, nothing otherwise. */
export async function deliverPasswordReset(job: PasswordResetJob) {
  const user = await prisma.user.findUnique({ where: { email: job.email } });
  if (!user || user.deletedAt || !user.email) return;
  await prisma.$transaction(async (tx) => {
    const token = await issueOneTimeToken(tx, user.id, "reset_password");
    await sendEmail(tx, {
      template: "reset-password",
      to: user.email!,
      locale: user.locale,
      props: { name: user.displayName, url: `${job.origin}/reset-password?token=${token}` },
    });
  });
}

/** Identity's job workers (RUN_WORKERS): password-reset requests. */
export async function startIdentityWorkers() {
  const b = await boss();
  await b.work<PasswordResetJob>(QUEUES.passwordReset.name, { batchSize: 5, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) await deliverPasswordReset(job.data);
  });
}

export async function resetPassword(_ctx: RequestContext, raw: unknown) {
  const input = parseInput(ResetPasswordInput, raw);
  const passwordHash = await hashPassword(input.password);
  const row = await consumeOneTimeToken(input.token, "reset_password");
  await prisma.$transaction(async (tx) => {
    // Proving control of the mailbox also verifies it.
    const user = await tx.user.update({ where: { id: row.userId }, data: { passwordHash, emailVerifiedAt: new Date() } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    // Whoever knew the old password may have made API tokens with it: they end too.
    await tx.apiToken.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
    await audit(tx, { actorId: user.id, action: "identity.resetPassword", subjectType: "user", subjectId: user.id });
  });
  return { userId: row.userId };
}

async function checkPassword(userId: string, password: string, field: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new ValidationError({ [field]: [encodeMessage("error.wrongPassword")] });
  }
}

/** Changes the password, signs out every other session of the account and revokes its API tokens. */
export async function changePassword(ctx: RequestContext, raw: unknown) {
  const viewer = requireUser(ctx.viewer);
  const input = parseInput(ChangePasswordInput, raw);
  const limit = await hit(`password:${viewer.user.id}`, 15 * 60);
  if (limit.count > SIGN_IN_LIMITS.perAccount) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(limit.resetAt) });
  await checkPassword(viewer.user.id, input.currentPassword, "currentPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: viewer.user.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: viewer.user.id, ...(viewer.sessionId ? { id: { not: viewer.sessionId } } : {}) } });
    await tx.apiToken.updateMany({ where: { userId: viewer.user.id, revokedAt: null }, data: { revokedAt: new Date() } });
    await audit(tx, { actorId: viewer.user.id, action: "identity.changePassword", subjectType: "user", subjectId: viewer.user.id });
  });
  return { ok: true };
}

export async function updateProfile(ctx: RequestContext, raw: unknown) {
  const viewer = requireUser(ctx.viewer);
  const input = parseInput(UpdateProfileInput, raw);
  const user = await prisma.$transaction(async (tx) => {
    const current = await tx.user.findUniqueOrThrow({ where: { id: viewer.user.id } });
    const phoneChanged = (input.phone ?? null) !== current.phone;
    const updated = await tx.user.update({
      where: { id: viewer.user.id },
      data: {
        displayName: input.displayName,
        phone: input.phone ?? null,
        locale: input.locale,
        ...(phoneChanged ? { phoneVerifiedAt: null } : {}),
      },
    });
    await audit(tx, { actorId: viewer.user.id, action: "identity.updateProfile", subjectType: "user", subjectId: viewer.user.id });
    return updated;
  });
  return user;
}

/** The language switch, for a signed-in person: remembered on the account too. */
export async function setPreferredLocale(viewer: Viewer, locale: "fa" | "en") {
  if (viewer.kind !== "user") return;
  await prisma.user.update({ where: { id: viewer.user.id }, data: { locale } });
}

/**
 * Deletes the account: personal data is erased and the row kept as an anonymous tombstone, so
 * records the city must keep (cases, audit entries, ballots) still stand, without identity.
 */
type AccountDeletedHandler = (tx: Tx, userId: string) => Promise<void>;
const accountDeletedHandlers: AccountDeletedHandler[] = [];

/**
 * Lets another module forget what it holds about a person when their account is deleted (cases:
 * the contact details), inside the deletion's own transaction. Identity never touches their tables.
 */
export function onAccountDeleted(handler: AccountDeletedHandler) {
  if (!accountDeletedHandlers.includes(handler)) accountDeletedHandlers.push(handler);
}

export async function deleteAccount(ctx: RequestContext, raw: unknown) {
  const viewer = requireUser(ctx.viewer);
  const input = parseInput(DeleteAccountInput, raw);
  await checkPassword(viewer.user.id, input.password, "password");
  await prisma.$transaction(async (tx) => {
    const id = viewer.user.id;
    await tx.session.deleteMany({ where: { userId: id } });
    await tx.apiToken.deleteMany({ where: { userId: id } });
    await tx.oneTimeToken.deleteMany({ where: { userId: id } });
    await tx.roleAssignment.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.user.update({
      where: { id },
      data: {
        email: null,
        emailVerifiedAt: null,
        phone: null,
        phoneVerifiedAt: null,
        passwordHash: null,
        displayName: "—",
        deletedAt: new Date(),
      },
    });
    for (const handler of accountDeletedHandlers) await handler(tx, id);
    await audit(tx, { actorId: id, action: "identity.deleteAccount", subjectType: "user", subjectId: id });
  });
  return { ok: true };
}

/** The signed-in person's own account details, for the account page. */
export async function myAccount(ctx: RequestContext) {
  const viewer = requireUser(ctx.viewer);
  return prisma.user.findUniqueOrThrow({
    where: { id: viewer.user.id },
    select: { email: true, displayName: true, phone: true, locale: true, emailVerifiedAt: true },
  });
}

export async function listSessions(ctx: RequestContext) {
  const viewer = requireUser(ctx.viewer);
  const sessions = await prisma.session.findMany({
    where: { userId: viewer.user.id, expiresAt: { gt: new Date() } },
    orderBy: { lastUsedAt: "desc" },
  });
  return sessions.map((s) => ({
    id: s.id,
    createdAt: s.createdAt,
    lastUsedAt: s.lastUsedAt,
    userAgent: s.userAgent,
    current: s.id === viewer.sessionId,
  }));
}

export async function revokeSession(ctx: RequestContext, sessionId: string) {
  const viewer = requireUser(ctx.viewer);
  const input = parseInput(SessionIdInput, { sessionId });
  const { count } = await prisma.session.deleteMany({ where: { id: input.sessionId, userId: viewer.user.id } });
  if (count === 0) throw notFound();
  return { ok: true };
}

export async function listApiTokens(ctx: RequestContext) {
  const viewer = requireUser(ctx.viewer);
  return prisma.apiToken.findMany({
    where: { userId: viewer.user.id, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true },
  });
}

/**
 * Returns the token in clear, once; only its hash is kept. Asks for the current password again
 * (throttled like a password change): a stolen session cookie alone cannot mint lasting access.
 */
export async function createApiToken(ctx: RequestContext, raw: unknown) {
  const viewer = requireUser(ctx.viewer);
  const input = parseInput(CreateApiTokenInput, raw);
  const limit = await hit(`password:${viewer.user.id}`, 15 * 60);
  if (limit.count > SIGN_IN_LIMITS.perAccount) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(limit.resetAt) });
  await checkPassword(viewer.user.id, input.password, "password");
  const token = `cp_${generateToken()}`;
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.apiToken.create({ data: { userId: viewer.user.id, name: input.name, tokenHash: hashToken(token) } });
    await audit(tx, { actorId: viewer.user.id, action: "identity.createApiToken", subjectType: "apiToken", subjectId: created.id });
    return created;
  });
  return { token, id: row.id, name: row.name, createdAt: row.createdAt };
}

export async function revokeApiToken(ctx: RequestContext, tokenId: string) {
  const viewer = requireUser(ctx.viewer);
  const id = String(tokenId);
  if (!isUuid(id)) throw notFound();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id, userId: viewer.user.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw notFound();
    await audit(tx, { actorId: viewer.user.id, action: "identity.revokeApiToken", subjectType: "apiToken", subjectId: id });
  });
  return { ok: true };
}

// ── Administration of roles ──────────────────────────────────────────────────────────────────

export async function findAccounts(ctx: RequestContext, query: string) {
  requireRole(ctx.viewer, "admin");
  // A search no account can match (too long, bad characters) finds none.
  const parsed = AccountSearchInput.safeParse({ q: query });
  if (!parsed.success) return [];
  const { q } = parsed.data;
  return prisma.user.findMany({
    where: { deletedAt: null, ...(q ? { OR: [{ email: { contains: q } }, { displayName: { contains: q, mode: "insensitive" } }] } : {}) },
    orderBy: { createdAt: "asc" },
    take: 50,
    select: {
      id: true,
      email: true,
      displayName: true,
      roleAssignments: { where: { revokedAt: null }, select: { id: true, role: true, regionId: true, departmentId: true } },
    },
  });
}

export async function grantRole(ctx: RequestContext, raw: unknown) {
  const admin = requireRole(ctx.viewer, "admin");
  const input = parseInput(GrantRoleInput, raw);
  // Scopes only make sense for officers (and managers: a region's manager).
  const scoped = input.role === "officer" || input.role === "manager";
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId } });
    if (!user || user.deletedAt) throw notFound();
    if (input.regionId && !(await regionExists(input.regionId))) {
      throw new ValidationError({ regionId: [encodeMessage("validation.invalid")] });
    }
    if (input.departmentId && !(await departmentExists(input.departmentId))) {
      throw new ValidationError({ departmentId: [encodeMessage("validation.invalid")] });
    }
    const grant = await tx.roleAssignment.create({
      data: {
        userId: input.userId,
        role: input.role,
        regionId: scoped ? (input.regionId ?? null) : null,
        departmentId: scoped ? (input.departmentId ?? null) : null,
        grantedById: admin.user.id,
      },
    });
    await audit(tx, {
      actorId: admin.user.id,
      action: "identity.grantRole",
      subjectType: "user",
      subjectId: input.userId,
      data: { assignmentId: grant.id, role: grant.role, regionId: grant.regionId, departmentId: grant.departmentId },
    });
    return grant;
  });
}

export async function revokeRole(ctx: RequestContext, raw: unknown) {
  const admin = requireRole(ctx.viewer, "admin");
  const input = parseInput(RevokeRoleInput, raw);
  return prisma.$transaction(async (tx) => {
    const grant = await tx.roleAssignment.findUnique({ where: { id: input.assignmentId } });
    if (!grant || grant.revokedAt) throw notFound();
    // The last admin cannot remove their own admin role: someone must be able to manage roles.
    if (grant.role === "admin" && grant.userId === admin.user.id) {
      const admins = await tx.roleAssignment.count({ where: { role: "admin", revokedAt: null } });
      if (admins <= 1) throw forbidden();
    }
    const revoked = await tx.roleAssignment.update({ where: { id: grant.id }, data: { revokedAt: new Date() } });
    await audit(tx, {
      actorId: admin.user.id,
      action: "identity.revokeRole",
      subjectType: "user",
      subjectId: grant.userId,
      data: { assignmentId: grant.id, role: grant.role },
    });
    return revoked;
  });
}

export async function recentRoleChanges(ctx: RequestContext) {
  requireRole(ctx.viewer, "admin");
  return prisma.auditEvent.findMany({
    where: { action: { in: ["identity.grantRole", "identity.revokeRole"] } },
    orderBy: { id: "desc" },
    take: 20,
  });
}

export async function roleOptions() {
  const [regions, departments] = await Promise.all([listRegions(), listDepartments()]);
  return { regions, departments };
}

/**
 * Active holders of `role` whose grant covers a region (a null region on the grant covers all),
 * with what is needed to write to them. For other modules' notifications (e.g. escalations).
 */
export async function staffCovering(role: StaffRoleName, regionId: number | null) {
  const grants = await prisma.roleAssignment.findMany({
    where: {
      role,
      revokedAt: null,
      OR: [{ regionId: null }, ...(regionId !== null ? [{ regionId }] : [])],
      user: { deletedAt: null, emailVerifiedAt: { not: null } },
    },
    select: { user: { select: { id: true, email: true, displayName: true, locale: true } } },
  });
  return [...new Map(grants.map((g) => [g.user.id, g.user])).values()];
}

// ── Reads for other modules (they never query the users table themselves) ────────────────────

/** Display names by user id (deleted accounts included: history keeps who acted). */
export async function displayNames(ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const users = await prisma.user.findMany({ where: { id: { in: unique } }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

/**
 * The account row for the API's User type: the GraphQL layer passes the selection it needs
 * (`query`: Pothos' include/select), the module reads its own table.
 */
export function accountRecord(userId: string, query: { include?: Prisma.UserInclude; select?: Prisma.UserSelect } = {}) {
  return prisma.user.findUnique({ ...query, where: { id: userId } });
}

/** What another module may know of an account: verified email and phone, name, language. */
export async function accountFacts(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      emailVerifiedAt: true,
      phone: true,
      phoneVerifiedAt: true,
      displayName: true,
      locale: true,
      deletedAt: true,
    },
  });
  return user;
}
