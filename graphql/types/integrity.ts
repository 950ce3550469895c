// Corruption and violation reports over GraphQL. Reporters (anonymous allowed): submit, follow up
// with code + passphrase, send a message. Inspectors only: list, read, reply, change status; the
// access log also for admins. Resolvers are thin: every rule (who may, what is valid, what is
// logged) is in app/modules/integrity/reports.server.ts; the scope checks here are a second fence.
//
// Follow-up and messages are mutations, not queries, on purpose: they count attempts, and a query
// may be sent by GET, which would put the passphrase in URLs and server logs.
import { resolveOffsetConnection } from "@pothos/plugin-relay";
import { builder } from "../builder";
import * as reports from "../../app/modules/integrity";
import { isMessageKey, localName, translate } from "../../app/platform/i18n";
import type { GraphQLContext } from "../builder";

const inspectorsOnly = { inspector: true } as const;
const accessLogReaders = { accessLogReader: true } as const;

const Category = builder.enumType("CorruptionCategory", { values: reports.REPORT_CATEGORIES });
const Status = builder.enumType("CorruptionReportStatus", { values: reports.REPORT_STATUSES });
const Author = builder.enumType("CorruptionReportAuthor", { values: ["reporter", "inspector"] as const });
const AccessAction = builder.enumType("CorruptionReportAccessAction", {
  values: ["read", "view_photo", "reply", "change_status"] as const,
});

const label = (ctx: GraphQLContext, key: string) => (isMessageKey(key) ? translate(ctx.locale, key) : key);

const Receipt = builder.objectRef<reports.SubmitReceipt>("CorruptionReportReceipt").implement({
  description: "Shown once: keep the code and the passphrase to follow the report up. Nobody can recover the passphrase.",
  fields: (t) => ({
    code: t.exposeString("code"),
    passphrase: t.exposeString("passphrase", {
      nullable: true,
      description: "Null on a late retry of the same submission: use the one received before.",
    }),
    alreadyReceived: t.exposeBoolean("alreadyReceived", { description: "True when this idempotency key had already sent this report." }),
  }),
});

