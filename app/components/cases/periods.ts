// Solar Hijri periods for the league tables' quick links (this month, last month, this year, last
// year), computed with Intl's Persian calendar — no calendar library. Dates are calendar days
// (YYYY-MM-DD, as the period form posts them), handled as UTC midnights so no time zone shifts them.
import type { Locale } from "~/platform/i18n";

const DAY = 86_400_000;
const parts = new Intl.DateTimeFormat("en-u-ca-persian-nu-latn", { timeZone: "UTC", year: "numeric", month: "numeric", day: "numeric" });

/** The Solar Hijri year, month (1–12) and day of a UTC-midnight date. */
export function solarHijri(date: Date): { year: number; month: number; day: number } {
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return { year: Number.parseInt(p.year, 10), month: Number(p.month), day: Number(p.day) };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const monthStart = (d: Date) => new Date(d.getTime() - (solarHijri(d).day - 1) * DAY);
const nextMonthStart = (d: Date) => monthStart(new Date(monthStart(d).getTime() + 32 * DAY));
const previousMonthStart = (d: Date) => monthStart(new Date(monthStart(d).getTime() - DAY));
function yearStart(d: Date) {
  let start = monthStart(d);
  while (solarHijri(start).month > 1) start = previousMonthStart(start);
  return start;
}
const nextYearStart = (d: Date) => yearStart(new Date(yearStart(d).getTime() + 367 * DAY));
const previousYearStart = (d: Date) => yearStart(new Date(yearStart(d).getTime() - DAY));

/** Today's date in Tehran, as a UTC midnight. */
export function tehranToday(now = new Date()): Date {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tehran", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  return new Date(`${day}T00:00:00Z`);
}

export type Period = { id: "thisMonth" | "lastMonth" | "thisYear" | "lastYear"; from: string; to: string; label: string };

/** The four periods around `today` (`to` exclusive, as the figures count), named in the locale's words for the Solar Hijri calendar. */
export function solarHijriPeriods(today: Date, locale: Locale): Period[] {
  const tag = locale === "fa" ? "fa-IR-u-ca-persian" : "en-u-ca-persian";
  const monthName = new Intl.DateTimeFormat(tag, { timeZone: "UTC", month: "long" });
  const year = new Intl.DateTimeFormat(tag, { timeZone: "UTC", year: "numeric" });
  // "آذر ۱۴۰۵", "Azar 1405 AP": the month's name, then the year (ICU's own order differs between versions).
  const month = { format: (d: Date) => `${monthName.format(d)} ${year.format(d)}` };
  const thisMonth = monthStart(today);
  const lastMonth = previousMonthStart(today);
  const thisYear = yearStart(today);
  const lastYear = previousYearStart(today);
  return [
    { id: "thisMonth", from: iso(thisMonth), to: iso(nextMonthStart(today)), label: month.format(thisMonth) },
    { id: "lastMonth", from: iso(lastMonth), to: iso(thisMonth), label: month.format(lastMonth) },
    { id: "thisYear", from: iso(thisYear), to: iso(nextYearStart(today)), label: year.format(thisYear) },
    { id: "lastYear", from: iso(lastYear), to: iso(thisYear), label: year.format(lastYear) },
  ];
}
