// Hostile input against the real production server (server.ts, the built site, /graphql):
// NUL bytes and invalid UTF-8 in forms and mutations, a urlencoded post where multipart is
// expected, and 200 MB bodies (declared, and streamed chunked) — each a translated 4xx, quickly,
// with nothing stored. (tests/platform/hostile-input.test.ts covers every form and operation.)
import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { translate } from "../../app/platform/i18n";
import { baseUrl, closeDb, db } from "./helpers";

const MB = 1024 * 1024;

async function counts() {
  const { rows } = await db<{ n: string }>(
    `SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM cases) + (SELECT count(*) FROM case_contacts) + (SELECT count(*) FROM media_files) AS n`,
  );
  return Number(rows[0]!.n);
}

function post(path: string, body: string, type = "application/x-www-form-urlencoded", lang = "fa") {
  return fetch(new URL(path, baseUrl()), {
    method: "POST",
    headers: { "content-type": type, cookie: `lang=${lang}` },
    body,
    redirect: "manual",
  });
}

/** Streams `total` bytes of `chunk` after `head` as a chunked body; resolves with the status and how much was sent. */
function streamed(path: string, type: string, head: Buffer, chunk: Buffer, total: number) {
  return new Promise<{ status: number | null; body: string; sent: number; ms: number }>((resolve) => {
    const started = Date.now();
    let sent = 0;
    let settled = false;
    const done = (status: number | null, body = "") => {
      if (settled) return;
      settled = true;
      resolve({ status, body, sent, ms: Date.now() - started });
    };
    const req = http.request(
      new URL(path, baseUrl()),
      { method: "POST", headers: { "content-type": type, cookie: "lang=en", "transfer-encoding": "chunked" } },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => done(res.statusCode ?? null, body));
        res.on("error", () => done(res.statusCode ?? null, body));
      },
    );
    req.on("error", () => done(null));
    req.write(head);
    sent += head.length;
    const pump = () => {
      while (!settled && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!settled) req.end();
    };
    pump();
  });
}

afterAll(closeDb);

describe("hostile input against the production server", () => {
  it("NUL bytes and invalid UTF-8 in site forms: 400 with the translated field error, nothing stored", async () => {
    const before = await counts();
    const message = translate("fa", "validation.characters");
    for (const [path, body] of [
      ["/signup", "displayName=Ali%00Reza&email=nul%40example.com&password=long+enough+password"],
      ["/signup", "displayName=Ali%C3%28%FF&email=utf8%40example.com&password=long+enough+password"],
      // /cases/new expects multipart: a urlencoded post is read as such.
      ["/cases/new", "categoryId=1&description=bad%00text+that+is+long+enough&latitude=35.7&longitude=51.4&contactEmail=a%40example.com"],
      ["/cases/track", "code=ABCD-EFGH%00&contact=a%40example.com"],
    ] as const) {
      const r = await post(path, body);
      expect(r.status, `${path} ${body}`).toBe(400);
      const html = await r.text();
      if (path !== "/cases/track") expect(html, path).toContain(message);
    }
    expect(await counts()).toBe(before);
  });

  it("NUL bytes in a GraphQL mutation: a typed, translated ValidationError", async () => {
    const query = `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on ValidationError { fieldErrors { field codes messages } } } }`;
    const r = await post(
      "/graphql",
      JSON.stringify({
        query,
        variables: { input: { displayName: "Ali\u0000", email: "gql-nul@example.com", password: "long enough password" } },
      }),
      "application/json",
      "en",
    );
    expect(r.status).toBe(200);
    expect((await r.json()).data.signUp).toEqual({
      __typename: "ValidationError",
      fieldErrors: [{ field: "displayName", codes: ["validation.characters"], messages: [translate("en", "validation.characters")] }],
    });
  });

  it("a declared 200 MB body is refused at once with a translated 413 (forms and /graphql)", async () => {
    for (const path of ["/cases/new", "/graphql"]) {
      const started = Date.now();
      const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          new URL(path, baseUrl()),
          {
            method: "POST",
            headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(200 * MB), "accept-language": "fa-IR" },
          },
          (res) => {
            let body = "";
            res.on("data", (c: Buffer) => (body += c.toString()));
            res.on("end", () => resolve({ status: res.statusCode!, body }));
          },
        );
        req.on("error", reject);
        req.write("--x\r\n");
      });
      expect(r.status, path).toBe(413);
      expect(r.body).toBe(translate("fa", "error.bodyTooLarge", { max: 41 }));
      expect(Date.now() - started).toBeLessThan(3000);
    }
  });

  it("a streamed (chunked) 200 MB multipart form is cut off at the limit with a translated 413", async () => {
    const before = await counts();
    const head = Buffer.from('--b0\r\nContent-Disposition: form-data; name="description"\r\n\r\nlong enough description\r\n');
    // Parts under the per-photo limit: only the whole-body limit can stop them.
    const part = Buffer.concat([
      Buffer.from('--b0\r\nContent-Disposition: form-data; name="photos"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'),
      Buffer.alloc(2 * MB, 0xff),
      Buffer.from("\r\n"),
    ]);
    const r = await streamed("/cases/new", "multipart/form-data; boundary=b0", head, part, 200 * MB);
    expect(r.status).toBe(413);
    expect(r.body).toContain(translate("en", "error.bodyTooLarge", { max: 41 }));
    expect(r.sent).toBeLessThan(120 * MB); // the server stopped reading long before 200 MB (socket buffers aside)
    expect(r.ms).toBeLessThan(30_000);
    expect(await counts()).toBe(before);
  });

  it("a streamed (chunked) 200 MB GraphQL body is cut off at the limit with a translated 413", async () => {
    const r = await streamed(
      "/graphql",
      "application/json",
      Buffer.from('{"query":"{ viewer { id } }","variables":{"x":"'),
      Buffer.alloc(MB, 0x61),
      200 * MB,
    );
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).errors[0].message).toBe(translate("en", "error.bodyTooLarge", { max: 41 }));
    expect(r.sent).toBeLessThan(120 * MB);
    expect(r.ms).toBeLessThan(30_000);
  });
});
