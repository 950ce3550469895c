// Assembles the schema from each module's types. Add a module: import its types file here.
import { builder } from "./builder";
import "./types/errors";
import "./types/identity";

export const schema = builder.toSchema();
