import "../support/db";
import { createServer } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/platform/db/client.server";
import { ctx, uniqueEmail } from "../support/context";

type Received = { to: string[]; raw: string };
const received: Received[] = [];
let smtp: SMTPServer;
let port = 0;

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  port = await freePort();
  await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
  // The worker reads its configuration on first use: point it at our SMTP server.
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

function decode(raw: string) {
  return raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

describe("email delivery", () => {
  it("a sign-up's verification email travels the queue and arrives over SMTP, in Persian", async () => {
    const { startEmailWorker } = await import("../../app/modules/notifications/worker.server");
    await startEmailWorker();
    const identity = await import("../../app/modules/identity");
    const email = uniqueEmail("smtp");
    await identity.signUp(ctx(undefined, { locale: "fa" }), { displayName: "مریم", email, password: "a long password" });
    const mail = await waitFor(() => received.find((m) => m.to.includes(email)));
    const body = decode(mail.raw);
    expect(body).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(body).toContain("http://test.local/verify-email?token=");
    expect(body).toContain('dir="rtl"');
  });

  it("renders both languages from the same template", async () => {
    const { renderEmail } = await import("../../app/modules/notifications/worker.server");
    const fa = await renderEmail({ template: "reset-password", to: "x@y.z", locale: "fa", props: { name: "N", url: "http://u/reset" } });
    const en = await renderEmail({ template: "reset-password", to: "x@y.z", locale: "en", props: { name: "N", url: "http://u/reset" } });
    expect(fa.subject).toBe("بازیابی گذرواژه");
    expect(en.subject).toBe("Reset your password");
    expect(en.html).toContain('dir="ltr"');
    expect(en.text).toContain("http://u/reset");
    const props = {
      code: "4K7M-9QXA",
      status: "answered" as const,
      unit: "منطقه ۳ — معاونت فنی و عمرانی",
      text: "چاله ترمیم شد.",
      url: "http://u/cases/track?code=4K7M-9QXA",
    };
    const caseFa = await renderEmail({ template: "case-update", to: "x@y.z", locale: "fa", props });
    expect(caseFa.subject).toBe("پیام 4K7M-9QXA: پاسخ داده شده");
    expect(caseFa.text).toContain("چاله ترمیم شد.");
    const { renderSms } = await import("../../app/modules/notifications/sms.server");
    expect(renderSms({ template: "case-update", to: "09120000000", locale: "en", params: { code: "4K7M-9QXA", status: "Answered" } })).toBe(
      "137 Plus: your case 4K7M-9QXA is now “Answered”.",
    );
  });

  it("a case's answer reaches the citizen over SMTP, and only then may the case be closed", async () => {
    const { startCaseWorkers } = await import("../../app/modules/cases/worker.server");
    await startCaseWorkers();
    const cases = await import("../../app/modules/cases");
    const { staff } = await import("../support/people");
    const { prisma } = await import("../../app/platform/db/client.server");
    const email = uniqueEmail("case");
    const pothole = (await cases.listCategories()).find((c) => c.slug === "streets.pothole")!;
    const c = await cases.submitCase(ctx(undefined, { locale: "en" }), {
      categoryId: pothole.id,
      description: "A pothole on Vanak square.",
      latitude: 35.7575,
      longitude: 51.4097,
      contactEmail: email,
      confirmNew: true,
    });
    if (c.kind !== "created") throw new Error("expected a case");
    const registered = await waitFor(() => received.find((m) => m.to.includes(email)));
    expect(decode(registered.raw)).toContain(c.code);
    const officer = await staff("officer", 3);
    await cases.actOnCase(ctx(officer.viewer), { caseId: c.id, action: "answer", answer: "Filled this morning by the region 3 crew." });
    const answered = await waitFor(() => received.find((m) => m.to.includes(email) && decode(m.raw).includes("Filled this morning")));
    expect(decode(answered.raw)).toMatch(/Answered/);
    const delivered = await waitFor(
      async () => (await prisma.case.findUniqueOrThrow({ where: { id: c.id } })).feedbackDeliveredAt ?? undefined,
      20_000,
    );
    expect(delivered).toBeInstanceOf(Date);
    expect((await cases.actOnCase(ctx(officer.viewer), { caseId: c.id, action: "close" })).status).toBe("closed");
  });

  it("when SMTP is down the request still succeeds and the message waits to be retried, not lost", async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    const identity = await import("../../app/modules/identity");
    const email = uniqueEmail("down");
    await identity.signUp(ctx(), { displayName: "Kian", email, password: "a long password" });
    const state = await waitFor(async () => {
      const { rows } = await pool().query(`SELECT state, output FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1`, [email]);
      return rows[0]?.state === "retry" ? rows[0] : undefined;
    }, 20_000);
    expect(JSON.stringify(state.output)).toMatch(/ECONNREFUSED/);
  });
});
