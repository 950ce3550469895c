// Renders queued emails and delivers them: over SMTP when SMTP_URL is set, otherwise (development
// only) into the dev outbox table shown at /dev/outbox. In production without SMTP the job fails
// and is retried, so nothing is lost while the operator fixes the configuration.
import { render } from "@react-email/render";
import nodemailer from "nodemailer";
import { createElement } from "react";
import { config } from "~/platform/config.server";
import { prisma } from "~/platform/db/client.server";
import { boss, QUEUES } from "~/platform/jobs.server";
import { log } from "~/platform/log.server";
import { delivered, type EmailMessage, type SmsMessage } from "./index";
import { renderSms, smsSender } from "./sms.server";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each template has its own props
type Template = { default: (props: any) => React.ReactElement; subject: (locale: EmailMessage["locale"], props: any) => string };

const templates: Record<EmailMessage["template"], () => Promise<Template>> = {
  "verify-email": () => import("../../../emails/verify-email") as Promise<Template>,
  "reset-password": () => import("../../../emails/reset-password") as Promise<Template>,
  "account-exists": () => import("../../../emails/account-exists") as Promise<Template>,
  "case-update": () => import("../../../emails/case-update") as Promise<Template>,
  "case-follow-confirm": () => import("../../../emails/case-follow-confirm") as Promise<Template>,
  "case-escalated": () => import("../../../emails/case-escalated") as Promise<Template>,
  "follow-up-reply": () => import("../../../emails/follow-up-reply") as Promise<Template>,
};

export async function renderEmail(message: EmailMessage) {
  const template = await templates[message.template]();
  const element = createElement(template.default, { ...message.props, locale: message.locale });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: template.subject(message.locale, message.props), html, text };
}

let transport: nodemailer.Transporter | undefined;

export async function deliver(message: EmailMessage) {
  const { subject, html, text } = await renderEmail(message);
  const cfg = config();
  if (cfg.smtpUrl) {
    transport ??= nodemailer.createTransport(cfg.smtpUrl);
    await transport.sendMail({ from: cfg.mailFrom, to: message.to, subject, html, text });
  } else if (!cfg.isProduction) {
    await prisma.devOutboxMessage.create({ data: { to: message.to, subject, html, text } });
  } else {
    throw new Error("SMTP_URL is not configured: cannot send email in production");
  }
}

export async function startEmailWorker() {
  const b = await boss();
  await b.work<EmailMessage>(QUEUES.email.name, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      await deliver(job.data);
      log.info({ template: job.data.template, jobId: job.id }, "email sent");
      await delivered(job.data.receipt);
    }
  });
}

export async function startSmsWorker() {
  const b = await boss();
  await b.work<SmsMessage>(QUEUES.sms.name, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    await smsSender().send(job.data.to, renderSms(job.data));
    await delivered(job.data.receipt);
  });
}
