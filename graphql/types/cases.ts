// Case intake over GraphQL: categories and regions (public), submit / follow / track / rate /
// reopen (citizens, with or without an account), inbox, case and transitions (staff), contacts
// (operators), region performance (staff). Every resolver calls app/modules/cases, which checks
// permissions itself; the scopes here are a second fence.
import { builder } from "../builder";
import { withoutNulls } from "./common";
import * as cases from "../../app/modules/cases";
import { listDepartments, listRegions } from "../../app/modules/city";
import { encodeMessage, isMessageKey, localName, translate, type Locale } from "../../app/platform/i18n";
import { ValidationError } from "../../app/platform/errors";

const Status = builder.enumType("CaseStatus", { values: cases.CASE_STATUSES });
const Channel = builder.enumType("CaseChannel", { values: cases.CASE_CHANNELS });
const Action = builder.enumType("CaseAction", { values: cases.STAFF_ACTIONS });
const Resolution = builder.enumType("CaseResolution", { values: cases.CASE_RESOLUTIONS });
const Relation = builder.enumType("CaseRelation", {
  description:
    "reported: the viewer reported the case (its tracking code with their contact, or their account); following: they follow it (the public view).",
  values: ["reported", "following"] as const,
});

const Region = builder.objectRef<{ id: number; nameFa: string; nameEn: string }>("Region").implement({
  description: "One of the city's municipal regions (Tehran: 22). Boundaries: /regions.geojson (© OpenStreetMap contributors, ODbL).",
  fields: (t) => ({
    id: t.exposeInt("id"),
    name: t.string({ resolve: (r, _a, ctx) => localName(ctx.locale, r) }),
    nameFa: t.exposeString("nameFa"),
    nameEn: t.exposeString("nameEn"),
  }),
});

const Department = builder.objectRef<{ id: number; slug: string; nameFa: string; nameEn: string }>("Department").implement({
  fields: (t) => ({
    id: t.exposeInt("id"),
    slug: t.exposeString("slug"),
    name: t.string({ resolve: (d, _a, ctx) => localName(ctx.locale, d) }),
  }),
});

const Category = builder.objectRef<cases.CategoryNode>("CaseCategory");
Category.implement({
  description: "A node of the admin-managed category tree. Cases are filed under leaves.",
  fields: (t) => ({
    id: t.exposeInt("id"),
    slug: t.exposeString("slug"),
    name: t.string({ resolve: (c, _a, ctx) => localName(ctx.locale, c) }),
    nameFa: t.exposeString("nameFa"),
    nameEn: t.exposeString("nameEn"),
    parentId: t.exposeInt("parentId", { nullable: true }),
    departmentId: t.exposeInt("departmentId", { nullable: true }),
    slaHours: t.exposeInt("slaHours", { description: "Cases must be answered within this many hours." }),
    active: t.exposeBoolean("active"),
    sensitive: t.exposeBoolean("sensitive", { description: "Public maps show this category's cases on a 250 m grid only." }),
    children: t.field({ type: [Category], resolve: (c): cases.CategoryNode[] => c.children ?? [] }),
  }),
});

const Unit = builder.objectRef<cases.Unit>("CaseUnit").implement({
  description: "The unit responsible for, or acting on, a case: a region and a department.",
  fields: (t) => ({
    regionId: t.exposeInt("regionId", { nullable: true }),
    departmentId: t.exposeInt("departmentId", { nullable: true }),
    name: t.string({ resolve: (u, _a, ctx) => cases.unitName(u, ctx.locale) }),
  }),
});

const eventLabel = (locale: Locale, kind: string) => {
  const key = `cases.event.${kind}`;
  return isMessageKey(key) ? translate(locale, key) : kind;
};

