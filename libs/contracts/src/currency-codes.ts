/**
 * ISO 4217 currency codes in use, from the ICU data every Node build ships (full-icu is the default
 * since Node 13): the list is kept up to date with the runtime instead of a copy in this repository.
 * A code such as "XXZ" (not a currency) or "usd" (lower case) is refused at every door.
 */
const CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(code: string): boolean {
  return CODES.has(code);
}
