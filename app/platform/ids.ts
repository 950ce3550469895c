// One check for "is this a UUID?" (ids in URLs and forms): a malformed id is "not found" or a field
// error, never a database error. Client-safe.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