type History = Omit<cases.HistoryEntry, "unit"> & { unit: cases.Unit | null };
const HistoryEntry = builder.objectRef<History>("CaseHistoryEntry").implement({
  fields: (t) => ({
    kind: t.exposeString("kind"),
    label: t.string({ resolve: (e, _a, ctx) => eventLabel(ctx.locale, e.kind) }),
    fromStatus: t.expose("fromStatus", { type: Status, nullable: true }),
    toStatus: t.expose("toStatus", { type: Status, nullable: true }),
    unit: t.field({ type: Unit, nullable: true, resolve: (e) => e.unit }),
    note: t.exposeString("note", { nullable: true }),
    public: t.exposeBoolean("public", { description: "Shown to the citizen (internal notes are not)." }),
    at: t.field({ type: "DateTime", resolve: (e) => e.createdAt }),
    actorName: t.string({ nullable: true, description: "Staff view only.", resolve: (e) => e.actorName ?? null }),
  }),
});

type CitizenCase = Awaited<ReturnType<typeof cases.citizenView>>;
const CaseCategoryRef = builder.objectRef<{ id: number; nameFa: string; nameEn: string }>("CaseCategoryName").implement({
  fields: (t) => ({ id: t.exposeInt("id"), name: t.string({ resolve: (c, _a, ctx) => localName(ctx.locale, c) }) }),
});

const CitizenCaseType = builder.objectRef<CitizenCase>("CitizenCase").implement({
  description:
    "A case as a citizen sees it: no staff names, no internal notes, no other followers. The reporter sees it whole; a follower the public view (status, dates, the public answer, category, region): code, description, address, location, photos and rating are null or empty, canRate and canReopen false.",
  fields: (t) => ({
    code: t.exposeString("code", { nullable: true, description: "The tracking code: the reporter's only." }),
    reference: t.exposeString("reference", { description: "The public reference (e.g. C-4F7K2Q)." }),
    relation: t.expose("relation", { type: Relation }),
    status: t.expose("status", { type: Status }),
    category: t.field({ type: CaseCategoryRef, resolve: (c) => c.category }),
    description: t.exposeString("description", { nullable: true, description: "The reporter's only." }),
    address: t.exposeString("address", { nullable: true }),
    latitude: t.float({ nullable: true, resolve: (c) => c.lat }),
    longitude: t.float({ nullable: true, resolve: (c) => c.lng }),
    unit: t.field({ type: Unit, nullable: true, resolve: (c) => c.unit }),
    registeredAt: t.field({ type: "DateTime", resolve: (c) => c.createdAt }),
    dueAt: t.expose("dueAt", { type: "DateTime" }),
    overdue: t.boolean({ resolve: (c) => c.overdueAt !== null }),
    answer: t.exposeString("answer", { nullable: true }),
    answeredAt: t.expose("answeredAt", { type: "DateTime", nullable: true }),
    answeredBy: t.field({ type: Unit, nullable: true, resolve: (c) => c.answeredBy }),
    rating: t.exposeInt("rating", { nullable: true }),
    ratingComment: t.exposeString("ratingComment", { nullable: true }),
    canRate: t.exposeBoolean("canRate"),
    canReopen: t.exposeBoolean("canReopen"),
    mergedIntoReference: t.exposeString("mergedIntoReference", {
      nullable: true,
      description: "The public reference of the case this one was merged into.",
    }),
    referredOnTo: t.exposeString("referredOnTo", { nullable: true }),
    photoUrls: t.stringList({ resolve: (c) => c.photos.map((id) => `/media/${id}`) }),
    history: t.field({ type: [HistoryEntry], resolve: (c) => c.history }),
  }),
});

type StaffCase = Awaited<ReturnType<typeof cases.staffView>>;
const Contact = builder
  .objectRef<{ id: string; name: string | null; email: string | null; phone: string | null }>("CaseContact")
  .implement({
    description: "Personal data: staff only.",
    fields: (t) => ({
      id: t.exposeID("id"),
      name: t.exposeString("name", { nullable: true }),
      email: t.exposeString("email", { nullable: true }),
      phone: t.exposeString("phone", { nullable: true }),
    }),
  });

