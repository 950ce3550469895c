import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { dir, formatDate, formatNumber, translate, translateMessage, DEFAULT_LOCALE, type Locale, type MessageKey, type Params } from "~/platform/i18n";
import type { loader as rootLoader } from "~/root";

export function useLocale(): Locale {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  return data?.locale ?? DEFAULT_LOCALE;
}

/** Translation helpers bound to the page's language. */
export function useI18n() {
  const locale = useLocale();
  return useMemo(
    () => ({
      locale,
      dir: dir(locale),
      t: (key: MessageKey, params?: Params) => translate(locale, key, params),
      /** Translates an encoded validation/domain message (see platform/i18n). */
      tm: (encoded: string) => translateMessage(locale, encoded),
      date: (d: Date | string, withTime = false) => formatDate(locale, d, withTime),
      number: (n: number) => formatNumber(locale, n),
    }),
    [locale],
  );
}
