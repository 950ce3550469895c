// SMS senders. An `SmsSender` delivers a text to a phone number. Development and tests use the
// console sender (logs it and keeps it in the dev outbox); a production provider (e.g. an Iranian
// SMS gateway) implements the same interface and is chosen in `smsSender()`.
import { config } from "~/platform/config.server";
import { prisma } from "~/platform/db/client.server";
import { translate } from "~/platform/i18n";
import { log } from "~/platform/log.server";
import type { SmsMessage } from "./index";

export interface SmsSender {
  send(to: string, text: string): Promise<void>;
}

export const consoleSmsSender: SmsSender = {
  async send(to, text) {
    log.info({ to, text }, "SMS (development console sender)");
    await prisma.devOutboxMessage.create({ data: { to, subject: "SMS", html: "", text } });
  },
};

export function smsSender(): SmsSender {
  if (!config().isProduction) return consoleSmsSender;
  return {
    async send() {
      throw new Error("No SMS provider is configured for production (see app/modules/notifications/sms.server.ts)");
    },
  };
}

export function renderSms(message: SmsMessage) {
  if (message.template === "case-update") return translate(message.locale, "cases.sms.update", message.params);
  if (message.template === "case-follow-confirm") return translate(message.locale, "cases.sms.followConfirm", message.params);
  return translate(message.locale, "sms.phoneCode", { code: message.params.code });
}