const StaffCaseType = builder.objectRef<StaffCase>("StaffCase").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    code: t.exposeString("code"),
    reference: t.exposeString("reference"),
    status: t.expose("status", { type: Status }),
    channel: t.expose("channel", { type: Channel }),
    category: t.field({ type: CaseCategoryRef, resolve: (c) => c.category }),
    description: t.exposeString("description"),
    address: t.exposeString("address", { nullable: true }),
    latitude: t.float({ nullable: true, resolve: (c) => c.lat }),
    longitude: t.float({ nullable: true, resolve: (c) => c.lng }),
    regionId: t.exposeInt("regionId", { nullable: true }),
    departmentId: t.exposeInt("departmentId", { nullable: true }),
    registeredAt: t.field({ type: "DateTime", resolve: (c) => c.createdAt }),
    dueAt: t.expose("dueAt", { type: "DateTime" }),
    overdueAt: t.expose("overdueAt", { type: "DateTime", nullable: true }),
    answer: t.exposeString("answer", { nullable: true }),
    answeredAt: t.expose("answeredAt", { type: "DateTime", nullable: true }),
    feedbackDeliveredAt: t.expose("feedbackDeliveredAt", { type: "DateTime", nullable: true }),
    closedAt: t.expose("closedAt", { type: "DateTime", nullable: true }),
    rating: t.exposeInt("rating", { nullable: true }),
    ratingComment: t.exposeString("ratingComment", { nullable: true }),
    mergedIntoCode: t.exposeString("mergedIntoCode", { nullable: true }),
    mergedIntoReference: t.exposeString("mergedIntoReference", { nullable: true }),
    referredOnTo: t.exposeString("referredOnTo", { nullable: true }),
    contact: t.field({ type: Contact, resolve: (c) => c.contact }),
    followers: t.exposeInt("followers"),
    photoUrls: t.stringList({ resolve: (c) => c.photos.map((id) => `/media/${id}`) }),
    history: t.field({ type: [HistoryEntry], resolve: (c) => c.history }),
    actions: t.field({ type: [Action], description: "What the viewer may do now.", resolve: (c) => c.actions }),
  }),
});

const InboxCase = builder.objectRef<cases.InboxRow>("InboxCase").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    code: t.exposeString("code"),
    reference: t.exposeString("reference"),
    status: t.expose("status", { type: Status }),
    channel: t.string({ resolve: (c) => c.channel }),
    categoryId: t.exposeInt("categoryId"),
    regionId: t.exposeInt("regionId", { nullable: true }),
    departmentId: t.exposeInt("departmentId", { nullable: true }),
    address: t.exposeString("address", { nullable: true }),
    excerpt: t.string({ resolve: (c) => c.description }),
    registeredAt: t.field({ type: "DateTime", resolve: (c) => c.createdAt }),
    dueAt: t.expose("dueAt", { type: "DateTime" }),
    overdue: t.boolean({ resolve: (c) => c.overdueAt !== null }),
  }),
});

const InboxPage = builder.objectRef<Awaited<ReturnType<typeof cases.inbox>>>("CaseInboxPage").implement({
  fields: (t) => ({
    cases: t.field({ type: [InboxCase], resolve: (p) => p.cases }),
    nextCursor: t.exposeString("nextCursor", { nullable: true, description: "Pass as `after` for the next page; null on the last." }),
  }),
});

const Nearby = builder.objectRef<cases.NearbyCase>("NearbyCase").implement({
  description: "An open case near a point: public fields only (its public reference, never the tracking code or the reporter's words).",
  fields: (t) => ({
    reference: t.exposeString("reference", { description: "Pass to followCase." }),
    status: t.expose("status", { type: Status }),
    registeredAt: t.field({ type: "DateTime", resolve: (c) => c.createdAt }),
    distanceMetres: t.exposeInt("distanceMetres"),
    followers: t.exposeInt("followers"),
  }),
});

type Created = Extract<cases.SubmitResult, { kind: "created" }>;
const CaseReceipt = builder.objectRef<Created>("CaseReceipt").implement({
  description: "The case is registered: keep the tracking code (secret, with the contact); the reference is public.",
  fields: (t) => ({
    code: t.exposeString("code"),
    reference: t.exposeString("reference"),
    status: t.expose("status", { type: Status }),
    regionId: t.exposeInt("regionId", { nullable: true }),
    departmentId: t.exposeInt("departmentId", { nullable: true }),
    dueAt: t.expose("dueAt", { type: "DateTime" }),
    replayed: t.exposeBoolean("replayed", { description: "True when this idempotency key had already registered the case." }),
  }),
});
const NearbyFound = builder.objectRef<Extract<cases.SubmitResult, { kind: "nearby" }>>("NearbyCasesFound").implement({
  description: "Open cases of the same category within ~50 m: follow one (followCase), or submit again with confirmNew.",
  fields: (t) => ({ cases: t.field({ type: [Nearby], resolve: (r) => r.cases }) }),
});
const SubmitCaseResult = builder.unionType("SubmitCaseResult", {
  types: [CaseReceipt, NearbyFound],
  resolveType: (r) => ((r as cases.SubmitResult).kind === "created" ? CaseReceipt : NearbyFound),
});

