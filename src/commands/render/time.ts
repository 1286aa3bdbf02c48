// Times for people: the merchant's local time to the minute. JSON keeps ISO-8601 UTC.

const two = (n: number) => String(n).padStart(2, '0');

/** "2026-11-27T23:49:12.345Z" → "2026-11-28 00:49" (in the TZ of the machine). */
export function localMinute(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}
