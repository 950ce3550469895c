// Types shared by several modules' GraphQL files.
import { builder } from "../builder";

export const Photo = builder.objectRef<{ id: string; width: number; height: number }>("Photo").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    url: t.string({ resolve: (ph) => `/media/${ph.id}` }),
    width: t.exposeInt("width"),
    height: t.exposeInt("height"),
  }),
});

/** GraphQL gives absent optional fields as null; the modules' zod schemas expect them absent. */
export const withoutNulls = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
