// Module `integrity`: the whistleblower channel (corruption and violation reports). The only door
// for other code: actions and reads from reports.server.ts, the permission predicates, and the
// client-safe constants (also in ./public).
export * from "./reports.server";
export * from "./permissions";
