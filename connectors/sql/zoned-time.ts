import { LRUCache } from 'lru-cache';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(zone, f);
  }
  return f;
}

/** Throws a RangeError for a zone name the runtime does not know. */
export function checkTimeZone(zone: string): void {
  format(zone);
}

/** The wall clock of `zone` at an instant, as milliseconds of a UTC date with the same fields. */
function wallClock(zone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of format(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

// formatToParts is the slow part of reading a time column; offsets change at whole minutes, so
// rows of the same minute share one lookup.
const offsets = new LRUCache<string, number>({ max: 20_000 });

/** Minutes east of UTC in `zone` at an instant. */
export function offsetMinutes(zone: string, ms: number): number {
  const minute = Math.floor(ms / 60_000) * 60_000;
  const key = `${zone} ${minute}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = Math.round((wallClock(zone, minute) - minute) / 60_000);
    offsets.set(key, offset);
  }
  return offset;
}

function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;
const ZONED = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?(?::\d{2})?)$/;

/**
 * A wall-clock time as the source stores it (`2024-05-01 08:30:00[.ffffff]`) to an ISO time with
 * the offset `zone` had then. Text that is not such a time (MySQL's zero date, `infinity`) comes
 * back unchanged so that validation names it.
 */
export function wallToIso(wall: string, zone: string): string {
  const m = WALL.exec(wall);
  if (!m || m[1] === '0000') return wall;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  // The offset at the wall time itself; a second look settles times next to a DST change.
  const first = offsetMinutes(zone, asUtc);
  const offset = offsetMinutes(zone, asUtc - first * 60_000);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}${offsetText(offset)}`;
}

function isoOffset(zone: string): string {
  if (zone === 'Z') return '+00:00';
  const m = /^([+-]\d{2}):?(\d{2})?/.exec(zone)!;
  return `${m[1]}:${m[2] ?? '00'}`;
}

/** A time with an offset as Postgres prints it (`2024-05-01 08:30:00+08`) to ISO form. */
export function zonedToIso(text: string, zone: string): string {
  const m = ZONED.exec(text);
  if (!m) return wallToIso(text, zone);
  return `${m[1]}T${m[2]}${m[3] ?? ''}${isoOffset(m[4]!)}`;
}

/**
 * An ISO time with an offset (as this connector reads them out, and as they come back in a stored
 * cursor) to the wall clock of `zone`, the form the source compares its columns in; undefined for
 * any other value. `shiftMs` moves the instant back (the lag window; to the second, which only
 * widens the window).
 */
export function isoToWall(value: unknown, zone: string, shiftMs = 0): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ZONED.exec(value);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}${isoOffset(m[4]!)}`);
  if (Number.isNaN(ms)) return undefined;
  const wall = new Date(wallClock(zone, ms - shiftMs)).toISOString().slice(0, 19).replace('T', ' ');
  return shiftMs === 0 ? `${wall}${m[3] ?? ''}` : wall;
}
