// Notifications: who is told what. Modules call `sendEmail` inside their transaction; the email is
// queued (pg-boss) and rendered and sent by a worker, so a slow or failing SMTP server never fails
// the person's request, and a retry never loses the message.
import { prisma, type Tx } from "~/platform/db/client.server";
import { config } from "~/platform/config.server";
import type { Locale } from "~/platform/i18n";
import { enqueue } from "~/platform/jobs.server";
import type { AccountExistsProps } from "../../../emails/account-exists";
import type { FollowUpReplyProps } from "../../../emails/follow-up-reply";
import type { ResetPasswordProps } from "../../../emails/reset-password";
import type { VerifyEmailProps } from "../../../emails/verify-email";

export type EmailMessage = { to: string; locale: Locale } & (
  | { template: "verify-email"; props: VerifyEmailProps }
  | { template: "reset-password"; props: ResetPasswordProps }
  | { template: "account-exists"; props: AccountExistsProps }
  | { template: "follow-up-reply"; props: FollowUpReplyProps }
);

export async function sendEmail(tx: Tx | null, message: EmailMessage) {
  await enqueue(tx, "email", message);
}

/** Short text messages (one-time codes). Queued like emails; see sms.server.ts for senders. */
export type SmsMessage = { to: string; locale: Locale; template: "phone-code"; params: { code: string } };

export async function sendSms(tx: Tx | null, message: SmsMessage) {
  await enqueue(tx, "sms", message);
}

/** Development only: the newest messages kept instead of sent (no SMTP_URL). Null in production. */
export async function devOutbox(limit = 50) {
  if (config().isProduction) return null;
  const messages = await prisma.devOutboxMessage.findMany({ orderBy: { id: "desc" }, take: limit });
  return messages.map((m) => ({ id: String(m.id), to: m.to, subject: m.subject, text: m.text, createdAt: m.createdAt }));
}