type Figures = cases.RegionPerformance;
const PeriodFigures = builder.objectRef<Omit<Figures, "previous" | "receivedChangePct">>("RegionPeriodFigures").implement({
  fields: (t) => ({
    regionId: t.exposeInt("regionId"),
    received: t.exposeInt("received"),
    answered: t.exposeInt("answered"),
    answeredWithinSla: t.exposeInt("answeredWithinSla"),
    answeredWithinSlaPct: t.exposeFloat("answeredWithinSlaPct", { nullable: true }),
    avgHandlingHours: t.exposeFloat("avgHandlingHours", { nullable: true }),
    feedbackDeliveredPct: t.exposeFloat("feedbackDeliveredPct", { nullable: true }),
    avgSatisfaction: t.exposeFloat("avgSatisfaction", { nullable: true }),
    rated: t.exposeInt("rated"),
    overdue: t.int({ resolve: (f) => f.neglects }),
  }),
});
const RegionPerf = builder.objectRef<Figures>("RegionPerformance").implement({
  fields: (t) => ({
    regionId: t.exposeInt("regionId"),
    current: t.field({ type: PeriodFigures, resolve: (f) => f }),
    previousYear: t.field({ type: PeriodFigures, nullable: true, resolve: (f) => f.previous }),
    receivedChangePct: t.exposeFloat("receivedChangePct", { nullable: true }),
  }),
});
const PerformanceReport = builder.objectRef<Awaited<ReturnType<typeof cases.regionPerformance>>>("RegionPerformanceReport").implement({
  fields: (t) => ({
    from: t.expose("from", { type: "DateTime" }),
    to: t.expose("to", { type: "DateTime" }),
    regions: t.field({ type: [RegionPerf], resolve: (r) => r.regions }),
  }),
});

const FoundContact = builder.objectRef<Awaited<ReturnType<typeof cases.findContacts>>[number]>("FoundCaseContact").implement({
  fields: (t) => ({
    contact: t.field({ type: Contact, resolve: (c) => c }),
    recentCaseCodes: t.stringList({ resolve: (c) => c.cases.map((x) => x.code) }),
  }),
});

