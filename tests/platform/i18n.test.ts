import { describe, expect, it } from "vitest";
import { catalog, formatDate, formatNumber, localeFromAcceptLanguage, translate, translateMessage } from "../../app/platform/i18n";

// Platform and module catalogs, merged as the app sees them.
const en = catalog("en");
const fa = catalog("fa");

describe("message catalogs", () => {
  it("have exactly the same keys in fa and en, none empty", () => {
    expect(Object.keys(fa).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of [...Object.entries(fa), ...Object.entries(en)]) expect(value.trim(), key).not.toBe("");
  });

  it("use the same placeholders in both languages", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(fa[key]), key).toEqual(placeholders(en[key]));
  });

  it("Persian text is Persian (no English left untranslated in the fa catalog)", () => {
    const allowed = /JPEG|PNG|WebP|GraphQL|API|SMTP|SHA-256|ABCDE-FGHIJ|add1|Pabulib|OpenStreetMap|ODbL|Bearer|token|Authorization|xxxxxxxxx|English/g;
    for (const [key, value] of Object.entries(fa)) {
      expect(/[a-z]{4,}/i.test(value.replace(allowed, "").replace(/\{\w+\}/g, "")), `${key}: ${value}`).toBe(false);
    }
  });
});

describe("formatting", () => {
  it("uses Solar Hijri dates and Persian digits in fa, Gregorian in en", () => {
    const d = new Date("2023-06-25T08:00:00Z"); // 4 Tir 1402
    expect(formatDate("fa", d)).toBe("۱۴۰۲/۰۴/۰۴");
    expect(formatDate("en", d)).toBe("25/06/2023");
    expect(formatNumber("fa", 1234567)).toBe("۱٬۲۳۴٬۵۶۷");
  });

  it("translates encoded messages with parameters, with locale digits", () => {
    expect(translateMessage("fa", 'validation.tooShort|{"min":10}')).toBe("دست‌کم باید ۱۰ نویسه باشد.");
    expect(translateMessage("en", 'validation.tooShort|{"min":10}')).toBe("Must be at least 10 characters.");
    expect(translateMessage("en", "not.a.key")).toBe(translate("en", "validation.invalid"));
  });

  it("reads Accept-Language", () => {
    expect(localeFromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(localeFromAcceptLanguage("fa-IR")).toBe("fa");
    expect(localeFromAcceptLanguage("de-DE")).toBeUndefined();
  });
});
