import { expect, it } from 'vitest';
import { isoToWall, wallToIso, zonedToIso } from '../../../connectors/sql/zoned-time.ts';

it('gives a wall-clock time the offset its zone had then, daylight saving included', () => {
  expect(wallToIso('2024-05-01 08:30:00', 'Asia/Shanghai')).toBe('2024-05-01T08:30:00+08:00');
  expect(wallToIso('2024-01-10 12:00:00.250', 'America/New_York')).toBe('2024-01-10T12:00:00.250-05:00');
  expect(wallToIso('2024-07-10 12:00:00', 'America/New_York')).toBe('2024-07-10T12:00:00-04:00');
  // Two rows a minute apart on either side of a change must not share a cached offset.
  expect(wallToIso('2024-03-10 01:59:00', 'America/New_York')).toBe('2024-03-10T01:59:00-05:00');
  expect(wallToIso('2024-03-10 03:00:00', 'America/New_York')).toBe('2024-03-10T03:00:00-04:00');
  expect(wallToIso('0000-00-00 00:00:00', 'Asia/Shanghai'), 'MySQL zero date left for validation to name').toBe('0000-00-00 00:00:00');
});

it('reads Postgres timestamptz text and turns ISO times back into the source wall clock', () => {
  expect(zonedToIso('2024-05-01 08:30:00+08', 'Asia/Shanghai')).toBe('2024-05-01T08:30:00+08:00');
  expect(zonedToIso('2024-05-01 08:30:00.5+05:30', 'Asia/Kolkata')).toBe('2024-05-01T08:30:00.5+05:30');
  expect(isoToWall('2024-05-01T08:30:00.123456+08:00', 'Asia/Shanghai')).toBe('2024-05-01 08:30:00.123456');
  expect(isoToWall('2024-05-01T00:30:00+00:00', 'Asia/Shanghai')).toBe('2024-05-01 08:30:00');
  expect(isoToWall('2024-05-01T08:30:00+08:00', 'Asia/Shanghai', 10 * 60_000), 'a lag moves the instant back').toBe('2024-05-01 08:20:00');
  expect(isoToWall(42, 'Asia/Shanghai')).toBeUndefined();
  expect(isoToWall('YYZZ1', 'Asia/Shanghai')).toBeUndefined();
});
