import "../support/db";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../app/platform/db/client.server";
import { translate } from "../../app/platform/i18n";
import { handleGraphQL } from "../../graphql/yoga.server";
import { person, staff } from "../support/people";

type Json = any;

async function gql(query: string, variables?: object, headers: Record<string, string> = {}) {
  const res = await handleGraphQL(
    new Request("http://api.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "en", ...headers },
      body: JSON.stringify({ query, variables }),
    }),
  );
  return (await res.json()) as { data?: Json; errors?: { message: string }[] };
}

const ROLES = ["anonymous", "citizen", "operator", "officer", "manager", "admin", "inspector"] as const;
type Role = (typeof ROLES)[number];
const tokens = {} as Record<Exclude<Role, "anonymous">, string>;
const as = (role: Role, extra: Record<string, string> = {}) =>
  role === "anonymous" ? extra : { cookie: `session=${tokens[role]}`, ...extra };
const newKey = () => randomBytes(12).toString("base64url");
const DESCRIPTION = "A contractor was paid twice for the same road works in region 5, with forged invoices.";

const SUBMIT = `mutation($i: SubmitCorruptionReportInput!) { submitCorruptionReport(input: $i) {
  __typename ... on MutationSubmitCorruptionReportSuccess { data { code passphrase alreadyReceived } }
  ... on ValidationError { message fieldErrors { field codes messages } } ... on AppError { code message } } }`;
const FOLLOW = `mutation($c: String!, $p: String!) { followCorruptionReport(code: $c, passphrase: $p) {
  __typename ... on MutationFollowCorruptionReportSuccess { data { code status statusLabel categoryLabel outcome messages { from body } } }
  ... on Error { code message } ... on ValidationError { fieldErrors { field codes } } } }`;

async function submit(extra: object = {}, headers: Record<string, string> = {}) {
  const res = await gql(
    SUBMIT,
    { i: { idempotencyKey: newKey(), category: "procurement_fraud", regionId: 5, description: DESCRIPTION, ...extra } },
    headers,
  );
  expect(res.errors).toBeUndefined();
  return res.data.submitCorruptionReport.data as { code: string; passphrase: string; alreadyReceived: boolean };
}

beforeAll(async () => {
  tokens.citizen = (await person("Citizen")).token;
  tokens.operator = (await staff("operator")).token;
  tokens.officer = (await staff("officer", 3)).token;
  tokens.manager = (await staff("manager", 3)).token;
  tokens.admin = (await staff("admin")).token;
  tokens.inspector = (await staff("inspector")).token;
});

