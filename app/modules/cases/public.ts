// Client-safe pieces of case intake (no server code): input schemas, statuses and limits, tracking
// codes, and how a unit (region + department) is named. Pages and components import these from here.
export * from "./schemas";
export { parseUnit, unitName, unitOf, type Unit } from "./units";