// ── Queries ─────────────────────────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  caseCategories: t.field({ type: [Category], description: "The active category tree.", resolve: () => cases.categoryTree() }),
  regions: t.field({ type: [Region], resolve: () => listRegions() }),
  departments: t.field({ type: [Department], resolve: () => listDepartments() }),
  nearbyCases: t.field({
    type: [Nearby],
    errors: {},
    description: "Open cases of a category within ~50 m of a point: ask before submitting.",
    args: {
      categoryId: t.arg.int({ required: true }),
      latitude: t.arg.float({ required: true }),
      longitude: t.arg.float({ required: true }),
    },
    resolve: (_r, args) => cases.nearbyOpenCases(args),
  }),
  trackCase: t.field({
    type: CitizenCaseType,
    errors: {},
    description:
      "A case by its tracking code and the email or phone given when reporting (no account needed): the reporter's view. A follower passes the public reference (or the code) with their own contact: the public view.",
    args: { code: t.arg.string({ required: true }), contact: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => cases.citizenView(ctx, args),
  }),
  myCases: t.field({
    type: [CitizenCaseType],
    errors: {},
    authScopes: { signedIn: true },
    description: "The signed-in citizen's cases: reported (whole) and followed (the public view).",
    resolve: async (_r, _a, ctx) => Promise.all((await cases.myCases(ctx)).map((c) => cases.citizenView(ctx, { code: c.reference }))),
  }),
  caseInbox: t.field({
    type: InboxPage,
    errors: {},
    authScopes: { staff: true },
    args: {
      status: t.arg.string(),
      regionId: t.arg.int(),
      departmentId: t.arg.int(),
      categoryId: t.arg.int(),
      overdue: t.arg.boolean(),
      q: t.arg.string(),
      after: t.arg.string(),
      first: t.arg.int(),
    },
    resolve: (_r, args, ctx) => cases.inbox(ctx, withoutNulls(args)),
  }),
  staffCase: t.field({
    type: StaffCaseType,
    errors: {},
    authScopes: { staff: true },
    description: "A case by id or tracking code, for staff who may see it.",
    args: { idOrCode: t.arg.string({ required: true }) },
    resolve: (_r, { idOrCode }, ctx) => cases.staffView(ctx, idOrCode),
  }),
  findCaseContacts: t.field({
    type: [FoundContact],
    errors: {},
    authScopes: { staff: true },
    args: { phone: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => cases.findContacts(ctx, args),
  }),
  regionPerformance: t.field({
    type: PerformanceReport,
    errors: {},
    authScopes: { staff: true },
    args: { from: t.arg({ type: "DateTime" }), to: t.arg({ type: "DateTime" }) },
    resolve: (_r, args, ctx) => cases.regionPerformance(ctx, withoutNulls(args)),
  }),
  publicRegionPerformance: t.field({
    type: PerformanceReport,
    errors: {},
    description:
      "The public region league table (the /transparency page): per region, cases received, answered, answered within SLA, average handling time, feedback delivered, satisfaction, and received versus a year earlier. No personal data; no sign-in needed.",
    args: { from: t.arg({ type: "DateTime" }), to: t.arg({ type: "DateTime" }) },
    resolve: (_r, args, ctx) => cases.publicRegionPerformance(ctx, withoutNulls(args)),
  }),
}));

// ── Mutations ───────────────────────────────────────────────────────────────────────────────

const SubmitInput = builder.inputType("SubmitCaseInput", {
  fields: (t) => ({
    categoryId: t.int({ required: true }),
    description: t.string({ required: true }),
    latitude: t.float(),
    longitude: t.float(),
    regionId: t.int({ description: "When there is no point: the region, with an address." }),
    address: t.string(),
    contactName: t.string(),
    contactEmail: t.string(),
    contactPhone: t.string(),
    contactId: t.id({ description: "Operators: an existing contact (findCaseContacts)." }),
    idempotencyKey: t.string({ description: "Any unique string per intended case (e.g. a UUID): a retry returns the same case." }),
    confirmNew: t.boolean({ description: "Register even if open cases of the category are within ~50 m." }),
  }),
});

const Followed = builder.objectRef<{ reference: string; confirmationSent: boolean }>("FollowedCase").implement({
  fields: (t) => ({
    reference: t.exposeString("reference"),
    confirmationSent: t.exposeBoolean("confirmationSent", {
      description: "True when a confirmation link was sent to the address given: no news reaches it until it is opened (confirmFollow).",
    }),
  }),
});
const Rated = builder.objectRef<{ code: string; reference: string; rating: number }>("CaseRating").implement({
  fields: (t) => ({ code: t.exposeString("code"), reference: t.exposeString("reference"), rating: t.exposeInt("rating") }),
});
const Moved = builder.objectRef<{ code: string; reference: string; status: cases.CaseStatus }>("CaseStatusChange").implement({
  fields: (t) => ({ code: t.exposeString("code"), reference: t.exposeString("reference"), status: t.expose("status", { type: Status }) }),
});