describe("the reporter over GraphQL", () => {
  it("submits anonymously (idempotently), follows up, writes — with translated per-field errors for bad input", async () => {
    const idempotencyKey = newKey();
    const input = { idempotencyKey, category: "bribery", description: DESCRIPTION, reporterContact: "reporter@example.com" };
    const first = await gql(SUBMIT, { i: input });
    const receipt = first.data.submitCorruptionReport.data;
    expect(receipt).toEqual({
      code: expect.stringMatching(/^\d{4}-\d{4}-\d{4}$/),
      passphrase: expect.stringMatching(/^\d{4}(-\d{4}){4}$/),
      alreadyReceived: false,
    });
    expect((await gql(SUBMIT, { i: input })).data.submitCorruptionReport.data).toEqual({ ...receipt, alreadyReceived: true });
    expect(await prisma.corruptionReport.count({ where: { code: receipt.code } })).toBe(1);

    const before = await prisma.corruptionReport.count();
    const bad = await gql(
      SUBMIT,
      { i: { idempotencyKey: "x", category: "bribery", description: "short", reporterName: "n".repeat(121) } },
      { "accept-language": "fa" },
    );
    expect(bad.data.submitCorruptionReport).toEqual({
      __typename: "ValidationError",
      message: translate("fa", "error.invalidInput"),
      fieldErrors: [
        {
          field: "idempotencyKey",
          codes: ["reports.error.idempotencyKey"],
          messages: ["اعتبار این فرم تمام شده است. صفحه را دوباره بارگذاری کنید و گزارش را از نو بفرستید."],
        },
        { field: "description", codes: ["validation.tooShort"], messages: [translate("fa", "validation.tooShort", { min: 30 })] },
        { field: "reporterName", codes: ["validation.tooLong"], messages: ["حداکثر می‌تواند ۱۲۰ نویسه باشد."] },
      ],
    });
    const huge = await gql(SUBMIT, { i: { idempotencyKey: newKey(), category: "other", description: "y".repeat(200_000) } });
    expect(huge.data.submitCorruptionReport.fieldErrors).toEqual([
      { field: "description", codes: ["validation.tooLong"], messages: ["Must be at most 10,000 characters."] },
    ]);
    expect(await prisma.corruptionReport.count()).toBe(before);

    const wrong = await gql(FOLLOW, { c: receipt.code, p: "1234-1234-1234-1234-1234" });
    expect(wrong.data.followCorruptionReport).toEqual({
      __typename: "AppError",
      code: "reports.error.followFailed",
      message: "The report code or the passphrase is not correct.",
    });
    const malformed = await gql(FOLLOW, { c: "abc", p: "1" });
    expect(malformed.data.followCorruptionReport.fieldErrors).toEqual([
      { field: "code", codes: ["reports.error.codeFormat"] },
      { field: "passphrase", codes: ["reports.error.passphraseFormat"] },
    ]);
    const ok = await gql(FOLLOW, { c: receipt.code, p: receipt.passphrase }, { "accept-language": "fa" });
    expect(ok.data.followCorruptionReport.data).toEqual({
      code: receipt.code,
      status: "received",
      statusLabel: "دریافت‌شده",
      categoryLabel: "رشوه",
      outcome: null,
      messages: [],
    });

    const send = await gql(
      `mutation($c: String!, $p: String!, $b: String!) { sendCorruptionReportMessage(code: $c, passphrase: $p, body: $b) { __typename ... on MutationSendCorruptionReportMessageSuccess { data { messages { from body } } } } }`,
      { c: receipt.code, p: receipt.passphrase, b: "The invoices are dated 1403/02/11." },
    );
    expect(send.data.sendCorruptionReportMessage.data.messages).toEqual([{ from: "reporter", body: "The invoices are dated 1403/02/11." }]);
  });

  it("follow-up is a mutation: it cannot be sent by GET (no passphrase in URLs)", async () => {
    const query = encodeURIComponent(
      `mutation { followCorruptionReport(code: "1111-1111-1111", passphrase: "1111-1111-1111-1111-1111") { __typename } }`,
    );
    const res = await handleGraphQL(
      new Request(`http://api.test/graphql?query=${query}`, { method: "GET", headers: { accept: "application/json" } }),
    );
    expect(res.status).toBe(405);
  });
});

