// Client-safe pieces of identity (no server code): the input schemas and the staff roles.
export * from "./schemas";
