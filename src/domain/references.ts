// How a person may name things they cannot be expected to type in full (docs/references.md):
// an order by its shop-wide number, anything with an id by a unique prefix of that id.

/** The first order number; later orders count up from it in order of placing. */
export const FIRST_ORDER_NUMBER = 1001;

/** The shortest id prefix accepted: shorter ones would match too much to be safe to type. */
export const MIN_ID_PREFIX = 6;

/** `1001` or `#1001` → 1001; anything else → undefined. */
export function parseOrderNumber(text: string): number | undefined {
  const match = /^#?(\d{1,15})$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  return value >= FIRST_ORDER_NUMBER ? value : undefined;
}

/** The order number following the last one given (none yet: the first). */
export function nextOrderNumber(last: number | undefined): number {
  return last === undefined ? FIRST_ORDER_NUMBER : last + 1;
}

/** Whether `text` can be the start of an id (lower-case hex and dashes, at least six). */
export function isIdPrefix(text: string): boolean {
  const key = text.trim().toLowerCase();
  return key.length >= MIN_ID_PREFIX && key.length < 36 && /^[0-9a-f][0-9a-f-]*$/.test(key);
}

/** How ids are shown to people: the first eight characters. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** `#1001` as people see it. */
export function orderLabel(number: number | null | undefined, id: string): string {
  return number == null ? shortId(id) : `#${number}`;
}
