/** The process's time zone, e.g. `Asia/Shanghai`: the zone `formatLocalTime` writes in. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `2026-11-26 23:29:15+08:00`: local wall time with its offset, so a reader never guesses the zone. */
export function formatLocalTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
}
