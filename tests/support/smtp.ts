// A tiny SMTP sink for end-to-end tests: an in-process `smtp-server` (no TLS, no auth required) on
// a free loopback port that writes every message it receives as one JSON file into a folder.
// Tests (other processes/workers) read that folder with `readMail` / `waitForMail`.
//
// `mailparser` is not a dependency, so this file carries a minimal MIME reader: headers (with
// RFC 2047 encoded words), multipart bodies (nested), and base64 / quoted-printable transfer
// encodings. That is all nodemailer produces for our templates.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Decoded Subject header. */
  subject: string;
  /** Decoded text/plain part ("" if none). */
  text: string;
  /** Decoded text/html part ("" if none). */
  html: string;
  /** The message exactly as received. */
  raw: string;
  receivedAt: string;
};

// ---------------------------------------------------------------------------------------------
// Minimal MIME decoding
// ---------------------------------------------------------------------------------------------

function decodeBytes(bytes: Buffer, charset = "utf-8"): string {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}

/** Quoted-printable → bytes: soft line breaks (`=\r\n`) joined, `=XX` decoded. */
export function decodeQuotedPrintable(input: string, charset = "utf-8"): string {
  const joined = input.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const ch = joined[i];
    if (ch === "=" && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      // Non-ASCII characters should not appear in QP, but keep them intact if they do.
      for (const b of Buffer.from(ch, "utf8")) bytes.push(b);
    }
  }
  return decodeBytes(Buffer.from(bytes), charset);
}

/** RFC 2047 encoded words (`=?UTF-8?B?...?=` / `=?UTF-8?Q?...?=`), adjacent words joined. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)/g, "$1")
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) => {
      if (encoding.toUpperCase() === "B") return decodeBytes(Buffer.from(text, "base64"), charset);
      return decodeQuotedPrintable(text.replace(/_/g, " "), charset);
    });
}

type Part = { headers: Map<string, string>; body: string };

function splitHeaders(source: string): Part {
  const match = /\r?\n\r?\n/.exec(source);
  const head = match ? source.slice(0, match.index) : source;
  const body = match ? source.slice(match.index + match[0].length) : "";
  const headers = new Map<string, string>();
  // Unfold continuation lines, then split "Name: value".
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function headerParam(value: string | undefined, param: string): string | undefined {
  if (!value) return undefined;
  const m = new RegExp(`(?:^|;)\\s*${param}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, "i").exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  const charset = headerParam(part.headers.get("content-type"), "charset") ?? "utf-8";
  if (encoding === "base64") return decodeBytes(Buffer.from(part.body.replace(/\s+/g, ""), "base64"), charset);
  if (encoding === "quoted-printable") return decodeQuotedPrintable(part.body, charset);
  return part.body;
}

/** Collects the text/plain and text/html bodies of a message (walking nested multiparts). */
function collectBodies(part: Part, out: { text: string; html: string }) {
  const contentType = part.headers.get("content-type") ?? "text/plain";
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type.startsWith("multipart/")) {
    const boundary = headerParam(contentType, "boundary");
    if (!boundary) return;
    const chunks = part.body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:--)?[ \\t]*\\r?\\n?`));
    // chunks[0] is the preamble; the last one is the epilogue (after the closing delimiter).
    for (const chunk of chunks.slice(1)) {
      if (!chunk.trim()) continue;
      collectBodies(splitHeaders(chunk), out);
    }
    return;
  }
  const disposition = (part.headers.get("content-disposition") ?? "").toLowerCase();
  if (disposition.startsWith("attachment")) return;
  if (type === "text/plain" && !out.text) out.text = decodeBody(part);
  else if (type === "text/html" && !out.html) out.html = decodeBody(part);
}

export function parseMail(raw: string, envelope: { to: string[]; from: string }): ReceivedMail {
  const message = splitHeaders(raw);
  const bodies = { text: "", html: "" };
  collectBodies(message, bodies);
  return {
    to: envelope.to.map((a) => a.toLowerCase()),
    from: envelope.from,
    subject: decodeEncodedWords(message.headers.get("subject") ?? ""),
    text: bodies.text,
    html: bodies.html,
    raw,
    receivedAt: new Date().toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// The server (runs in vitest's global setup process)
// ---------------------------------------------------------------------------------------------

export type MailSink = { port: number; dir: string; close: () => Promise<void> };

export async function startMailSink(dir: string): Promise<MailSink> {
  await fs.mkdir(dir, { recursive: true });
  let counter = 0;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    banner: "e2e mail sink",
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const mail = parseMail(raw, {
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        });
        const name = `${Date.now()}-${String(++counter).padStart(4, "0")}-${randomBytes(3).toString("hex")}`;
        const tmp = path.join(dir, `${name}.tmp`);
        // Written then renamed, so a reader never sees half a file.
        fs.writeFile(tmp, JSON.stringify(mail, null, 2))
          .then(() => fs.rename(tmp, path.join(dir, `${name}.json`)))
          .then(() => callback(), callback);
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  server.on("error", (error) => console.error("[e2e smtp]", error));
  return {
    port,
    dir,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading (runs in the test files)
// ---------------------------------------------------------------------------------------------

/** Every message received so far, oldest first. */
export async function readMail(dir: string): Promise<ReceivedMail[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  const out: ReceivedMail[] = [];
  for (const name of names) out.push(JSON.parse(await fs.readFile(path.join(dir, name), "utf8")) as ReceivedMail);
  return out;
}

/** Polls until a message to `to` (matching `where`, if given) arrives; returns the newest such. */
export async function waitForMail(
  dir: string,
  to: string,
  options: { where?: (mail: ReceivedMail) => boolean; timeoutMs?: number } = {},
): Promise<ReceivedMail> {
  const recipient = to.toLowerCase();
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const all = await readMail(dir);
    const found = all.filter((m) => m.to.includes(recipient) && (options.where?.(m) ?? true));
    if (found.length) return found[found.length - 1];
    if (Date.now() > deadline) {
      const seen = all.map((m) => `  to=${m.to.join(",")} subject=${JSON.stringify(m.subject)}`).join("\n") || "  (none)";
      throw new Error(`No email to ${to} arrived within ${options.timeoutMs ?? 20_000} ms. Received so far:\n${seen}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The first absolute link in the message (text part, then HTML) whose path starts with `pathPrefix`. */
export function findLink(mail: ReceivedMail, pathPrefix: string): string | undefined {
  const escaped = pathPrefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`https?://[^\\s"'<>()\\[\\]]+?${escaped}[^\\s"'<>()\\[\\]]*`);
  for (const body of [mail.text, mail.html.replace(/&amp;/g, "&"), decodeQuotedPrintable(mail.raw)]) {
    const m = pattern.exec(body);
    if (m) return m[0];
  }
  return undefined;
}
