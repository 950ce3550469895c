// Translations. A typed catalog rather than i18next: every message is known at build time (a
// missing key is a type error and a test failure) and rendering is synchronous on the server and
// the client. Messages are ICU MessageFormat strings (intl-messageformat): `{name}` placeholders,
// `{count, plural, one {# voter} other {# voters}}`; numbers are formatted with the locale's
// digits. Compiled formats are cached.
//
// Catalogs: the platform's own (./fa, ./en) and one per module, which the composition root
// (app/modules/catalogs.ts) registers at start-up with `registerCatalog` — the platform imports no
// module, and the browser bundle holds no catalog (only types from ./en). Each catalog says which of its keys belong to an *area* (staff, inspector, server-only):
// the browser gets only its language and only the public keys, plus the keys of the area of the
// page it is on (see `clientCatalog` and app/components/i18n.tsx).
import { IntlMessageFormat } from "intl-messageformat";
import type { en as platformEn } from "./en";

/**
 * Module message keys, by declaration merging: app/modules/catalogs.ts adds each module's keys
 * (`declare module "~/platform/i18n" { interface ModuleMessages extends … {} }`), so the platform
 * knows every key's name without importing a module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleMessages {}

export type MessageKey = keyof typeof platformEn | Extract<keyof ModuleMessages, string>;
export type Locale = "fa" | "en";
export const LOCALES: readonly Locale[] = ["fa", "en"];
export const DEFAULT_LOCALE: Locale = "fa";
export type Params = Record<string, string | number>;
/** Messages of one language (a whole catalog or the part of it a page needs). */
export type Messages = Partial<Record<MessageKey, string>>;

/**
 * Where a key is needed. `public`: every page (the default); `staff` / `inspector`: only pages of
 * that area (their layout routes add them); `server`: never sent to the browser (emails, SMS).
 */
export type Area = "public" | "staff" | "inspector" | "server";
export const CLIENT_AREAS = ["staff", "inspector"] as const;
export type ClientArea = (typeof CLIENT_AREAS)[number];

/** Key prefixes of an area; `public` lists exact keys that stay public although a prefix matches. */
export type AreaRules = Partial<Record<Exclude<Area, "public">, string[]>> & { public?: string[] };

type Registered = { name: string; fa: Record<string, string>; en: Record<string, string>; rules: AreaRules };
const registry = new Map<string, Registered>();
const merged: Record<Locale, Record<string, string>> = { fa: {}, en: {} };
const areaOfKey = new Map<string, Area>();

function areaOf(key: string, rules: AreaRules): Area {
  if (rules.public?.includes(key)) return "public";
  for (const area of ["server", "staff", "inspector"] as const) if (rules[area]?.some((p) => key.startsWith(p))) return area;
  return "public";
}

/** Adds a catalog (a module's, or the platform's). Registering the same name again replaces it. */
export function registerCatalog(name: string, messages: { fa: Record<string, string>; en: Record<string, string> }, rules: AreaRules = {}) {
  registry.set(name, { name, fa: messages.fa, en: messages.en, rules });
  merged.fa = {};
  merged.en = {};
  areaOfKey.clear();
  for (const c of registry.values()) {
    Object.assign(merged.fa, c.fa);
    Object.assign(merged.en, c.en);
    for (const key of Object.keys(c.en)) areaOfKey.set(key, areaOf(key, c.rules));
  }
}

/** For the catalog test: every registered catalog's two languages side by side. */
export function registeredCatalogs(): readonly Registered[] {
  return [...registry.values()];
}

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

type Compiled = { format: IntlMessageFormat; typed: Set<string> };
const compiled = new Map<string, Compiled>();

/** Names used as `{n, plural …}`, `{n, select …}`, `{n, number}`: they need the raw value. */
function typedArguments(nodes: unknown[], into: Set<string>) {
  for (const node of nodes as { type: number; value?: unknown; options?: Record<string, { value: unknown[] }>; children?: unknown[] }[]) {
    if (node.type >= 2 && node.type <= 6 && typeof node.value === "string") into.add(node.value);
    for (const option of Object.values(node.options ?? {})) typedArguments(option.value, into);
    if (node.children) typedArguments(node.children, into);
  }
  return into;
}

