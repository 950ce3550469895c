// The participant club over GraphQL: membership and verification. Resolvers call app/modules/club.
import { builder } from "../builder";
import * as club from "../../app/modules/club";
import * as identity from "../../app/modules/identity";

const VerificationLevel = builder.enumType("MemberVerificationLevel", { values: ["none", "email", "phone", "resident"] as const });

export const ClubMember = builder.prismaObject("ClubMember", {
  description: "A participant-club membership. Visible to the member themself.",
  fields: (t) => ({
    id: t.exposeID("id"),
    memberNumber: t.string({ resolve: (m) => club.formatMemberNumber(m.memberNumber) }),
    homeRegionId: t.exposeInt("homeRegionId"),
    interests: t.exposeIntList("interests"),
    joinedAt: t.expose("joinedAt", { type: "DateTime" }),
    residentVerified: t.boolean({ resolve: (m) => m.residentVerifiedAt !== null }),
  }),
});

const Membership = builder.objectRef<NonNullable<Awaited<ReturnType<typeof club.membershipOf>>>>("Membership").implement({
  fields: (t) => ({
    member: t.field({ type: ClubMember, nullable: true, resolve: (m) => m.member }),
    level: t.field({ type: VerificationLevel, resolve: (m) => m.level }),
    emailVerified: t.exposeBoolean("emailVerified"),
    phoneVerified: t.exposeBoolean("phoneVerified"),
  }),
});

const JoinClubInput = builder.inputType("JoinClubInput", {
  fields: (t) => ({ homeRegionId: t.int({ required: true }), interests: t.intList(), acceptTerms: t.boolean({ required: true }) }),
});

const Sent = builder.objectRef<{ sent: boolean }>("CodeSent").implement({ fields: (t) => ({ sent: t.exposeBoolean("sent") }) });
const Ok = builder.objectRef<{ ok: boolean }>("ClubOk").implement({ fields: (t) => ({ ok: t.exposeBoolean("ok") }) });

builder.queryFields((t) => ({
  myMembership: t.field({
    type: Membership,
    nullable: true,
    authScopes: { signedIn: true },
    resolve: (_r, _a, ctx) => club.membershipOf(ctx.viewer),
  }),
}));

builder.mutationFields((t) => ({
  joinClub: t.prismaField({
    type: "ClubMember",
    errors: {},
    authScopes: { signedIn: true },
    args: { input: t.arg({ type: JoinClubInput, required: true, validate: club.JoinClubInput }) },
    resolve: (_q, _r, { input }, ctx) => club.joinClub(ctx, input),
  }),
  requestPhoneCode: t.field({
    type: Sent,
    errors: {},
    authScopes: { signedIn: true },
    resolve: (_r, _a, ctx) => identity.requestPhoneCode(ctx),
  }),
  confirmPhoneCode: t.field({
    type: Ok,
    errors: {},
    authScopes: { signedIn: true },
    args: { code: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => identity.confirmPhoneCode(ctx, args),
  }),
  claimResidency: t.prismaField({
    type: "ClubMember",
    errors: {},
    authScopes: { signedIn: true },
    args: { nationalId: t.arg.string({ required: true }) },
    resolve: (_q, _r, args, ctx) => club.claimResidency(ctx, args),
  }),
  importCensus: t.field({
    type: builder
      .objectRef<{ rows: number; added: number }>("CensusImport")
      .implement({ fields: (f) => ({ rows: f.exposeInt("rows"), added: f.exposeInt("added") }) }),
    errors: {},
    authScopes: { admin: true },
    args: { csv: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => club.importCensus(ctx, args),
  }),
}));
