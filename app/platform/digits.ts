// Persian (۰–۹) and Arabic-Indic (٠–٩) digits, as Persian keyboards and phones type them, read as
// 0–9. One helper for every input that takes numbers (phones, codes, amounts, coordinates). Client-safe.
export function latinDigits(value: string): string {
  return value.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}