builder.mutationFields((t) => ({
  submitCase: t.field({
    type: SubmitCaseResult,
    errors: {},
    description: "Register a case. Operators may pass channel: phone to register a call on a citizen's behalf.",
    args: { input: t.arg({ type: SubmitInput, required: true }), channel: t.arg({ type: Channel }) },
    resolve: (_r, { input, channel }, ctx) => cases.submitCase(ctx, withoutNulls(input), { channel: channel ?? "api" }),
  }),
  followCase: t.field({
    type: Followed,
    errors: {},
    description:
      "Follow an open case by its public reference (nearbyCases lists it): told of its status and public answer. An address other than the signed-in account's own verified email is sent a confirmation link first.",
    args: {
      code: t.arg.string({ required: true }),
      contactName: t.arg.string(),
      contactEmail: t.arg.string(),
      contactPhone: t.arg.string(),
    },
    resolve: (_r, args, ctx) => cases.followCase(ctx, withoutNulls(args)),
  }),
  confirmFollow: t.field({
    type: builder
      .objectRef<{ reference: string }>("FollowConfirmed")
      .implement({ fields: (t) => ({ reference: t.exposeString("reference") }) }),
    errors: {},
    description: "Confirms a follow with the token from the link sent to the follower's address.",
    args: { token: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => cases.confirmFollow(ctx, args),
  }),
  rateCase: t.field({
    type: Rated,
    errors: {},
    description:
      "The reporter rates the answer (1–5): the tracking code with the contact given when reporting, or signed in as the reporter. Followers may not.",
    args: {
      code: t.arg.string({ required: true }),
      contact: t.arg.string(),
      rating: t.arg.int({ required: true }),
      comment: t.arg.string(),
    },
    resolve: (_r, { code, contact, ...rest }, ctx) => cases.rateCase(ctx, { code, contact: contact ?? undefined }, withoutNulls(rest)),
  }),
  reopenCase: t.field({
    type: Moved,
    errors: {},
    description: "The reporter only (as rateCase), once, within 14 days of the answer.",
    args: { code: t.arg.string({ required: true }), contact: t.arg.string(), reason: t.arg.string({ required: true }) },
    resolve: (_r, { code, contact, reason }, ctx) => cases.reopenCase(ctx, { code, contact: contact ?? undefined }, { reason }),
  }),
  ...Object.fromEntries(
    (
      [
        ["referCase", "refer", { regionId: t.arg.int({ required: true }), departmentId: t.arg.int(), note: t.arg.string() }],
        ["startCase", "start", { note: t.arg.string() }],
        ["answerCase", "answer", { answer: t.arg.string({ required: true }) }],
        [
          "closeCase",
          "close",
          {
            note: t.arg.string(),
            resolution: t.arg({ type: Resolution, description: "Was the problem fixed? Unsaid: publicly closed, not fixed." }),
          },
        ],
        ["rejectCase", "reject", { reason: t.arg.string({ required: true }) }],
        ["markCaseDuplicate", "duplicate", { duplicateOf: t.arg.string({ required: true }), note: t.arg.string() }],
        [
          "markCaseNotResponsible",
          "not_responsible",
          { referredOnTo: t.arg.string({ required: true }), reason: t.arg.string({ required: true }) },
        ],
        ["recordCaseCallback", "callback", { reason: t.arg.string({ required: true, description: "What the citizen was told." }) }],
        ["addCaseNote", "note", { reason: t.arg.string({ required: true, description: "The internal note." }) }],
      ] as const
    ).map(([name, action, args]) => [
      name,
      t.field({
        type: Moved,
        errors: {},
        authScopes: { staff: true },
        args: { caseId: t.arg.id({ required: true }), ...args },
        resolve: (_r, a, ctx) => cases.actOnCase(ctx, { ...withoutNulls(a), action }),
      }),
    ]),
  ),
}));

const CategoryInput = builder.inputType("CaseCategoryInput", {
  fields: (t) => ({
    slug: t.string({ required: true }),
    parentId: t.int(),
    nameFa: t.string({ required: true }),
    nameEn: t.string({ required: true }),
    departmentId: t.int(),
    slaHours: t.int({ required: true }),
    active: t.boolean(),
    sensitive: t.boolean({ description: "Public maps show its cases on a 250 m grid only (default false)." }),
  }),
});

const SavedCategory = builder
  .objectRef<{ id: number; slug: string }>("SavedCaseCategory")
  .implement({ fields: (t) => ({ id: t.exposeInt("id"), slug: t.exposeString("slug") }) });

builder.mutationFields((t) => ({
  createCaseCategory: t.field({
    type: SavedCategory,
    errors: {},
    authScopes: { admin: true },
    args: { input: t.arg({ type: CategoryInput, required: true }) },
    resolve: (_r, { input }, ctx) => cases.createCategory(ctx, withoutNulls(input)),
  }),
  updateCaseCategory: t.field({
    type: SavedCategory,
    errors: {},
    authScopes: { admin: true },
    args: { id: t.arg.int({ required: true }), input: t.arg({ type: CategoryInput, required: true }) },
    resolve: (_r, { id, input }, ctx) => cases.updateCategory(ctx, { ...withoutNulls(input), id }),
  }),
}));

// ── The public map: every case's public view (no account needed) ─────────────────────────────

const PublicStatus = builder.enumType("PublicCaseStatus", {
  description:
    "A case's status as the public sees it: open (awaiting an answer), answered, closed_fixed (staff said fixed), closed_not_fixed (closed otherwise, rejected, or not the city's). Duplicates never appear.",
  values: cases.PUBLIC_STATUS_BUCKETS,
});
const PublicStatusFilter = builder.enumType("PublicCaseStatusFilter", { values: [...cases.PUBLIC_STATUS_BUCKETS, "all"] as const });

const PublicCaseType = builder.objectRef<cases.PublicCase>("PublicCase").implement({
  description:
    "A case's public view: reference, category, status and its dates, region, point (on a 250 m grid for sensitive categories), the city's public answer and the (confirmed) follower count; on publicCase, the photos staff approved for public view. Never the description, address, contact, tracking code, other photos, rating or staff names.",
  fields: (t) => ({
    reference: t.exposeString("reference"),
    category: t.field({ type: CaseCategoryRef, resolve: (c) => c.category }),
    status: t.expose("status", { type: PublicStatus }),
    registeredAt: t.expose("registeredAt", { type: "DateTime" }),
    referredAt: t.expose("referredAt", { type: "DateTime", nullable: true }),
    answeredAt: t.expose("answeredAt", { type: "DateTime", nullable: true }),
    closedAt: t.expose("closedAt", { type: "DateTime", nullable: true }),
    region: t.field({ type: Region, nullable: true, resolve: (c) => c.region }),
    answer: t.exposeString("answer", { nullable: true, description: "The city's answer, when its answer step is public." }),
    followers: t.exposeInt("followers"),
    latitude: t.float({ resolve: (c) => c.lat }),
    longitude: t.float({ resolve: (c) => c.lng }),
    approximate: t.exposeBoolean("approximate", { description: "The point is the centre of a 250 m grid cell (a sensitive category)." }),
    photoUrls: t.stringList({
      description: "Paths (/media/…) of the photos staff approved for public view; empty in lists (ask publicCase).",
      resolve: (c) => (c.photos ?? []).map((id) => `/media/${id}`),
    }),
  }),
});

builder.queryFields((t) => ({
  publicCases: t.connection(
    {
      type: PublicCaseType,
      errors: {},
      description: "Reported cases as the public sees them, newest first (keyset pages). Default: open cases of the last six months.",
      args: {
        categoryId: t.arg.int({ description: "A parent category includes its children." }),
        status: t.arg({ type: PublicStatusFilter }),
        regionId: t.arg.int(),
        from: t.arg.string({ description: "First day, YYYY-MM-DD (default: six months ago)." }),
        to: t.arg.string({ description: "Last day, YYYY-MM-DD, included." }),
      },
      resolve: async (_r, { first, after, last, before, ...filter }) => {
        if (last != null || before != null) throw new ValidationError({ last: [encodeMessage("validation.invalid")] });
        const page = await cases.publicCases(withoutNulls(filter), withoutNulls({ first, after }));
        return { edges: page.edges, pageInfo: page.pageInfo, totalCount: page.totalCount };
      },
    },
    { fields: (c) => ({ totalCount: c.int({ resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount }) }) },
  ),
  publicCase: t.field({
    type: PublicCaseType,
    nullable: true,
    description: "One case's public view by its public reference (e.g. C-4F7K2Q); null if there is none on the map.",
    args: { reference: t.arg.string({ required: true }) },
    resolve: (_r, { reference }) => cases.publicCase(reference),
  }),
}));
