// Errors as data: mutations return a union of their success type and these, translated into the
// reader's language (cookie, account, or Accept-Language), with stable codes for programs.
import { builder } from "../builder";
import { AppError, ValidationError } from "../../app/platform/errors";
import { translateMessage } from "../../app/platform/i18n";

const ErrorInterface = builder.interfaceRef<AppError>("Error").implement({
  description: "A problem the caller can act on. `code` is stable; `message` is translated.",
  fields: (t) => ({
    code: t.string({ resolve: (e) => e.code }),
    message: t.string({ resolve: (e, _a, ctx) => translateMessage(ctx.locale, e.encoded) }),
  }),
});

builder.objectType(AppError, {
  name: "AppError",
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof AppError && !(e instanceof ValidationError),
});

const FieldError = builder.objectRef<{ field: string; messages: string[] }>("FieldError").implement({
  fields: (t) => ({
    field: t.exposeString("field"),
    codes: t.stringList({ resolve: (f) => f.messages.map((m) => m.split("|")[0]) }),
    messages: t.stringList({ resolve: (f, _a, ctx) => f.messages.map((m) => translateMessage(ctx.locale, m)) }),
  }),
});

builder.objectType(ValidationError, {
  name: "ValidationError",
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof ValidationError,
  fields: (t) => ({
    fieldErrors: t.field({
      type: [FieldError],
      resolve: (e) => Object.entries(e.fieldErrors).map(([field, messages]) => ({ field, messages })),
    }),
  }),
});
