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
import type { CaseUpdateProps } from "../../../emails/case-update";
import type { CaseFollowConfirmProps } from "../../../emails/case-follow-confirm";
import type { CaseEscalatedProps } from "../../../emails/case-escalated";

/**
 * Asks to be told when a message has really gone out: the worker calls the handler registered for
 * `kind` (see `onDelivered`) after a successful send. Cases use it for "the answer reached the
 * citizen".
 */
export type DeliveryReceipt = { kind: string; id: string };

export type EmailMessage = { to: string; locale: Locale; receipt?: DeliveryReceipt } & (
  | { template: "verify-email"; props: VerifyEmailProps }
  | { template: "reset-password"; props: ResetPasswordProps }
  | { template: "account-exists"; props: AccountExistsProps }
  | { template: "case-update"; props: CaseUpdateProps }
  | { template: "case-follow-confirm"; props: CaseFollowConfirmProps }
  | { template: "case-escalated"; props: CaseEscalatedProps }
  | { template: "follow-up-reply"; props: FollowUpReplyProps }
);

export async function sendEmail(tx: Tx | null, message: EmailMessage) {
  await enqueue(tx, "email", message);
}

/** Short text messages (one-time codes). Queued like emails; see sms.server.ts for senders. */
export type SmsMessage = { to: string; locale: Locale; receipt?: DeliveryReceipt } & (
  | { template: "phone-code"; params: { code: string } }
  | { template: "case-update"; params: { code: string; status: string } }
  | { template: "case-follow-confirm"; params: { reference: string; url: string } }
);

export async function sendSms(tx: Tx | null, message: SmsMessage) {
  await enqueue(tx, "sms", message);
}

/** Development only: the newest messages kept instead of sent (no SMTP_URL). Null in production. */
export async function devOutbox(limit = 50) {
  if (config().isProduction) return null;
  const messages = await prisma.devOutboxMessage.findMany({ orderBy: { id: "desc" }, take: limit });
  return messages.map((m) => ({ id: String(m.id), to: m.to, subject: m.subject, text: m.text, createdAt: m.createdAt }));
}

type DeliveryHandler = (id: string) => Promise<void>;
const deliveryHandlers = new Map<string, DeliveryHandler>();

/** Registers what to do when a message carrying a receipt of `kind` has been delivered. */
export function onDelivered(kind: string, handler: DeliveryHandler) {
  deliveryHandlers.set(kind, handler);
}

/** Called by the workers after a successful send. */
export async function delivered(receipt: DeliveryReceipt | undefined) {
  if (receipt) await deliveryHandlers.get(receipt.kind)?.(receipt.id);
}
