// Errors a person may see. They carry message keys (see i18n/index.ts), never prose, and never a
// stack trace: the route or the GraphQL layer translates them for the reader.
import { z } from "zod";
import { encodeMessage, type MessageKey, type Params } from "./i18n";

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: MessageKey,
    readonly status = 400,
    readonly params?: Params,
  ) {
    super(code);
  }
  get encoded() {
    return encodeMessage(this.code, this.params);
  }
}

export class ValidationError extends AppError {
  override name = "ValidationError";
  constructor(readonly fieldErrors: FieldErrors) {
    super("error.invalidInput", 400);
  }
}

export const forbidden = () => new AppError("error.forbidden", 403);
export const unauthenticated = () => new AppError("error.unauthenticated", 401);
export const notFound = () => new AppError("error.notFoundRecord", 404);

/** Maps zod issues to message keys, so the same schema serves forms and GraphQL in both languages. */
function issueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return encodeMessage(
        issue.input === undefined || issue.input === null || issue.input === "" ? "validation.required" : "validation.invalid",
      );
    case "too_small":
      if (issue.origin === "string") {
        return Number(issue.minimum) <= 1 || issue.input === ""
          ? encodeMessage("validation.required")
          : encodeMessage("validation.tooShort", { min: Number(issue.minimum) });
      }
      return encodeMessage("validation.invalid");
    case "too_big":
      return issue.origin === "string"
        ? encodeMessage("validation.tooLong", { max: Number(issue.maximum) })
        : encodeMessage("validation.invalid");
    case "invalid_format":
      return encodeMessage(issue.format === "email" ? "validation.email" : "validation.invalid");
    default:
      return encodeMessage("validation.invalid");
  }
}

// In the browser zod's compiled parsers (new Function) are off: the page's CSP has no 'unsafe-eval',
// and zod's probe for them would be reported as a violation. (The server keeps them: faster.)
z.config({ customError: issueMessage, ...(typeof document !== "undefined" ? { jitless: true } : {}) });

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "_form";
    (out[field] ??= []).push(issue.message);
  }
  return out;
}

/** Parses input with the one schema for it; throws ValidationError (per-field keys) on bad input. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrorsOf(result.error));
  return result.data;
}
