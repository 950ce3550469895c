// Translations. A plain typed catalog rather than i18next: every message is known at build time
// (a missing key is a type error and a test failure), rendering is synchronous on the server and
// the client, and there are no catalogs to fetch. Parameters are `{name}` placeholders; numbers
// in parameters are formatted with the locale's digits.
import { en as platformEn } from "./en";
import { fa as platformFa } from "./fa";
import { moduleCatalogs } from "./modules";

// Each module may keep its own catalog (app/modules/<m>/messages.ts, registered in ./modules.ts);
// the keys are prefixed with the module's name so they never collide.
const en = { ...platformEn, ...moduleCatalogs.en };
const fa = { ...platformFa, ...moduleCatalogs.fa };

export type MessageKey = keyof typeof en;
export type Locale = "fa" | "en";
export const LOCALES: readonly Locale[] = ["fa", "en"];
export const DEFAULT_LOCALE: Locale = "fa";
export type Params = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { fa: fa as Record<MessageKey, string>, en };

export function isLocale(value: unknown): value is Locale {
  return value === "fa" || value === "en";
}

export function dir(locale: Locale): "rtl" | "ltr" {
  return locale === "fa" ? "rtl" : "ltr";
}

const intlLocale: Record<Locale, string> = { fa: "fa-IR", en: "en-GB" };

export function formatNumber(locale: Locale, value: number) {
  return new Intl.NumberFormat(intlLocale[locale]).format(value);
}

/** Solar Hijri for Persian (e.g. ۱۴۰۵/۰۹/۰۳), Gregorian for English. Tehran time. */
export function formatDate(locale: Locale, date: Date | string, withTime = false) {
  const d = typeof date === "string" ? new Date(date) : date;
  const options: Intl.DateTimeFormatOptions = {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    timeZone: "Asia/Tehran",
    ...(withTime ? { hour: "2-digit", minute: "2-digit", hour12: false } : {}),
  };
  return new Intl.DateTimeFormat(locale === "fa" ? "fa-IR-u-ca-persian" : "en-GB", options).format(d);
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = catalogs[locale][key] ?? catalogs.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{${name}}`;
    return typeof value === "number" ? formatNumber(locale, value) : value;
  });
}

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

/**
 * Validation and domain errors carry a message *key* (optionally with JSON params after `|`),
 * never prose, so each reader gets it in their own language: `validation.tooShort|{"min":10}`.
 */
export function encodeMessage(key: MessageKey, params?: Params) {
  return params ? `${key}|${JSON.stringify(params)}` : key;
}

export function translateMessage(locale: Locale, encoded: string): string {
  const bar = encoded.indexOf("|");
  const key = bar === -1 ? encoded : encoded.slice(0, bar);
  if (!isMessageKey(key)) return translate(locale, "validation.invalid");
  let params: Params | undefined;
  if (bar !== -1) {
    try {
      params = JSON.parse(encoded.slice(bar + 1)) as Params;
    } catch {
      params = undefined;
    }
  }
  return translate(locale, key, params);
}

/** Picks fa or en from an Accept-Language header (for API clients without a cookie). */
export function localeFromAcceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const tag = part.trim().split(";")[0].toLowerCase();
    if (tag.startsWith("fa")) return "fa";
    if (tag.startsWith("en")) return "en";
  }
  return undefined;
}

export function catalog(locale: Locale) {
  return catalogs[locale];
}
