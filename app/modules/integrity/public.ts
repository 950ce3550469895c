// Client-safe pieces of the whistleblower channel (no server code, no secrets): the input schemas,
// categories, statuses, limits and code formatting. Pages and components import them from here.
export * from "./schemas";
