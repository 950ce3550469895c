// Money on the budgeting pages. Amounts are BigInt rials in the database and travel to the page as
// decimal strings. Persian readers see tomans (rials / 10, as prices are spoken in Iran) with
// Persian digits and «تومان»; English readers see rials with "IRR".
import type { Locale } from "~/platform/i18n";

const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

/** Latin digits → Persian digits in fa (for codes like member numbers); unchanged in en. */
export function localDigits(locale: Locale, text: string) {
  return locale === "fa" ? text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]) : text;
}

function toBigInt(value: string | number | bigint): bigint {
  if (typeof value === "bigint") return value;
  try {
    return BigInt(typeof value === "number" ? Math.trunc(value) : value.trim() || "0");
  } catch {
    return 0n;
  }
}

/** "۱۲٬۵۰۰٬۰۰۰ تومان" (fa) or "125,000,000 IRR" (en) for an amount in rials. */
export function formatMoney(locale: Locale, rials: string | number | bigint) {
  const amount = toBigInt(rials);
  if (locale === "fa") {
    const negative = amount < 0n;
    const abs = negative ? -amount : amount;
    const whole = new Intl.NumberFormat("fa-IR").format(abs / 10n);
    // A rial amount that is not a whole number of tomans keeps its last digit as a decimal.
    const fraction = abs % 10n === 0n ? "" : `٫${PERSIAN_DIGITS[Number(abs % 10n)]}`;
    return `${negative ? "−" : ""}${whole}${fraction} تومان`;
  }
  return `${new Intl.NumberFormat("en-GB").format(amount)} IRR`;
}
