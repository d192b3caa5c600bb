/**
 * Prices as people type and read them, and as the server keeps them: a whole number of the
 * currency's minor units (cents, won). How many minor digits a currency has comes from Intl
 * (USD 2, KRW and JPY 0).
 */
import type { Price } from "../../../src/protocol";

/** Currencies the object form offers; any ISO 4217 code works everywhere else. */
export const CURRENCIES = ["KRW", "USD", "EUR", "JPY", "GBP"] as const;

/** The currency's minor digits (2 for USD: 1 dollar is 100 cents). */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * What someone typed ("12.50", "350,000") in minor units; null when it is not an amount
 * with at most the currency's minor digits.
 */
export function toMinor(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const plain = text.trim().replace(/[,\s_]/g, "");
  const match = /^(\d+)(?:\.(\d*))?$/.exec(plain);
  if (!match) return null;
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > digits) return null;
  const amount = Number(whole + fraction.padEnd(digits, "0"));
  return Number.isSafeInteger(amount) ? amount : null;
}

/** Minor units back as the form shows them ("12.50" for 1250 USD, "350000" for KRW). */
export function fromMinor(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(amount);
  const text = String(amount).padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** A price as a reader sees it in their language: "₩350,000", "$12.50". */
export function formatPrice(lang: string, price: Price): string {
  const digits = minorDigits(price.currency);
  try {
    return new Intl.NumberFormat(lang, { style: "currency", currency: price.currency }).format(
      price.amount / 10 ** digits,
    );
  } catch {
    return `${fromMinor(price.amount, price.currency)} ${price.currency}`;
  }
}
