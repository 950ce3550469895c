// People for module tests: verified accounts, club members, staff — created through the modules
// where it matters, directly in the database where it is only set-up.
import { prisma } from "../../app/platform/db/client.server";
import * as identity from "../../app/modules/identity";
import * as club from "../../app/modules/club";
import type { Viewer } from "../../app/platform/context";
import { ctx, queuedEmail, tokenFrom, uniqueEmail, viewerFor } from "./context";

export const PASSWORD = "people password 137";

export async function person(name = "Person"): Promise<{ email: string; viewer: Viewer; userId: string; token: string }> {
  const email = uniqueEmail(name.toLowerCase().replace(/\W/g, ""));
  await identity.signUp(ctx(), { displayName: name, email, password: PASSWORD });
  await identity.verifyEmail(ctx(), tokenFrom((await queuedEmail(email))!.props.url));
  const session = await identity.signIn(ctx(), { email, password: PASSWORD });
  const viewer = await viewerFor(session.token);
  return { email, viewer, userId: (viewer as { user: { id: string } }).user.id, token: session.token };
}

export async function staff(
  role: "admin" | "manager" | "operator" | "officer" | "inspector",
  regionId: number | null = null,
  departmentId: number | null = null,
) {
  const p = await person(role);
  await prisma.roleAssignment.create({ data: { userId: p.userId, role, regionId, departmentId } });
  return { ...p, viewer: await viewerFor(p.token) };
}

export async function member(homeRegionId = 3, level: "email" | "phone" | "resident" = "email") {
  const p = await person("Member");
  const m = await club.joinClub(ctx(p.viewer), { homeRegionId, interests: [], acceptTerms: true });
  if (level !== "email") await prisma.user.update({ where: { id: p.userId }, data: { phoneVerifiedAt: new Date() } });
  if (level === "resident") await prisma.clubMember.update({ where: { id: m.id }, data: { residentVerifiedAt: new Date() } });
  return { ...p, member: m };
}
