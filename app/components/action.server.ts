// Pages with several forms of the same kind (one per proposal, per budget…) need to know which
// form a result belongs to. `taggedAction` is `formAction` (translated AppError / ValidationError
// results with a 4xx status) plus the intent and target echoed back in the result, success or not.
import { data } from "@remix-run/node";
import { AppError } from "~/platform/errors";
import { formAction } from "~/platform/http.server";

/** `target`: the row the form acts on; `scope`: where to show the outcome when the row may vanish. */
export type ActionTag = { intent: string; target?: string; scope?: string };

export async function taggedAction<T extends Record<string, unknown>>(tag: ActionTag, fn: () => Promise<T | Response>) {
  const result = await formAction(fn);
  if (result instanceof Response) return result;
  return data({ ...result.data, ...tag }, result.init ?? undefined);
}

/** Loaders: a module's "not found" / "forbidden" AppError becomes the matching error page. */
export async function orErrorPage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AppError && error.status >= 400 && error.status < 500) {
      // A malformed address (a validation error on an id) is a page that does not exist.
      throw data({ message: error.encoded }, { status: error.status === 400 ? 404 : error.status });
    }
    throw error;
  }
}
