// Assembles the schema from each module's types. Add a module: import its types file here.
import { builder } from "./builder";
import "./types/errors";
import "./types/identity";
import "./types/club";
import "./types/budgeting";
import "./types/cases";
import "./types/integrity";

export const schema = builder.toSchema();