/** Compiles an ICU message in the locale, once (cached). */
export function compileMessage(locale: Locale, template: string): Compiled {
  const cacheKey = `${locale}\u0000${template}`;
  let entry = compiled.get(cacheKey);
  if (!entry) {
    // ignoreTag: messages may contain `<token>` literally; they are text, never markup.
    const format = new IntlMessageFormat(template, intlLocale[locale], undefined, { ignoreTag: true });
    entry = { format, typed: typedArguments(format.getAst(), new Set()) };
    compiled.set(cacheKey, entry);
  }
  return entry;
}

export function formatMessage(locale: Locale, template: string, params?: Params): string {
  if (!template.includes("{")) return template;
  try {
    const { format, typed } = compileMessage(locale, template);
    // A plain `{n}` with a number gets the locale's digits (ICU would print it as is); plural and
    // number arguments get the number itself and format it with the locale's digits too.
    const values: Params = {};
    for (const [name, value] of Object.entries(params ?? {}))
      values[name] = typeof value === "number" && !typed.has(name) ? formatNumber(locale, value) : value;
    return String(format.format(values));
  } catch {
    // A missing parameter (or a broken message) leaves its placeholder visible instead of failing the page.
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params?.[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? formatNumber(locale, value) : value;
    });
  }
}

/** Translates with the given messages (in the browser: the page's part of the catalog). */
export function translateWith(messages: Messages, locale: Locale, key: MessageKey, params?: Params): string {
  const template = messages[key] ?? key;
  return formatMessage(locale, template, params);
}

/** Translates with the registered catalogs (on the server). */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = merged[locale][key] ?? merged.en[key] ?? key;
  return formatMessage(locale, template, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return key in merged.en;
}

/**
 * Validation and domain errors carry a message *key* (optionally with JSON params after `|`),
 * never prose, so each reader gets it in their own language: `validation.tooShort|{"min":10}`.
 */
export function encodeMessage(key: MessageKey, params?: Params) {
  return params ? `${key}|${JSON.stringify(params)}` : key;
}

/** Splits an encoded message into its key (`validation.invalid` if unknown) and parameters. */
export function decodeMessage(
  encoded: string,
  known: (key: string) => key is MessageKey = isMessageKey,
): { key: MessageKey; params?: Params } {
  const bar = encoded.indexOf("|");
  const key = bar === -1 ? encoded : encoded.slice(0, bar);
  if (!known(key)) return { key: "validation.invalid" };
  let params: Params | undefined;
  if (bar !== -1) {
    try {
      params = JSON.parse(encoded.slice(bar + 1)) as Params;
    } catch {
      params = undefined;
    }
  }
  return { key, params };
}

export function translateMessage(locale: Locale, encoded: string): string {
  const { key, params } = decodeMessage(encoded);
  return translate(locale, key, params);
}

/** translateMessage with the given messages (in the browser). */
export function translateMessageWith(messages: Messages, locale: Locale, encoded: string): string {
  const { key, params } = decodeMessage(encoded, (k): k is MessageKey => k in messages);
  return translateWith(messages, locale, key, params);
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

/** Every registered message of a language. */
export function catalog(locale: Locale): Record<MessageKey, string> {
  return merged[locale] as Record<MessageKey, string>;
}

/** The key's area (public unless a catalog's rules say otherwise). */
export function messageArea(key: string): Area {
  return areaOfKey.get(key) ?? "public";
}

/**
 * What the browser gets: one language, only the keys of the given area (`public` from the root
 * loader; `staff` / `inspector` from those areas' layout routes). Server-only keys never.
 */
export function clientCatalog(locale: Locale, area: Exclude<Area, "server">): Messages {
  const out: Record<string, string> = {};
  const source = merged[locale];
  for (const [key, value] of Object.entries(source)) if (messageArea(key) === area) out[key] = value;
  return out as Messages;
}

/** The localised name of a record with `nameFa` / `nameEn` (regions, departments, categories, budgets…). */
export function localName(locale: Locale, named: { nameFa: string; nameEn: string }): string;
export function localName(locale: Locale, named: { nameFa: string; nameEn: string } | null | undefined): string | null;
export function localName(locale: Locale, named: { nameFa: string; nameEn: string } | null | undefined): string | null {
  if (!named) return null;
  return locale === "fa" ? named.nameFa : named.nameEn;
}
