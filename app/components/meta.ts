// Document titles for every page: "<page> — <app name>" in the reader's language.
import type { MetaFunction } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, translateWith, type MessageKey } from "~/platform/i18n";
import { messagesOf } from "./i18n";

export function pageTitle(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const data = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
    const locale = isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
    const messages = messagesOf(matches);
    return [{ title: `${translateWith(messages, locale, key)} — ${translateWith(messages, locale, "app.name")}` }];
  };
}
