import { useMatches, useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import {
  dir,
  formatDate,
  formatNumber,
  localName,
  translateMessageWith,
  translateWith,
  DEFAULT_LOCALE,
  type Locale,
  type MessageKey,
  type Messages,
  type Params,
} from "~/platform/i18n";
import type { loader as rootLoader } from "~/root";

export function useLocale(): Locale {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  return data?.locale ?? DEFAULT_LOCALE;
}

/**
 * The page's messages: the root loader's public catalog of the page's language, plus any area's
 * keys that a matched layout route (staff, inspector, admin) adds as `i18nMessages` in its data (a distinct name: pages have their own "messages").
 */
export function messagesOf(matches: readonly { data?: unknown }[]): Messages {
  let messages: Messages = {};
  for (const m of matches) {
    const extra = (m.data as { i18nMessages?: Messages } | undefined)?.i18nMessages;
    if (extra) messages = { ...messages, ...extra };
  }
  return messages;
}

export function useMessages(): Messages {
  const matches = useMatches();
  return useMemo(() => messagesOf(matches), [matches]);
}

/** Translation helpers bound to the page's language and messages. */
export function useI18n() {
  const locale = useLocale();
  const messages = useMessages();
  return useMemo(
    () => ({
      locale,
      dir: dir(locale),
      t: (key: MessageKey, params?: Params) => translateWith(messages, locale, key, params),
      /** Whether a key built at run time (e.g. from a stored kind) is one of the page's messages. */
      has: (key: string): key is MessageKey => key in messages,
      /** Translates an encoded validation/domain message (see platform/i18n). */
      tm: (encoded: string) => translateMessageWith(messages, locale, encoded),
      date: (d: Date | string, withTime = false) => formatDate(locale, d, withTime),
      number: (n: number) => formatNumber(locale, n),
      /** A region's, department's, category's … name in the page's language. */
      name: bindName(locale),
    }),
    [locale, messages],
  );
}

type Named = { nameFa: string; nameEn: string };

function bindName(locale: Locale) {
  function name(named: Named): string;
  function name(named: Named | null | undefined): string | null;
  function name(named: Named | null | undefined) {
    return localName(locale, named);
  }
  return name;
}
