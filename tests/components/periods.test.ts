// Solar Hijri periods for the transparency page's quick links.
import { describe, expect, it } from "vitest";
import { solarHijri, solarHijriPeriods, tehranToday } from "../../app/components/cases/periods";

const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe("Solar Hijri periods", () => {
  it("converts dates (1 Farvardin 1405 = 21 March 2026, 10 Azar 1405 = 1 December 2026)", () => {
    expect(solarHijri(day("2026-03-21"))).toEqual({ year: 1405, month: 1, day: 1 });
    expect(solarHijri(day("2026-12-01"))).toEqual({ year: 1405, month: 9, day: 10 });
  });

  it("gives this and last month and year, `to` exclusive, named in Persian or English", () => {
    const fa = solarHijriPeriods(day("2026-12-01"), "fa");
    expect(fa.map(({ id, from, to }) => ({ id, from, to }))).toEqual([
      { id: "thisMonth", from: "2026-11-22", to: "2026-12-22" }, // Azar 1405: 30 days
      { id: "lastMonth", from: "2026-10-23", to: "2026-11-22" }, // Aban 1405
      { id: "thisYear", from: "2026-03-21", to: "2027-03-21" }, // 1405
      { id: "lastYear", from: "2025-03-21", to: "2026-03-21" }, // 1404
    ]);
    expect(fa[0].label).toBe("آذر ۱۴۰۵");
    expect(fa[3].label).toMatch(/۱۴۰۴/);
    const en = solarHijriPeriods(day("2026-12-01"), "en");
    expect(en[0].label).toMatch(/Azar 1405/);
    // The first day of a year and a month: the period starts that day.
    expect(solarHijriPeriods(day("2026-03-21"), "fa")[0]).toMatchObject({ from: "2026-03-21", to: "2026-04-21" }); // Farvardin: 31 days
    expect(solarHijriPeriods(day("2026-03-21"), "fa")[1]).toMatchObject({ from: "2026-02-20", to: "2026-03-21" }); // Esfand 1404
  });

  it("takes today in Tehran (UTC+3:30)", () => {
    expect(tehranToday(new Date("2026-12-01T21:00:00Z")).toISOString()).toBe("2026-12-02T00:00:00.000Z");
    expect(tehranToday(new Date("2026-12-01T20:00:00Z")).toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });
});
