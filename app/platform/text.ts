// The one rule for text a person types (forms, GraphQL arguments, search boxes), used by every
// module's zod schemas. PostgreSQL cannot store NUL (U+0000) and would answer with an error (a 500);
// other C0 control characters, lone surrogates (from JSON "\ud800") and U+FFFD (what invalid
// UTF-8 decodes to) are never typed by a person either. All of them are a translated field error
// ("validation.characters"), not a 500 and not stored. Accepted text is trimmed and normalised
// to NFC, so "ی" typed in two ways is one string in the database and in searches.
// Safe to import from client components (no server code).
import { z } from "zod";

/** C0 controls except tab, newline and carriage return; DEL; U+FFFD; lone surrogates. */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `value` holds a character the text rule refuses. */
export function hasForbiddenCharacters(value: string) {
  return FORBIDDEN.test(value);
}

type TextOptions = {
  min?: number;
  max: number;
  /** Trim surrounding white space (default true; false for passwords). */
  trim?: boolean;
  /** Normalise to NFC (default true; false for passwords, which are compared as typed). */
  normalize?: boolean;
};

/** A string checked against the text rule only (no length), trimmed and normalised: for pipes. */
export function cleanText({ trim = true, normalize = true }: Omit<TextOptions, "max" | "min"> = {}) {
  return z
    .string()
    .refine((v) => !hasForbiddenCharacters(v), { message: "validation.characters", abort: true })
    .transform((v) => {
      const n = normalize ? v.normalize("NFC") : v;
      return trim ? n.trim() : n;
    });
}

/**
 * A text field: the text rule, then trim + NFC, then `min`/`max` characters. Issues become the
 * usual message keys (required, tooShort, tooLong) through the zod error map in errors.ts.
 * Anything over a generous raw bound (4 × max + 1000) is refused before any work is done.
 */
export function text(options: TextOptions) {
  const { min, max } = options;
  let inner = z.string().max(max);
  if (min !== undefined) inner = inner.min(min);
  return z
    .string()
    .max(max * 4 + 1000, { message: `validation.tooLong|${JSON.stringify({ max })}` })
    .pipe(cleanText(options))
    .pipe(inner);
}
