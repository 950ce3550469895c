// Sessions per Lucia's guide: the cookie holds a random token, the database its SHA-256. Expiry
// slides: a session used in the second half of its 30 days is extended to a full 30 again.
import { prisma } from "~/platform/db/client.server";
import type { RoleGrant, Viewer } from "~/platform/context";
import { generateToken, hashToken } from "./crypto.server";

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_DAYS = 30;
const TOUCH_EVERY_MS = 60 * 1000;

export async function createSession(userId: string, userAgent: string | null) {
  const token = generateToken();
  const session = await prisma.session.create({
    data: {
      id: hashToken(token),
      userId,
      expiresAt: new Date(Date.now() + SESSION_DAYS * DAY),
      userAgent: userAgent?.slice(0, 300) ?? null,
    },
  });
  return { token, expiresAt: session.expiresAt };
}

// Every authenticated request resolves its viewer: user and active roles in the same query.
const withUserAndRoles = {
  user: {
    include: { roleAssignments: { where: { revokedAt: null }, select: { id: true, role: true, regionId: true, departmentId: true } } },
  },
} as const;

function viewerOf(
  user: { id: string; email: string | null; displayName: string; locale: "fa" | "en"; emailVerifiedAt: Date | null; phone: string | null },
  roles: RoleGrant[],
  sessionId: string | null,
  via: "session" | "token",
): Viewer {
  return {
    kind: "user",
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      locale: user.locale,
      emailVerified: !!user.emailVerifiedAt,
      phone: user.phone,
    },
    roles,
    sessionId,
    via,
  };
}

/** Resolves a session cookie's token. `refreshed` tells the caller to re-send the cookie. */
export async function validateSessionToken(token: string): Promise<{ viewer: Viewer; expiresAt: Date; refreshed: boolean } | null> {
  const id = hashToken(token);
  const session = await prisma.session.findUnique({ where: { id }, include: withUserAndRoles });
  if (!session || session.user.deletedAt) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) {
    await prisma.session.delete({ where: { id } }).catch(() => undefined);
    return null;
  }
  let expiresAt = session.expiresAt;
  const refreshed = expiresAt.getTime() - now < (SESSION_DAYS / 2) * DAY;
  if (refreshed || now - session.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    if (refreshed) expiresAt = new Date(now + SESSION_DAYS * DAY);
    await prisma.session.update({ where: { id }, data: { expiresAt, lastUsedAt: new Date(now) } });
  }
  return { viewer: viewerOf(session.user, session.user.roleAssignments, id, "session"), expiresAt, refreshed };
}

export async function validateApiToken(token: string): Promise<Viewer | null> {
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: withUserAndRoles });
  if (!row || row.revokedAt || row.user.deletedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return viewerOf(row.user, row.user.roleAssignments, null, "token");
}

export async function invalidateSessionToken(token: string) {
  await prisma.session.deleteMany({ where: { id: hashToken(token) } });
}