describe("inspectors over GraphQL", () => {
  it("list (paginated, filtered), read with the access log, reply, change status", async () => {
    const a = await submit();
    const b = await submit({ category: "abuse_of_office", regionId: null });
    const headers = as("inspector");
    const LIST = `query($first: Int, $after: String, $status: CorruptionReportStatus) { corruptionReports(first: $first, after: $after, status: $status) {
      __typename ... on QueryCorruptionReportsSuccess { data { totalCount pageInfo { hasNextPage endCursor } edges { node { code category status regionId messageCount } } } } } }`;
    const page1 = (await gql(LIST, { first: 1, status: "received" }, headers)).data.corruptionReports.data;
    expect(page1.totalCount).toBeGreaterThanOrEqual(2);
    expect(page1.edges).toEqual([
      { node: { code: b.code, category: "abuse_of_office", status: "received", regionId: null, messageCount: 0 } },
    ]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await gql(LIST, { first: 1, after: page1.pageInfo.endCursor, status: "received" }, headers)).data.corruptionReports.data;
    expect(page2.edges[0].node).toMatchObject({ code: a.code, regionId: 5 });
    // The list never carries a report's content.
    const summaryFields = (await gql(`{ __type(name: "CorruptionReportSummary") { fields { name } } }`)).data.__type.fields.map(
      (f: { name: string }) => f.name,
    );
    expect(summaryFields).not.toContain("description");

    const READ = `query($c: String!) { corruptionReport(code: $c) { __typename ... on QueryCorruptionReportSuccess { data { code description regionName status accessLog { action inspectorName } } } ... on Error { code message } } }`;
    const read = (await gql(READ, { c: a.code }, { ...headers, "accept-language": "fa" })).data.corruptionReport.data;
    expect(read).toMatchObject({ code: a.code, description: DESCRIPTION, regionName: expect.any(String), status: "received" });
    expect(read.accessLog).toEqual([{ action: "read", inspectorName: "inspector" }]);

    const reply = await gql(
      `mutation($c: String!) { replyToCorruptionReport(code: $c, body: "Which invoices exactly?") { __typename ... on MutationReplyToCorruptionReportSuccess { data { from body inspectorName } } } }`,
      { c: a.code },
      headers,
    );
    expect(reply.data.replyToCorruptionReport.data).toEqual({
      from: "inspector",
      body: "Which invoices exactly?",
      inspectorName: "inspector",
    });

    const STATUS = `mutation($c: String!, $s: CorruptionReportStatus!, $n: String) { setCorruptionReportStatus(code: $c, status: $s, note: $n) {
      __typename ... on MutationSetCorruptionReportStatusSuccess { data { status fromStatus } } ... on ValidationError { fieldErrors { field messages } } } }`;
    expect((await gql(STATUS, { c: a.code, s: "closed" }, headers)).data.setCorruptionReportStatus).toEqual({
      __typename: "ValidationError",
      fieldErrors: [
        { field: "note", messages: ["To close the report, write the outcome in at least 10 characters; the reporter will read it."] },
      ],
    });
    expect((await gql(STATUS, { c: a.code, s: "under_investigation" }, headers)).data.setCorruptionReportStatus.data).toEqual({
      status: "under_investigation",
      fromStatus: "received",
    });
    const log = (
      await gql(
        `query($c: String) { corruptionReportAccessLog(code: $c) { __typename ... on QueryCorruptionReportAccessLogSuccess { data { action } } } }`,
        { c: a.code },
        as("admin"),
      )
    ).data.corruptionReportAccessLog.data;
    expect(log.map((e: { action: string }) => e.action)).toEqual(["change_status", "reply", "read"]);
  });

  it("authorization: every role × every operation — only inspectors (and admins for the access log), and no trace of refused attempts", async () => {
    const { code } = await submit();
    const ops: Record<string, { query: string; field: string; vars: object }> = {
      list: {
        query: `{ corruptionReports { __typename ... on Error { code } ... on QueryCorruptionReportsSuccess { data { totalCount } } } }`,
        field: "corruptionReports",
        vars: {},
      },
      read: {
        query: `query($c: String!) { corruptionReport(code: $c) { __typename ... on Error { code } } }`,
        field: "corruptionReport",
        vars: { c: code },
      },
      reply: {
        query: `mutation($c: String!) { replyToCorruptionReport(code: $c, body: "A reply") { __typename ... on Error { code } } }`,
        field: "replyToCorruptionReport",
        vars: { c: code },
      },
      changeStatus: {
        query: `mutation($c: String!) { setCorruptionReportStatus(code: $c, status: under_investigation) { __typename ... on Error { code } } }`,
        field: "setCorruptionReportStatus",
        vars: { c: code },
      },
      readAccessLog: {
        query: `query($c: String) { corruptionReportAccessLog(code: $c) { __typename ... on Error { code } } }`,
        field: "corruptionReportAccessLog",
        vars: { c: code },
      },
    };
    const allowed: Record<string, Role[]> = {
      list: ["inspector"],
      read: ["inspector"],
      reply: ["inspector"],
      changeStatus: ["inspector"],
      readAccessLog: ["inspector", "admin"],
    };
    const outcome: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const role of ROLES.filter((r) => r !== "inspector")) {
      for (const [op, { query, field, vars }] of Object.entries(ops)) {
        const res = await gql(query, vars, as(role));
        expect(res.errors, `${role} ${op}`).toBeUndefined();
        const result = res.data[field];
        outcome[`${role}.${op}`] = result.__typename === "AppError" ? result.code : "allowed";
        expected[`${role}.${op}`] = allowed[op].includes(role) ? "allowed" : "error.forbidden";
      }
    }
    expect(outcome).toEqual(expected);
    expect(await prisma.corruptionReportAccess.count({ where: { report: { code } } })).toBe(0);
    expect(
      await prisma.corruptionReport.findUniqueOrThrow({
        where: { code },
        select: { status: true, _count: { select: { messages: true } } },
      }),
    ).toEqual({ status: "received", _count: { messages: 0 } });
    for (const [op, { query, field, vars }] of Object.entries(ops)) {
      const res = await gql(query, vars, as("inspector"));
      expect(res.data[field].__typename, op).not.toBe("AppError");
    }
    expect(
      (await prisma.corruptionReportAccess.findMany({ where: { report: { code } }, orderBy: { id: "asc" } })).map((r) => r.action),
    ).toEqual(["read", "reply", "change_status"]);
  });
});
