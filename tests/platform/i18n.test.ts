import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import "../support/db";
import {
  catalog,
  clientCatalog,
  formatDate,
  localName,
  formatMessage,
  formatNumber,
  localeFromAcceptLanguage,
  messageArea,
  registeredCatalogs,
  translate,
  translateMessage,
  translateWith,
} from "../../app/platform/i18n";

// Platform and module catalogs, merged as the app sees them (registered by app/modules/catalogs.ts,
// which tests/support/catalogs.ts imports for every test file).
const en = catalog("en");
const fa = catalog("fa");

/** The argument names of an ICU message (placeholders, plural/select variables), nested ones too. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const node of nodes as { type: number; value?: string; options?: Record<string, { value: unknown[] }>; children?: unknown[] }[]) {
      if (node.type !== 0 && node.type !== 7 && typeof node.value === "string") names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
      if (node.children) walk(node.children);
    }
  };
  walk(new IntlMessageFormat(message, "en", undefined, { ignoreTag: true }).getAst());
  return [...names].sort();
}

describe("message catalogs", () => {
  it("have exactly the same keys in fa and en, none empty", () => {
    expect(Object.keys(fa).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of [...Object.entries(fa), ...Object.entries(en)]) expect(value.trim(), key).not.toBe("");
  });

  it("every module's catalog is registered, each with the same keys in both languages", () => {
    const names = registeredCatalogs().map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["platform", "club", "budgeting", "cases", "reports"]));
    for (const c of registeredCatalogs()) {
      expect(Object.keys(c.fa).sort(), c.name).toEqual(Object.keys(c.en).sort());
      for (const key of Object.keys(c.en)) expect(key in en, `${c.name}: ${key}`).toBe(true);
    }
  });

  it("are valid ICU messages with the same arguments in both languages", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(argumentsOf(fa[key]), key).toEqual(argumentsOf(en[key]));
  });

  it("Persian text is Persian (no English left untranslated in the fa catalog)", () => {
    const allowed =
      /application\/graphql-response\+json|GraphiQL|HTTP|JSON|POST|\/graphql|ValidationError|AppError|Accept-Language|query|variables|mutation|lang|JPEG|PNG|WebP|GraphQL|API|SMTP|SHA-256|ABCDE-FGHIJ|add1|Pabulib|OpenStreetMap|Mapbox|Protomaps|ODbL|Bearer|token|Authorization|xxxxxxxxx|English/g;
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

  it("formats ICU plurals, with Persian digits in fa", () => {
    expect(translate("en", "budgeting.results.voters", { count: 1 })).toBe("1 voter");
    expect(translate("en", "budgeting.results.voters", { count: 1234 })).toBe("1,234 voters");
    expect(translate("fa", "budgeting.results.voters", { count: 1234 })).toBe("۱٬۲۳۴ رأی‌دهنده");
    expect(translate("en", "reports.inspector.count", { count: 1 })).toBe("1 report");
    expect(translate("en", "budgeting.staff.computed", { count: 0 })).toBe("Results computed: no project selected.");
    expect(translateMessage("en", 'cases.error.reopenWindow|{"days":1}')).toBe("A case can be reopened within 1 day of its answer only.");
    expect(formatMessage("fa", "{n, plural, one {# مورد} other {# مورد}}", { n: 7 })).toBe("۷ مورد");
    // A missing parameter leaves its placeholder instead of failing the page.
    expect(translate("en", "media.photoOf", { n: 2 })).toBe("Photo 2 of “{title}”");
    // Text like <token> is text, not markup.
    expect(translate("en", "account.tokens.intro")).toContain("Bearer <token>");
  });

  it("names records in the reader's language through one helper", () => {
    const region = { nameFa: "منطقه ۳", nameEn: "Region 3" };
    expect(localName("fa", region)).toBe("منطقه ۳");
    expect(localName("en", region)).toBe("Region 3");
    expect(localName("en", null)).toBeNull();
  });

  it("reads Accept-Language", () => {
    expect(localeFromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(localeFromAcceptLanguage("fa-IR")).toBe("fa");
    expect(localeFromAcceptLanguage("de-DE")).toBeUndefined();
  });
});

describe("what the browser gets", () => {
  it("the public catalog: one language, no staff, inspector or server-only keys", () => {
    const all = JSON.stringify({ fa, en });
    const publicFa = clientCatalog("fa", "public");
    const json = JSON.stringify(publicFa);
    // Before: every key of both languages reached every page.
    const before = Buffer.byteLength(all);
    const after = Buffer.byteLength(json);
    console.info(`client catalog: ${before} bytes (fa + en, every area) → ${after} bytes (fa, public)`);
    expect(after).toBeLessThan(before / 2);
    expect(publicFa["nav.home"]).toBe(fa["nav.home"]);
    expect(publicFa["cases.title"]).toBe(fa["cases.title"]);
    expect(Object.values(publicFa)).not.toContain(en["cases.title"]);
    for (const key of [
      "reports.inspector.title",
      "cases.inbox.filters",
      "budgeting.staff.cycle",
      "admin.roles.title",
      "email.verify.subject",
      "cases.sms.update",
    ] as const) {
      expect(key in fa, key).toBe(true);
      expect(key in publicFa, key).toBe(false);
    }
    // Exceptions that public pages show stay public.
    expect(publicFa["budgeting.staff.title"]).toBeDefined();
    expect(publicFa["reports.report.details"]).toBeDefined();
  });

  it("each area's keys come from its layout route, never server-only ones", () => {
    const staff = clientCatalog("en", "staff");
    const inspector = clientCatalog("en", "inspector");
    expect(staff["cases.inbox.filters"]).toBe(en["cases.inbox.filters"]);
    expect(inspector["reports.inspector.title"]).toBe(en["reports.inspector.title"]);
    expect(messageArea("email.verify.subject")).toBe("server");
    for (const area of ["public", "staff", "inspector"] as const)
      expect(Object.keys(clientCatalog("en", area)).some((k) => messageArea(k) === "server")).toBe(false);
    expect(translateWith(staff, "en", "nav.home")).toBe("nav.home"); // not in the staff part: the root's public part has it
  });
});

describe("the root loader's catalog", () => {
  const args = (path: string, cookie?: string) => ({
    request: new Request(`http://test.local${path}`, { headers: cookie ? { cookie } : {} }),
    params: {},
    context: { ip: null, appendHeader: () => undefined },
  });

  it("the anonymous home page gets its language's public keys only; an area's layout adds that area", async () => {
    const { loader: rootLoader } = await import("../../app/root");
    const { loader: inspectorLoader } = await import("../../app/routes/inspector");
    const { loader: staffLoader } = await import("../../app/routes/staff");
    const home = await rootLoader(args("/"));
    const bytes = Buffer.byteLength(JSON.stringify(home));
    const everything = Buffer.byteLength(JSON.stringify({ fa, en }));
    console.info(`root loader JSON: ${bytes} bytes (was ${everything}+ bytes of catalogs in the client bundle)`);
    expect(home.locale).toBe("fa");
    expect(bytes).toBeLessThan(everything / 2);
    expect(home.i18nMessages["nav.home"]).toBe(fa["nav.home"]);
    const values = new Set(Object.values(home.i18nMessages));
    expect(values.has(en["home.intro"])).toBe(false);
    expect("reports.inspector.title" in home.i18nMessages).toBe(false);
    expect("cases.operator.intro" in home.i18nMessages).toBe(false);
    expect("email.verify.body" in home.i18nMessages).toBe(false);

    const english = await rootLoader(args("/", "lang=en"));
    expect(english.i18nMessages["home.intro"]).toBe(en["home.intro"]);
    expect(new Set(Object.values(english.i18nMessages)).has(fa["home.intro"])).toBe(false);

    const inspector = await inspectorLoader(args("/inspector/reports", "lang=en"));
    expect(inspector.i18nMessages["reports.inspector.title"]).toBe(en["reports.inspector.title"]);
    expect("cases.operator.intro" in inspector.i18nMessages).toBe(false);
    const staff = await staffLoader(args("/staff/cases"));
    expect(staff.i18nMessages["cases.operator.intro"]).toBe(fa["cases.operator.intro"]);
    expect("nav.home" in staff.i18nMessages).toBe(false);
  });
});
