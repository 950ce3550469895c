// Client-safe pieces of the club (no server code): the input schemas.
export * from "./schemas";
