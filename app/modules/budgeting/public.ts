// Client-safe pieces of participatory budgeting (no server code): input schemas, phases and rules.
export * from "./schemas";
