// Document titles for every page: "<page> — <app name>" in the reader's language.
import type { MetaFunction } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, translate, type MessageKey } from "~/platform/i18n";

export function pageTitle(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const data = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
    const locale = isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
    return [{ title: `${translate(locale, key)} — ${translate(locale, "app.name")}` }];
  };
}
