// Phone verification by one-time SMS code: 6 digits, 10 minutes, 5 tries, hashed at rest.
import { randomInt, timingSafeEqual } from "node:crypto";
import { prisma } from "~/platform/db/client.server";
import type { RequestContext } from "~/platform/context";
import { audit } from "~/platform/audit.server";
import { AppError, parseInput, ValidationError } from "~/platform/errors";
import { encodeMessage } from "~/platform/i18n";
import { hit, minutesUntil } from "~/platform/rate-limit.server";
import { sendSms } from "~/modules/notifications";
import { hashToken } from "./crypto.server";
import { requireUser } from "./permissions";
import { ConfirmPhoneInput } from "./schemas";

const CODE_TTL_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 5;

export async function requestPhoneCode(ctx: RequestContext) {
  const viewer = requireUser(ctx.viewer);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: viewer.user.id } });
  if (!user.phone) throw new ValidationError({ phone: [encodeMessage("validation.required")] });
  if (user.phoneVerifiedAt) return { sent: false, alreadyVerified: true };
  const limit = await hit(`phone-code:${user.id}`, 60 * 60);
  if (limit.count > 5) throw new AppError("error.rateLimited", 429, { minutes: minutesUntil(limit.resetAt) });
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await prisma.$transaction(async (tx) => {
    await tx.phoneVerificationCode.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: new Date() } });
    await tx.phoneVerificationCode.create({
      data: { userId: user.id, phone: user.phone!, codeHash: hashToken(code), expiresAt: new Date(Date.now() + CODE_TTL_MS) },
    });
    await sendSms(tx, { to: user.phone!, locale: user.locale, template: "phone-code", params: { code } });
  });
  return { sent: true, alreadyVerified: false };
}

export async function confirmPhoneCode(ctx: RequestContext, raw: unknown) {
  const viewer = requireUser(ctx.viewer);
  const input = parseInput(ConfirmPhoneInput, raw);
  const wrong = () => new ValidationError({ code: [encodeMessage("validation.codeWrong")] });
  const user = await prisma.user.findUniqueOrThrow({ where: { id: viewer.user.id } });
  const row = await prisma.phoneVerificationCode.findFirst({
    where: { userId: user.id, usedAt: null, expiresAt: { gt: new Date() }, phone: user.phone ?? "" },
    orderBy: { createdAt: "desc" },
  });
  if (!row || row.attempts >= MAX_ATTEMPTS) throw wrong();
  // Count the attempt first, atomically, so parallel guesses cannot exceed the limit.
  const counted = await prisma.phoneVerificationCode.updateMany({
    where: { id: row.id, attempts: { lt: MAX_ATTEMPTS }, usedAt: null },
    data: { attempts: { increment: 1 } },
  });
  if (counted.count !== 1) throw wrong();
  const given = Buffer.from(hashToken(input.code));
  if (!timingSafeEqual(given, Buffer.from(row.codeHash))) throw wrong();
  await prisma.$transaction(async (tx) => {
    await tx.phoneVerificationCode.update({ where: { id: row.id }, data: { usedAt: new Date() } });
    await tx.user.update({ where: { id: user.id }, data: { phoneVerifiedAt: new Date() } });
    await audit(tx, { actorId: user.id, action: "identity.verifyPhone", subjectType: "user", subjectId: user.id });
  });
  return { ok: true };
}
