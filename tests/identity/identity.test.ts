import "../support/db";
import { describe, expect, it } from "vitest";
import * as identity from "../../app/modules/identity";
import { AppError, ValidationError } from "../../app/platform/errors";
import { prisma } from "../../app/platform/db/client.server";
import { pool } from "../../app/platform/db/client.server";
import { ctx, queuedEmail, tokenFrom, uniqueEmail, viewerFor } from "../support/context";

const PASSWORD = "correct horse battery";

async function verifiedUser(email = uniqueEmail()) {
  await identity.signUp(ctx(), { displayName: "Sara Ahmadi", email, password: PASSWORD });
  const mail = await queuedEmail(email);
  await identity.verifyEmail(ctx(), tokenFrom(mail!.props.url));
  const session = await identity.signIn(ctx(), { email, password: PASSWORD });
  return { email, session, viewer: await viewerFor(session.token) };
}

/** Runs the queued password-reset jobs, as the worker would (workers do not run in module tests). */
async function runPasswordResetJobs() {
  const { rows } = await pool().query<{ id: string; data: identity.PasswordResetJob }>(
    `DELETE FROM pgboss.job WHERE name = 'identity.password-reset' AND state = 'created' RETURNING id, data`,
  );
  for (const row of rows) await identity.deliverPasswordReset(row.data);
  return rows.length;
}

/** Seconds left of the account's sign-in wait. */
async function waitSeconds(email: string) {
  const { rows } = await pool().query<{ s: number }>(
    `SELECT extract(epoch FROM reset_at - now())::float AS s FROM rate_limit_buckets WHERE key = $1 AND reset_at > now()`,
    [`signin:wait:${email}`],
  );
  return rows[0]?.s ?? 0;
}
async function endWait(email: string) {
  await pool().query(`UPDATE rate_limit_buckets SET reset_at = now() WHERE key = $1`, [`signin:wait:${email}`]);
}

