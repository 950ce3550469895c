// The one Pothos builder. Plugins: prisma (model-backed types), relay (connections, global ids),
// scope-auth (a second fence after the modules' own checks), errors (typed error results),
// validation (the modules' zod schemas on the arguments).
import SchemaBuilder from "@pothos/core";
import { GraphQLScalarType } from "graphql";
import { GraphQLBigInt, GraphQLDateTime } from "graphql-scalars";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import ValidationPlugin from "@pothos/plugin-validation";
import type PrismaTypes from "../app/platform/db/generated/pothos-types";
import { getDatamodel } from "../app/platform/db/generated/pothos-types";
import { prisma } from "../app/platform/db/client.server";
import type { RequestContext } from "../app/platform/context";
import { AppError, ValidationError, type FieldErrors } from "../app/platform/errors";
import { isAdmin, isSignedIn, isStaff } from "../app/modules/identity";
import { canReadAccessLog, isInspector } from "../app/modules/integrity";

/** `setCookies` are appended to the HTTP response (sign-in and sign-out through the API). */
export type GraphQLContext = RequestContext & { request: Request; setCookies: string[] };

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { signedIn: boolean; staff: boolean; admin: boolean; inspector: boolean; accessLogReader: boolean };
  Scalars: { DateTime: { Input: Date; Output: Date }; BigInt: { Input: bigint; Output: bigint } };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ValidationPlugin, PrismaPlugin, RelayPlugin],
  prisma: { client: prisma, dmmf: getDatamodel(), exposeDescriptions: true, filterConnectionTotalCount: true },
  relay: {},
  scopeAuth: {
    // The modules' named predicates (their permissions.ts), asked once per request.
    authScopes: (ctx) => ({
      signedIn: isSignedIn(ctx.viewer),
      staff: isStaff(ctx.viewer),
      admin: isAdmin(ctx.viewer),
      inspector: isInspector(ctx.viewer),
      accessLogReader: canReadAccessLog(ctx.viewer),
    }),
    unauthorizedError: () => new AppError("error.forbidden", 403),
  },
  // Input validation failures come back as typed ValidationError results. They are returned
  // before scope checks run; they only describe the caller's own input, and every module
  // function authorises again anyway.
  errors: { defaultTypes: [AppError, ValidationError], unsafelyHandleInputErrors: true },
  validation: {
    // The zod error map makes every issue message a translatable key (see app/platform/errors.ts).
    validationError: (result) => {
      const fieldErrors: FieldErrors = {};
      for (const issue of result.issues) {
        const path = (issue.path ?? []).map((p) => (typeof p === "object" ? String(p.key) : String(p)));
        // Arguments arrive as { input: {...} }: report the field inside the input.
        const field = (path[0] === "input" ? path.slice(1) : path).join(".") || "_form";
        (fieldErrors[field] ??= []).push(issue.message);
      }
      return new ValidationError(fieldErrors);
    },
  },
});

// Library scalars (graphql-scalars). DateTime: RFC 3339 instants in and out (a Date in resolvers).
builder.addScalarType("DateTime", GraphQLDateTime);

// BigInt: graphql-scalars validates (integers only, any size); on the wire it stays a decimal
// string, as it always was, so no client's JSON parser loses precision on large amounts of rials,
// and resolvers always receive a bigint.
builder.addScalarType(
  "BigInt",
  new GraphQLScalarType<bigint, string>({
    ...GraphQLBigInt.toConfig(),
    description: "An integer of any size, as a decimal string (money in rials). Input: a decimal string or an integer.",
    serialize: (value) => String(GraphQLBigInt.serialize(value)),
    parseValue: (value) => BigInt(String(GraphQLBigInt.parseValue(value))),
    parseLiteral: (node, variables) => BigInt(String(GraphQLBigInt.parseLiteral(node, variables))),
  }),
);

builder.queryType({});
builder.mutationType({});
