// The reporter follows up: code + passphrase → status, outcome and the message thread, where they
// can write to the inspectors. Works without JavaScript.
//
// Staying "signed in" to the thread: after the passphrase is checked once, a short-lived signed
// cookie holds only the report's id and an expiry (HMAC from the reports key; HttpOnly,
// SameSite=Strict, Path=/report, THREAD_MINUTES of inactivity, renewed on each page). We
// chose this over re-posting code + passphrase because that would keep the passphrase in the page
// (in hidden fields, in the browser's memory and back/forward cache) for every message; and the
// cookie is tied to no account, no person and no IP — only to the report the holder already
// proved they follow. "Stop following up" deletes it at once.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/meta";
import { InputField, TextAreaField } from "~/components/fields";
import { FormMessage, AppForm, SubmitButton, fieldErrors, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { privatePage } from "~/components/integrity/page.server";
import { Digits, MessageThread, StatusBadge } from "~/components/integrity/ui";
import { THREAD_MINUTES } from "~/modules/integrity/public";
import { followCorruptionReport, reporterThread, sendReporterMessage, type ReporterThread } from "~/modules/integrity";
import { config } from "~/platform/config.server";
import { AppError } from "~/platform/errors";
import { appendHeader, contextOf, formAction, formValues } from "~/platform/http.server";
import { readCookie } from "~/platform/request.server";

export const meta = pageTitle("reports.follow.title");

const THREAD_COOKIE = "report_thread";
const PATH = "/report/follow";

function threadCookie(token: string | null) {
  const secure = config().isProduction && !(config().publicUrl ?? "").startsWith("http://");
  const maxAge = token ? THREAD_MINUTES * 60 : 0;
  // Path=/report, not /report/follow: Remix fetches this page's data from /report/follow.data,
  // which a cookie for /report/follow would not be sent to.
  return `${THREAD_COOKIE}=${token ?? ""}; Path=/report; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  privatePage(args);
  const left = new URL(args.request.url).searchParams.has("left");
  const token = readCookie(args.request, THREAD_COOKIE);
  if (!token) return { thread: null, notice: left ? "reports.follow.left" : null };
  try {
    const opened = await reporterThread(ctx, token);
    appendHeader(args, "Set-Cookie", threadCookie(opened.token));
    return { thread: opened.thread, notice: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    appendHeader(args, "Set-Cookie", threadCookie(null));
    return { thread: null, notice: "reports.error.threadExpired" };
  }
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  privatePage(args);
  const { intent, ...values } = await formValues(args.request);
  return formAction(async () => {
    switch (intent) {
      case "open": {
        const opened = await followCorruptionReport(ctx, values);
        // Post/redirect/get: a reload does not post the passphrase again.
        return redirect(PATH, { headers: { "Set-Cookie": threadCookie(opened.token) } });
      }
      case "send": {
        const sent = await sendReporterMessage(ctx, { token: readCookie(args.request, THREAD_COOKIE) }, values);
        appendHeader(args, "Set-Cookie", threadCookie(sent.token));
        return { message: "reports.follow.sent" };
      }
      case "leave":
        return redirect(`${PATH}?left`, { headers: { "Set-Cookie": threadCookie(null) } });
      default:
        throw new Response("Unknown intent", { status: 400 });
    }
  });
}

function OpenForm({ result, notice }: { result?: ActionResult; notice: string | null }) {
  const { t, tm } = useI18n();
  return (
    <div className="grid max-w-2xl gap-6">
      <h1 className="text-3xl font-bold">{t("reports.follow.title")}</h1>
      <p>{t("reports.follow.intro")}</p>
      {notice ? (
        <p role="status" className="card">
          {tm(notice)}
        </p>
      ) : null}
      <div className="card">
        <FormMessage result={result} />
        <AppForm>
          <input type="hidden" name="intent" value="open" />
          <InputField
            id="f-code"
            name="code"
            label={t("reports.receipt.code")}
            hint={t("reports.follow.codeHint")}
            inputMode="numeric"
            autoComplete="off"
            dir="ltr"
            required
            errors={fieldErrors(result, "code")}
          />
          <InputField
            id="f-passphrase"
            name="passphrase"
            type="password"
            label={t("reports.receipt.passphrase")}
            hint={t("reports.follow.passphraseHint")}
            inputMode="numeric"
            autoComplete="off"
            dir="ltr"
            required
            errors={fieldErrors(result, "passphrase")}
          />
          <SubmitButton>{t("reports.follow.submit")}</SubmitButton>
        </AppForm>
      </div>
    </div>
  );
}

function ThreadPage({ thread, result }: { thread: ReporterThread; result?: ActionResult }) {
  const { t, has, date } = useI18n();
  const categoryName = (category: string) => {
    const key = `reports.category.${category}`;
    return has(key) ? t(key) : category;
  };
  return (
    <div className="grid max-w-3xl gap-6">
      <h1 className="text-3xl font-bold">{t("reports.follow.title")}</h1>
      <section className="card" aria-labelledby="report-details">
        <h2 id="report-details" className="sr-only">
          {t("reports.report.details")}
        </h2>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-bold">{t("reports.receipt.code")}</dt>
          <dd>
            <Digits value={thread.code} testId="report-code" />
          </dd>
          <dt className="font-bold">{t("reports.follow.category")}</dt>
          <dd>{categoryName(thread.category)}</dd>
          <dt className="font-bold">{t("reports.follow.sentAt")}</dt>
          <dd>{date(thread.createdAt)}</dd>
          <dt className="font-bold">{t("reports.follow.status")}</dt>
          <dd>
            <StatusBadge status={thread.status} />
          </dd>
          {thread.outcome ? (
            <>
              <dt className="font-bold">{t("reports.follow.outcome")}</dt>
              <dd className="whitespace-pre-wrap" dir="auto" data-testid="outcome">
                {thread.outcome}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="thread">
        <h2 id="thread" className="mb-3 text-xl font-bold">
          {t("reports.follow.thread")}
        </h2>
        <MessageThread messages={thread.messages} perspective="reporter" headingId="thread" />
      </section>
      <section className="card" aria-labelledby="write">
        <h2 id="write" className="mb-3 text-xl font-bold">
          {t("reports.follow.message")}
        </h2>
        <FormMessage result={result} />
        {thread.status === "closed" ? (
          <p>{t("reports.follow.closedNote")}</p>
        ) : (
          <AppForm>
            <input type="hidden" name="intent" value="send" />
            <TextAreaField
              id="f-body"
              name="body"
              label={t("reports.follow.message")}
              rows={5}
              required
              dir="auto"
              errors={fieldErrors(result, "body")}
            />
            <SubmitButton>{t("reports.follow.send")}</SubmitButton>
          </AppForm>
        )}
      </section>
      <div className="grid gap-2">
        <p className="text-sm text-gray-700">{t("reports.follow.sessionNote", { minutes: THREAD_MINUTES })}</p>
        <AppForm>
          <input type="hidden" name="intent" value="leave" />
          <SubmitButton className="btn-secondary">{t("reports.follow.leave")}</SubmitButton>
        </AppForm>
      </div>
    </div>
  );
}

export default function FollowReport() {
  const { thread, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  if (!thread) return <OpenForm result={result} notice={notice} />;
  return (
    <ThreadPage
      thread={{
        ...thread,
        createdAt: new Date(thread.createdAt),
        closedAt: thread.closedAt ? new Date(thread.closedAt) : null,
        messages: thread.messages.map((m) => ({ ...m, createdAt: new Date(m.createdAt) })),
      }}
      result={result}
    />
  );
}
