// Identity over GraphQL: the viewer and the account mutations. Every resolver calls the identity
// module, which validates and authorises; nothing here decides anything.
import { builder } from "../builder";
import * as identity from "../../app/modules/identity";
import {
  clearSessionCookie,
  DEVICE_COOKIE,
  deviceCookie,
  readCookie,
  sessionCookie,
  SESSION_COOKIE,
} from "../../app/platform/request.server";

const Locale = builder.enumType("Locale", { values: ["fa", "en"] as const });
const StaffRole = builder.enumType("StaffRole", { values: identity.STAFF_ROLES });

const RoleGrant = builder.prismaObject("RoleAssignment", {
  description: "A staff role held by an account, optionally scoped to a region and/or a department.",
  fields: (t) => ({
    id: t.exposeID("id"),
    role: t.expose("role", { type: StaffRole }),
    regionId: t.exposeInt("regionId", { nullable: true }),
    departmentId: t.exposeInt("departmentId", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const User = builder.prismaObject("User", {
  description: "An account. Personal fields are visible to the account itself and to administrators only.",
  fields: (t) => ({
    id: t.exposeID("id"),
    displayName: t.exposeString("displayName"),
    email: t.string({
      nullable: true,
      resolve: (u, _a, ctx) => (isSelfOrAdmin(ctx, u.id) ? u.email : null),
    }),
    phone: t.string({ nullable: true, resolve: (u, _a, ctx) => (isSelfOrAdmin(ctx, u.id) ? u.phone : null) }),
    emailVerified: t.boolean({ resolve: (u) => u.emailVerifiedAt !== null }),
    locale: t.expose("locale", { type: Locale }),
    roles: t.relation("roleAssignments", { query: { where: { revokedAt: null } } }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

function isSelfOrAdmin(ctx: { viewer: import("../../app/platform/context").Viewer }, userId: string) {
  return (ctx.viewer.kind === "user" && ctx.viewer.user.id === userId) || identity.hasRole(ctx.viewer, "admin");
}

const SessionInfo = builder
  .objectRef<{ id: string; createdAt: Date; lastUsedAt: Date; userAgent: string | null; current: boolean }>("SessionInfo")
  .implement({
    fields: (t) => ({
      id: t.exposeID("id"),
      createdAt: t.expose("createdAt", { type: "DateTime" }),
      lastUsedAt: t.expose("lastUsedAt", { type: "DateTime" }),
      userAgent: t.exposeString("userAgent", { nullable: true }),
      current: t.exposeBoolean("current"),
    }),
  });

const ApiTokenInfo = builder.objectRef<{ id: string; name: string; createdAt: Date; lastUsedAt?: Date | null }>("ApiToken").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    lastUsedAt: t.expose("lastUsedAt", { type: "DateTime", nullable: true }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.prismaField({
    type: "User",
    nullable: true,
    description: "The signed-in account (session cookie or bearer API token), or null.",
    resolve: (query, _root, _args, ctx) => (ctx.viewer.kind === "user" ? identity.accountRecord(ctx.viewer.user.id, query) : null),
  }),
  mySessions: t.field({ type: [SessionInfo], authScopes: { signedIn: true }, resolve: (_r, _a, ctx) => identity.listSessions(ctx) }),
  myApiTokens: t.field({ type: [ApiTokenInfo], authScopes: { signedIn: true }, resolve: (_r, _a, ctx) => identity.listApiTokens(ctx) }),
}));

// ── Inputs: each validated by the same zod schema the module (and the web form) uses ──────────

const SignUpInput = builder.inputType("SignUpInput", {
  fields: (t) => ({
    displayName: t.string({ required: true }),
    email: t.string({ required: true }),
    password: t.string({ required: true }),
    phone: t.string(),
    locale: t.field({ type: Locale }),
  }),
});
const SignInInput = builder.inputType("SignInInput", {
  fields: (t) => ({ email: t.string({ required: true }), password: t.string({ required: true }) }),
});
const ResetPasswordInput = builder.inputType("ResetPasswordInput", {
  fields: (t) => ({ token: t.string({ required: true }), password: t.string({ required: true }) }),
});
const ChangePasswordInput = builder.inputType("ChangePasswordInput", {
  fields: (t) => ({ currentPassword: t.string({ required: true }), newPassword: t.string({ required: true }) }),
});
const UpdateProfileInput = builder.inputType("UpdateProfileInput", {
  fields: (t) => ({ displayName: t.string({ required: true }), phone: t.string(), locale: t.field({ type: Locale, required: true }) }),
});
const GrantRoleInput = builder.inputType("GrantRoleInput", {
  fields: (t) => ({
    userId: t.id({ required: true }),
    role: t.field({ type: StaffRole, required: true }),
    regionId: t.int(),
    departmentId: t.int(),
  }),
});

const Done = builder.objectRef<{ ok: boolean }>("Done").implement({ fields: (t) => ({ ok: t.exposeBoolean("ok") }) });
const ok = { ok: true };

const SignUpPayload = builder.objectRef<{ email: string }>("SignUpPayload").implement({
  description: "The account is created (or, if the address was taken, its owner is told by email: the answer is the same).",
  fields: (t) => ({ email: t.exposeString("email") }),
});
const SignInPayload = builder.objectRef<{ userId: string; expiresAt: Date }>("SignInPayload").implement({
  description: "Signed in: the session cookie is set on this response.",
  fields: (t) => ({
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    user: t.prismaField({ type: "User", resolve: async (query, p) => (await identity.accountRecord(p.userId, query))! }),
  }),
});
const CreatedApiToken = builder.objectRef<{ token: string; id: string; name: string; createdAt: Date }>("CreatedApiToken").implement({
  fields: (t) => ({
    token: t.exposeString("token", { description: "Shown once; only its hash is kept." }),
    apiToken: t.field({ type: ApiTokenInfo, resolve: (p) => p }),
  }),
});

builder.mutationFields((t) => ({
  signUp: t.field({
    type: SignUpPayload,
    errors: {},
    args: { input: t.arg({ type: SignUpInput, required: true, validate: identity.SignUpInput }) },
    resolve: (_r, { input }, ctx) => identity.signUp(ctx, input),
  }),
  verifyEmail: t.field({
    type: Done,
    errors: {},
    args: { token: t.arg.string({ required: true }) },
    resolve: async (_r, { token }, ctx) => (await identity.verifyEmail(ctx, token), ok),
  }),
  resendVerification: t.field({
    type: Done,
    errors: {},
    resolve: async (_r, _a, ctx) => (await identity.resendVerification(ctx), ok),
  }),
  signIn: t.field({
    type: SignInPayload,
    errors: {},
    args: { input: t.arg({ type: SignInInput, required: true, validate: identity.SignInInput }) },
    resolve: async (_r, { input }, ctx) => {
      const session = await identity.signIn(ctx, input, { deviceProof: readCookie(ctx.request, DEVICE_COOKIE) });
      ctx.setCookies.push(sessionCookie(session.token, session.expiresAt), deviceCookie(session.deviceProof));
      // The rest of this operation is answered as the person who just signed in.
      ctx.viewer = (await identity.validateSessionToken(session.token))?.viewer ?? ctx.viewer;
      return session;
    },
  }),
  signOut: t.field({
    type: Done,
    errors: {},
    resolve: async (_r, _a, ctx) => {
      await identity.signOut(ctx, readCookie(ctx.request, SESSION_COOKIE));
      ctx.setCookies.push(clearSessionCookie());
      return ok;
    },
  }),
  requestPasswordReset: t.field({
    type: Done,
    errors: {},
    args: { email: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => (await identity.requestPasswordReset(ctx, args), ok),
  }),
  resetPassword: t.field({
    type: Done,
    errors: {},
    args: { input: t.arg({ type: ResetPasswordInput, required: true, validate: identity.ResetPasswordInput }) },
    resolve: async (_r, { input }, ctx) => (await identity.resetPassword(ctx, input), ok),
  }),
  changePassword: t.field({
    type: Done,
    errors: {},
    authScopes: { signedIn: true },
    args: { input: t.arg({ type: ChangePasswordInput, required: true, validate: identity.ChangePasswordInput }) },
    resolve: async (_r, { input }, ctx) => identity.changePassword(ctx, input),
  }),
  updateProfile: t.prismaField({
    type: "User",
    errors: {},
    authScopes: { signedIn: true },
    args: { input: t.arg({ type: UpdateProfileInput, required: true, validate: identity.UpdateProfileInput }) },
    resolve: (_q, _r, { input }, ctx) => identity.updateProfile(ctx, input),
  }),
  deleteAccount: t.field({
    type: Done,
    errors: {},
    authScopes: { signedIn: true },
    args: { password: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await identity.deleteAccount(ctx, args);
      ctx.setCookies.push(clearSessionCookie());
      return ok;
    },
  }),
  revokeSession: t.field({
    type: Done,
    errors: {},
    authScopes: { signedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => identity.revokeSession(ctx, String(id)),
  }),
  createApiToken: t.field({
    type: CreatedApiToken,
    errors: {},
    authScopes: { signedIn: true },
    description: "A bearer token for scripts. Asks for the account's current password again.",
    args: { name: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => identity.createApiToken(ctx, args),
  }),
  revokeApiToken: t.field({
    type: Done,
    errors: {},
    authScopes: { signedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => identity.revokeApiToken(ctx, String(id)),
  }),
  grantRole: t.prismaField({
    type: "RoleAssignment",
    errors: {},
    authScopes: { admin: true },
    args: { input: t.arg({ type: GrantRoleInput, required: true }) },
    resolve: (_q, _r, { input }, ctx) => identity.grantRole(ctx, input),
  }),
  revokeRole: t.prismaField({
    type: "RoleAssignment",
    errors: {},
    authScopes: { admin: true },
    args: { assignmentId: t.arg.id({ required: true }) },
    resolve: (_q, _r, args, ctx) => identity.revokeRole(ctx, args),
  }),
}));

export { RoleGrant, User };