describe("sign up", () => {
  it("creates an unverified account and queues a verification email in the reader's language", async () => {
    const email = uniqueEmail();
    await identity.signUp(ctx(undefined, { locale: "fa" }), {
      displayName: "  Ali Rezaei ",
      email: email.toUpperCase(),
      password: PASSWORD,
      phone: "۰۹۱۲ ۱۲۳ ۴۵۶۷",
    });
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user.displayName).toBe("Ali Rezaei");
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.phone).toBe("09121234567");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const mail = await queuedEmail(email);
    expect(mail).toMatchObject({ template: "verify-email", locale: "fa" });
    expect(mail!.props.url).toMatch(/^http:\/\/test\.local\/verify-email\?token=[a-z2-7]{32}$/);
  });

  it("rejects bad input field by field and stores nothing", async () => {
    const before = await prisma.user.count();
    const error = await identity
      .signUp(ctx(), { displayName: "", email: "nope", password: "short", phone: "123" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({
      displayName: ["validation.required"],
      email: ["validation.email"],
      password: ['validation.tooShort|{"min":10}'],
      phone: ["validation.phone"],
    });
    expect(await prisma.user.count()).toBe(before);
  });

  it("does not reveal a registered address: same answer, the owner is emailed instead", async () => {
    const { email } = await verifiedUser();
    const again = await identity.signUp(ctx(), { displayName: "Impostor", email, password: "another password" });
    expect(again).toEqual({ email });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    expect((await queuedEmail(email))!.template).toBe("account-exists");
  });

  it("tells a registered address's owner once an hour at most, however often someone signs up with it", async () => {
    const { email } = await verifiedUser();
    const answers = [];
    for (let i = 0; i < 10; i++)
      answers.push(await identity.signUp(ctx(), { displayName: "Impostor", email, password: "another password" }));
    expect(answers).toEqual(Array.from({ length: 10 }, () => ({ email })));
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1 AND data->>'template' = 'account-exists'`,
      [email],
    );
    expect(rows[0].n).toBe(1);
    // A new address signs up as often as needed is also answered the same (and makes one account).
    const fresh = uniqueEmail("fresh");
    for (let i = 0; i < 3; i++)
      expect(await identity.signUp(ctx(), { displayName: "New", email: fresh, password: PASSWORD })).toEqual({ email: fresh });
    expect(await prisma.user.count({ where: { email: fresh } })).toBe(1);
  });

  it("limits sign-ups per client address, with the same answer for any email", async () => {
    const ip = "203.0.113.50";
    const { email: taken } = await verifiedUser();
    let last: unknown;
    for (let i = 0; i < 20; i++)
      await identity.signUp(ctx(undefined, { ip }), { displayName: "Bulk", email: uniqueEmail("bulk"), password: PASSWORD });
    for (const email of [uniqueEmail("bulk"), taken]) {
      last = await identity.signUp(ctx(undefined, { ip }), { displayName: "Bulk", email, password: PASSWORD }).catch((e: unknown) => e);
      expect(last).toMatchObject({ code: "error.rateLimited", status: 429 });
    }
    await identity.signUp(ctx(), { displayName: "Elsewhere", email: uniqueEmail("elsewhere"), password: PASSWORD });
  });
});

describe("email verification", () => {
  it("verifies once; the link cannot be reused", async () => {
    const email = uniqueEmail();
    await identity.signUp(ctx(), { displayName: "Reza", email, password: PASSWORD });
    const token = tokenFrom((await queuedEmail(email))!.props.url);
    await identity.verifyEmail(ctx(), token);
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).not.toBeNull();
    await expect(identity.verifyEmail(ctx(), token)).rejects.toMatchObject({ code: "error.tokenInvalid" });
    await expect(identity.verifyEmail(ctx(), "forged")).rejects.toMatchObject({ code: "error.tokenInvalid" });
  });
});

describe("sign in and sessions", () => {
  it("stores only the SHA-256 of the session token and resolves the viewer from it", async () => {
    const { session, viewer } = await verifiedUser();
    expect(await prisma.session.findUnique({ where: { id: session.token } })).toBeNull();
    expect(viewer).toMatchObject({ kind: "user", via: "session", user: { displayName: "Sara Ahmadi", emailVerified: true } });
    const days = (session.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
  });

  it("slides the expiry when a session is used in the second half of its life", async () => {
    const { session } = await verifiedUser();
    const id = (await identity.listSessions(ctx(await viewerFor(session.token))))[0].id;
    await prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() + 5 * 86_400_000) } });
    const result = await identity.validateSessionToken(session.token);
    expect(result?.refreshed).toBe(true);
    expect((await prisma.session.findUniqueOrThrow({ where: { id } })).expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await identity.validateSessionToken(session.token)).toBeNull();
  });

  it("gives the same error for an unknown account and a wrong password", async () => {
    const { email } = await verifiedUser();
    const wrong = await identity.signIn(ctx(), { email, password: "wrong password!" }).catch((e: AppError) => e);
    const unknown = await identity.signIn(ctx(), { email: uniqueEmail("ghost"), password: "wrong password!" }).catch((e: AppError) => e);
    expect(wrong).toBeInstanceOf(AppError);
    expect((wrong as AppError).code).toBe("error.invalidCredentials");
    expect((unknown as AppError).code).toBe("error.invalidCredentials");
  });

  it("after 5 failures an account needs a growing wait between attempts, from any IP, with a translated wait", async () => {
    const { email } = await verifiedUser();
    for (let i = 0; i < identity.SIGN_IN_LIMITS.perAccount; i++) {
      await expect(identity.signIn(ctx(), { email, password: "wrong password!" })).rejects.toMatchObject({
        code: "error.invalidCredentials",
      });
    }
    const blocked = await identity.signIn(ctx(), { email, password: PASSWORD }).catch((e: AppError) => e);
    expect(blocked).toMatchObject({ code: "error.rateLimited", status: 429 });
    expect((blocked as AppError).params?.minutes).toBeGreaterThan(0);
    // The wait is short at first and doubles with each further failure, up to a cap: never a lock-out.
    expect(await waitSeconds(email)).toBeLessThanOrEqual(identity.SIGN_IN_LIMITS.firstDelaySeconds);
    await endWait(email);
    await expect(identity.signIn(ctx(), { email, password: "wrong again!!" })).rejects.toMatchObject({ code: "error.invalidCredentials" });
    expect(await waitSeconds(email)).toBeGreaterThan(identity.SIGN_IN_LIMITS.firstDelaySeconds);
    expect(await waitSeconds(email)).toBeLessThanOrEqual(2 * identity.SIGN_IN_LIMITS.firstDelaySeconds);
    expect(identity.signInDelaySeconds(100)).toBe(identity.SIGN_IN_LIMITS.maxDelaySeconds);
    // Once the wait is over, the owner signs in, and the count starts again.
    await endWait(email);
    await identity.signIn(ctx(), { email, password: PASSWORD });
    await expect(identity.signIn(ctx(), { email, password: "wrong password!" })).rejects.toMatchObject({
      code: "error.invalidCredentials",
    });
    await identity.signIn(ctx(), { email, password: PASSWORD });
  });

  it("an unknown address is delayed exactly like an account (no enumeration)", async () => {
    const ghost = uniqueEmail("ghost");
    for (let i = 0; i < identity.SIGN_IN_LIMITS.perAccount; i++) {
      await expect(identity.signIn(ctx(), { email: ghost, password: "wrong password!" })).rejects.toMatchObject({
        code: "error.invalidCredentials",
      });
    }
    await expect(identity.signIn(ctx(), { email: ghost, password: "wrong password!" })).rejects.toMatchObject({
      code: "error.rateLimited",
    });
  });

  it("the owner's device (signed in there before) is let through while an attacker is delayed", async () => {
    const { email, session } = await verifiedUser();
    expect(session.deviceProof.value).toMatch(/^d1\./);
    for (let i = 0; i < identity.SIGN_IN_LIMITS.perAccount + 2; i++) {
      await identity.signIn(ctx(), { email, password: "attacker guess" }).catch(() => undefined);
    }
    await expect(identity.signIn(ctx(), { email, password: PASSWORD })).rejects.toMatchObject({ code: "error.rateLimited" });
    // The owner's device: through (the password is still checked).
    await expect(
      identity.signIn(ctx(), { email, password: "attacker guess" }, { deviceProof: session.deviceProof.value }),
    ).rejects.toMatchObject({ code: "error.invalidCredentials" });
    const back = await identity.signIn(ctx(), { email, password: PASSWORD }, { deviceProof: session.deviceProof.value });
    expect(back.token).toBeTruthy();
    // A forged or another account's proof does not help.
    const other = await verifiedUser();
    for (let i = 0; i < identity.SIGN_IN_LIMITS.perAccount; i++)
      await identity.signIn(ctx(), { email, password: "attacker guess" }).catch(() => undefined);
    for (const forged of [other.session.deviceProof.value, session.deviceProof.value.slice(0, -2) + "xx", "d1.x.1.y", ""]) {
      await expect(identity.signIn(ctx(), { email, password: PASSWORD }, { deviceProof: forged }), forged).rejects.toMatchObject({
        code: "error.rateLimited",
      });
    }
  });

  it("throttles a single IP across many accounts: failures only", async () => {
    const ip = "203.0.113.7";
    let lastError: unknown;
    for (let i = 0; i <= identity.SIGN_IN_LIMITS.perIp; i++) {
      lastError = await identity
        .signIn(ctx(undefined, { ip }), { email: uniqueEmail("spray"), password: "whatever-password" })
        .catch((e: unknown) => e);
    }
    expect(lastError).toMatchObject({ code: "error.rateLimited" });
  });

  it("successful sign-ins from one IP (a call centre) are never limited", async () => {
    const ip = "203.0.113.99";
    const staff = [await verifiedUser(), await verifiedUser()];
    for (let i = 0; i < identity.SIGN_IN_LIMITS.perIp + 5; i++) {
      await identity.signIn(ctx(undefined, { ip }), { email: staff[i % 2].email, password: PASSWORD });
    }
    // A few typos among them do not lock the office out either.
    for (let i = 0; i < 3; i++)
      await identity.signIn(ctx(undefined, { ip }), { email: staff[0].email, password: "typo typo" }).catch(() => undefined);
    await identity.signIn(ctx(undefined, { ip }), { email: staff[1].email, password: PASSWORD });
  });

  it("signs out: the token no longer resolves", async () => {
    const { session } = await verifiedUser();
    await identity.signOut(ctx(), session.token);
    expect(await identity.validateSessionToken(session.token)).toBeNull();
  });
});

describe("passwords", () => {
  it("changing the password signs out every other session but keeps this one", async () => {
    const { email, session, viewer } = await verifiedUser();
    const other = await identity.signIn(ctx(), { email, password: PASSWORD });
    await expect(
      identity.changePassword(ctx(viewer), { currentPassword: "not it at all", newPassword: "a brand new password" }),
    ).rejects.toBeInstanceOf(ValidationError);
    await identity.changePassword(ctx(viewer), { currentPassword: PASSWORD, newPassword: "a brand new password" });
    expect(await identity.validateSessionToken(other.token)).toBeNull();
    expect(await identity.validateSessionToken(session.token)).not.toBeNull();
    await expect(identity.signIn(ctx(), { email, password: PASSWORD })).rejects.toMatchObject({ code: "error.invalidCredentials" });
    await identity.signIn(ctx(), { email, password: "a brand new password" });
  });

  it("changing the password revokes every API token", async () => {
    const { viewer } = await verifiedUser();
    const token = await identity.createApiToken(ctx(viewer), { name: "script", password: PASSWORD });
    expect(await identity.validateApiToken(token.token)).not.toBeNull();
    await identity.changePassword(ctx(viewer), { currentPassword: PASSWORD, newPassword: "a brand new password" });
    expect(await identity.validateApiToken(token.token)).toBeNull();
    expect(await identity.listApiTokens(ctx(viewer))).toEqual([]);
  });

  it("resetting the password revokes every API token", async () => {
    const { email, viewer } = await verifiedUser();
    const token = await identity.createApiToken(ctx(viewer), { name: "script", password: PASSWORD });
    await identity.requestPasswordReset(ctx(), { email });
    await runPasswordResetJobs();
    await identity.resetPassword(ctx(), { token: tokenFrom((await queuedEmail(email))!.props.url), password: "freshly chosen words" });
    expect(await identity.validateApiToken(token.token)).toBeNull();
  });

  it("resets a forgotten password with a single-use link and ends all sessions", async () => {
    const { email, session } = await verifiedUser();
    expect(await identity.requestPasswordReset(ctx(), { email })).toEqual({ sent: true });
    expect(await identity.requestPasswordReset(ctx(), { email: uniqueEmail("nobody") })).toEqual({ sent: true });
    expect(await runPasswordResetJobs()).toBe(2);
    const mail = await queuedEmail(email);
    expect(mail!.template).toBe("reset-password");
    const token = tokenFrom(mail!.props.url);
    await expect(identity.resetPassword(ctx(), { token, password: "short" })).rejects.toBeInstanceOf(ValidationError);
    await identity.resetPassword(ctx(), { token, password: "freshly chosen words" });
    expect(await identity.validateSessionToken(session.token)).toBeNull();
    await expect(identity.resetPassword(ctx(), { token, password: "freshly chosen words 2" })).rejects.toMatchObject({
      code: "error.tokenInvalid",
    });
    await identity.signIn(ctx(), { email, password: "freshly chosen words" });
  });
});

describe("password reset does not reveal who has an account", () => {
  it("does the same work on the request path for a registered and an unknown address", async () => {
    const { email } = await verifiedUser();
    const ghost = uniqueEmail("ghost");
    const state = async () => {
      const { rows } = await pool().query<{ tokens: number; emails: number; resets: number }>(
        `SELECT (SELECT count(*)::int FROM one_time_tokens WHERE purpose = 'reset_password') AS tokens,
                (SELECT count(*)::int FROM pgboss.job WHERE name = 'email.send') AS emails,
                (SELECT count(*)::int FROM pgboss.job WHERE name = 'identity.password-reset') AS resets`,
      );
      return rows[0];
    };
    const jobFor = async (to: string) =>
      (
        await pool().query<{ data: Record<string, unknown> }>(
          `SELECT data FROM pgboss.job WHERE name = 'identity.password-reset' AND data->>'email' = $1`,
          [to],
        )
      ).rows;
    const before = await state();
    expect(await identity.requestPasswordReset(ctx(), { email })).toEqual({ sent: true });
    const afterKnown = await state();
    expect(await identity.requestPasswordReset(ctx(), { email: ghost })).toEqual({ sent: true });
    const afterUnknown = await state();
    // Each request wrote exactly one job and nothing else: no token, no email, whichever address.
    expect(afterKnown).toEqual({ ...before, resets: before.resets + 1 });
    expect(afterUnknown).toEqual({ ...afterKnown, resets: afterKnown.resets + 1 });
    const [known, unknown] = [await jobFor(email), await jobFor(ghost)];
    expect(known).toHaveLength(1);
    expect(unknown).toHaveLength(1);
    expect(Object.keys(unknown[0].data).sort()).toEqual(Object.keys(known[0].data).sort());
    // The worker then mails the account's owner, and nobody for the unknown address.
    await runPasswordResetJobs();
    expect((await queuedEmail(email))!.template).toBe("reset-password");
    expect(await queuedEmail(ghost)).toBeNull();
  });
});

describe("account deletion", () => {
  it("erases personal data, keeps an anonymous record, and ends access", async () => {
    const { email, session, viewer } = await verifiedUser();
    const token = await identity.createApiToken(ctx(viewer), { name: "script", password: PASSWORD });
    await expect(identity.deleteAccount(ctx(viewer), { password: "wrong password" })).rejects.toBeInstanceOf(ValidationError);
    await identity.deleteAccount(ctx(viewer), { password: PASSWORD });
    const userId = viewer.kind === "user" ? viewer.user.id : "";
    const row = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    expect(row).toMatchObject({ email: null, phone: null, passwordHash: null, displayName: "—" });
    expect(row.deletedAt).not.toBeNull();
    expect(await identity.validateSessionToken(session.token)).toBeNull();
    expect(await identity.validateApiToken(token.token)).toBeNull();
    expect(await prisma.auditEvent.count({ where: { action: "identity.deleteAccount", subjectId: userId } })).toBe(1);
    // The address is free again.
    await identity.signUp(ctx(), { displayName: "New owner", email, password: PASSWORD });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });
});

describe("API tokens", () => {
  it("authenticates scripts by bearer token until revoked; only a hash is stored", async () => {
    const { viewer } = await verifiedUser();
    await expect(identity.createApiToken(ctx(viewer), { name: "dashboard" })).rejects.toBeInstanceOf(ValidationError);
    const wrong = await identity.createApiToken(ctx(viewer), { name: "dashboard", password: "not my password" }).catch((e: unknown) => e);
    expect((wrong as ValidationError).fieldErrors).toEqual({ password: ["error.wrongPassword"] });
    expect(await identity.listApiTokens(ctx(viewer))).toEqual([]);
    const created = await identity.createApiToken(ctx(viewer), { name: "dashboard", password: PASSWORD });
    expect(created.token).toMatch(/^cp_/);
    expect(await prisma.apiToken.count({ where: { tokenHash: created.token } })).toBe(0);
    expect(await identity.validateApiToken(created.token)).toMatchObject({ kind: "user", via: "token" });
    await identity.revokeApiToken(ctx(viewer), created.id);
    expect(await identity.validateApiToken(created.token)).toBeNull();
  });
});

describe("roles", () => {
  async function admin() {
    const u = await verifiedUser();
    await prisma.roleAssignment.create({ data: { userId: (u.viewer as { user: { id: string } }).user.id, role: "admin" } });
    return viewerFor(u.session.token);
  }

  it("an admin grants a scoped officer role; it is audited and takes effect", async () => {
    const adminViewer = await admin();
    const officer = await verifiedUser();
    const officerId = (officer.viewer as { user: { id: string } }).user.id;
    const grant = await identity.grantRole(ctx(adminViewer), { userId: officerId, role: "officer", regionId: "3" });
    expect(grant).toMatchObject({ role: "officer", regionId: 3, departmentId: null });
    const v = await viewerFor(officer.session.token);
    expect(identity.coversScope(v, "officer", { regionId: 3, departmentId: 2 })).toBe(true);
    expect(identity.coversScope(v, "officer", { regionId: 5, departmentId: 2 })).toBe(false);
    expect(await prisma.auditEvent.count({ where: { action: "identity.grantRole", subjectId: officerId } })).toBe(1);
    await identity.revokeRole(ctx(adminViewer), { assignmentId: grant.id });
    expect(identity.hasRole(await viewerFor(officer.session.token), "officer")).toBe(false);
    expect(await prisma.auditEvent.count({ where: { action: "identity.revokeRole", subjectId: officerId } })).toBe(1);
  });

  it("only admins manage roles; unknown regions are refused", async () => {
    const someone = await verifiedUser();
    const id = (someone.viewer as { user: { id: string } }).user.id;
    await expect(identity.grantRole(ctx(someone.viewer), { userId: id, role: "admin" })).rejects.toMatchObject({ code: "error.forbidden" });
    await expect(identity.grantRole(ctx(), { userId: id, role: "admin" })).rejects.toMatchObject({ code: "error.unauthenticated" });
    const adminViewer = await admin();
    await expect(identity.grantRole(ctx(adminViewer), { userId: id, role: "officer", regionId: 99 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await prisma.roleAssignment.count({ where: { userId: id } })).toBe(0);
  });

  it("the audit trail is append-only, even for the database's own users", async () => {
    await expect(prisma.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.updateMany({ data: { action: "x" } })).rejects.toThrow(/append-only/);
  });
});