const ThreadMessage = builder.objectRef<reports.ReporterThread["messages"][number]>("CorruptionReportThreadMessage").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    from: t.field({ type: Author, resolve: (m) => m.from }),
    body: t.exposeString("body"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const Thread = builder.objectRef<reports.ReporterThread>("CorruptionReportThread").implement({
  description: "What the reporter sees: status, outcome and the messages (inspectors are not named).",
  fields: (t) => ({
    code: t.exposeString("code"),
    category: t.field({ type: Category, resolve: (r) => r.category as reports.ReportCategory }),
    categoryLabel: t.string({ resolve: (r, _a, ctx) => label(ctx, `reports.category.${r.category}`) }),
    status: t.field({ type: Status, resolve: (r) => r.status }),
    statusLabel: t.string({ resolve: (r, _a, ctx) => label(ctx, `reports.status.${r.status}`) }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    closedAt: t.expose("closedAt", { type: "DateTime", nullable: true }),
    outcome: t.exposeString("outcome", { nullable: true }),
    messages: t.field({ type: [ThreadMessage], resolve: (r) => r.messages }),
  }),
});

type Summary = Awaited<ReturnType<typeof reports.listCorruptionReports>>["items"][number];
const ReportSummary = builder.objectRef<Summary>("CorruptionReportSummary").implement({
  description: "A report in the inspectors' list: what it is about, not what it says.",
  fields: (t) => ({
    code: t.exposeString("code"),
    category: t.field({ type: Category, resolve: (r) => r.category }),
    status: t.field({ type: Status, resolve: (r) => r.status }),
    regionId: t.int({ nullable: true, resolve: (r) => r.region?.id ?? null }),
    regionName: t.string({ nullable: true, resolve: (r, _a, ctx) => (r.region ? localName(ctx.locale, r.region) : null) }),
    messageCount: t.exposeInt("messageCount"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

type Report = reports.InspectorReport;
const ReportPhoto = builder.objectRef<Report["photos"][number]>("CorruptionReportPhoto").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    url: t.string({ description: "Served to inspectors only; each view is logged.", resolve: (p) => `/media/${p.id}` }),
    width: t.exposeInt("width"),
    height: t.exposeInt("height"),
  }),
});

const ReportMessage = builder.objectRef<Report["messages"][number]>("CorruptionReportMessage").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    from: t.field({ type: Author, resolve: (m) => m.from }),
    inspectorName: t.exposeString("inspectorName", { nullable: true }),
    body: t.exposeString("body"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const StatusChange = builder.objectRef<Report["statusChanges"][number]>("CorruptionReportStatusChange").implement({
  fields: (t) => ({
    fromStatus: t.field({ type: Status, resolve: (s) => s.fromStatus }),
    toStatus: t.field({ type: Status, resolve: (s) => s.toStatus }),
    inspectorName: t.exposeString("inspectorName", { nullable: true }),
    note: t.exposeString("note", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const AccessEntry = builder.objectRef<reports.AccessLogEntry>("CorruptionReportAccessEntry").implement({
  description: "One read or action by an inspector. The log is append-only.",
  fields: (t) => ({
    id: t.exposeID("id"),
    code: t.exposeString("code"),
    inspectorId: t.exposeID("inspectorId"),
    inspectorName: t.exposeString("inspectorName", { nullable: true }),
    action: t.field({ type: AccessAction, resolve: (e) => e.action }),
    actionLabel: t.string({ resolve: (e, _a, ctx) => label(ctx, `reports.access.${e.action}`) }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const ReportRef = builder.objectRef<Report>("CorruptionReport").implement({
  description: "A report as an inspector reads it (decrypted). Reading it is written to the access log.",
  fields: (t) => ({
    code: t.exposeString("code"),
    category: t.field({ type: Category, resolve: (r) => r.category }),
    status: t.field({ type: Status, resolve: (r) => r.status }),
    regionId: t.int({ nullable: true, resolve: (r) => r.region?.id ?? null }),
    regionName: t.string({ nullable: true, resolve: (r, _a, ctx) => (r.region ? localName(ctx.locale, r.region) : null) }),
    description: t.exposeString("description"),
    reporterName: t.exposeString("reporterName", { nullable: true }),
    reporterContact: t.exposeString("reporterContact", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    closedAt: t.expose("closedAt", { type: "DateTime", nullable: true }),
    photos: t.field({ type: [ReportPhoto], resolve: (r) => r.photos }),
    messages: t.field({ type: [ReportMessage], resolve: (r) => r.messages }),
    statusChanges: t.field({ type: [StatusChange], resolve: (r) => r.statusChanges }),
    accessLog: t.field({ type: [AccessEntry], resolve: async (r, _a, ctx) => (await reports.accessLogOf(ctx, { code: r.code })).entries }),
  }),
});

const StatusResult = builder
  .objectRef<Awaited<ReturnType<typeof reports.setCorruptionReportStatus>>>("CorruptionReportStatusResult")
  .implement({
    fields: (t) => ({
      code: t.exposeString("code"),
      status: t.field({ type: Status, resolve: (r) => r.status }),
      fromStatus: t.field({ type: Status, resolve: (r) => r.fromStatus }),
      changedAt: t.expose("changedAt", { type: "DateTime" }),
    }),
  });

const SubmitInput = builder.inputType("SubmitCorruptionReportInput", {
  fields: (t) => ({
    idempotencyKey: t.string({
      required: true,
      description: "16–100 characters of [A-Za-z0-9_-], new for each report; a retry with the same key returns the same report.",
    }),
    category: t.field({ type: Category, required: true }),
    regionId: t.int(),
    description: t.string({ required: true }),
    reporterName: t.string({ description: "Optional; stored encrypted." }),
    reporterContact: t.string({ description: "Optional phone or email; stored encrypted. An email is told only that there is a reply." }),
  }),
});

const withoutNulls = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

builder.queryFields((t) => ({
  corruptionReports: t.connection(
    {
      type: ReportSummary,
      errors: {},
      description: "Inspectors only. Newest first.",
      authScopes: inspectorsOnly,
      args: { status: t.arg({ type: Status }) },
      resolve: async (_r, args, ctx) => {
        let total = 0;
        const connection = await resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, async ({ offset, limit }) => {
          const page = await reports.listCorruptionReports(ctx, { status: args.status ?? undefined, offset, limit });
          total = page.total;
          return page.items;
        });
        return { ...connection, totalCount: total };
      },
    },
    { fields: (c) => ({ totalCount: c.int({ resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount }) }) },
  ),
  corruptionReport: t.field({
    type: ReportRef,
    errors: {},
    description: "Inspectors only. Each read is written to the report's access log.",
    authScopes: inspectorsOnly,
    args: { code: t.arg.string({ required: true }) },
    resolve: (_r, { code }, ctx) => reports.readCorruptionReport(ctx, { code }),
  }),
  corruptionReportAccessLog: t.field({
    type: [AccessEntry],
    errors: {},
    description: "Inspectors and admins. One report's log (code), or the newest entries of all.",
    authScopes: accessLogReaders,
    args: { code: t.arg.string(), offset: t.arg.int(), limit: t.arg.int() },
    resolve: async (_r, args, ctx) => (await reports.accessLogOf(ctx, withoutNulls(args))).entries,
  }),
}));

builder.mutationFields((t) => ({
  submitCorruptionReport: t.field({
    type: Receipt,
    errors: {},
    description: "Anyone, anonymous allowed. Nothing links the report to the caller. (Photos: through the web form.)",
    args: { input: t.arg({ type: SubmitInput, required: true }) },
    resolve: (_r, { input }, ctx) => reports.submitCorruptionReport(ctx, withoutNulls(input)),
  }),
  followCorruptionReport: t.field({
    type: Thread,
    errors: {},
    description: "The reporter's view, with the code and passphrase. Attempts are limited per code.",
    args: { code: t.arg.string({ required: true }), passphrase: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => (await reports.followCorruptionReport(ctx, args)).thread,
  }),
  sendCorruptionReportMessage: t.field({
    type: Thread,
    errors: {},
    description: "The reporter writes to the inspectors (code and passphrase each time).",
    args: { code: t.arg.string({ required: true }), passphrase: t.arg.string({ required: true }), body: t.arg.string({ required: true }) },
    resolve: async (_r, { code, passphrase, body }, ctx) => (await reports.sendReporterMessage(ctx, { code, passphrase }, { body })).thread,
  }),
  replyToCorruptionReport: t.field({
    type: ReportMessage,
    errors: {},
    description: "Inspectors only.",
    authScopes: inspectorsOnly,
    args: { code: t.arg.string({ required: true }), body: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => reports.replyToCorruptionReport(ctx, args),
  }),
  setCorruptionReportStatus: t.field({
    type: StatusResult,
    errors: {},
    description: "Inspectors only. received → under_investigation → closed; closing needs the outcome note, which the reporter reads.",
    authScopes: inspectorsOnly,
    args: { code: t.arg.string({ required: true }), status: t.arg({ type: Status, required: true }), note: t.arg.string() },
    resolve: (_r, args, ctx) => reports.setCorruptionReportStatus(ctx, withoutNulls(args)),
  }),
}));
