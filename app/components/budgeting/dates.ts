// `<input type="datetime-local">` posts a wall-clock time without a zone ("2026-03-21T09:00").
// Staff enter Tehran time; Iran has kept +03:30 all year since 2022 (no daylight saving).
export const TEHRAN_OFFSET = "+03:30";

export function tehranDateTime(value: string | undefined) {
  if (!value) return value;
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return `${v}:00${TEHRAN_OFFSET}`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(v)) return `${v}${TEHRAN_OFFSET}`;
  return v;
}

/** A date as the value of a datetime-local input, in Tehran time. */
export function toTehranInput(date: Date) {
  const shifted = new Date(date.getTime() + 3.5 * 3_600_000);
  return shifted.toISOString().slice(0, 16);
}
