import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { devOutbox } from "~/modules/notifications";

// Development only: emails kept instead of sent when no SMTP_URL is configured.
export async function loader(_: LoaderFunctionArgs) {
  const messages = await devOutbox();
  if (!messages) throw new Response("Not found", { status: 404 });
  return { messages };
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
