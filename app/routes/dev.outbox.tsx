import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { config } from "~/platform/config.server";
import { prisma } from "~/platform/db/client.server";

// Development only: emails kept instead of sent when no SMTP_URL is configured.
export async function loader(_: LoaderFunctionArgs) {
  if (config().isProduction) throw new Response("Not found", { status: 404 });
  const messages = await prisma.devOutboxMessage.findMany({ orderBy: { id: "desc" }, take: 50 });
  return { messages: messages.map((m) => ({ id: String(m.id), to: m.to, subject: m.subject, text: m.text, createdAt: m.createdAt })) };
}

export default function Outbox() {
  const { messages } = useLoaderData<typeof loader>();
  const { t, date } = useI18n();
  return (
    <div>
      <h1 className="mb-2 text-3xl font-bold">{t("outbox.title")}</h1>
      <p className="mb-4">{t("outbox.intro")}</p>
      {messages.length === 0 ? <p>{t("outbox.empty")}</p> : null}
      <ul className="grid gap-4">
        {messages.map((m) => (
          <li key={m.id} className="card">
            <p>
              <strong>{t("outbox.to")}:</strong> <span dir="ltr">{m.to}</span> — {date(m.createdAt, true)}
            </p>
            <p>
              <strong>{t("outbox.subject")}:</strong> {m.subject}
            </p>
            <pre className="mt-2 whitespace-pre-wrap break-all text-sm" dir="auto">
              {m.text}
            </pre>
          </li>
        ))}
      </ul>
    </div>
  );
}
