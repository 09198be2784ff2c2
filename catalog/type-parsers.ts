import pg from 'pg';

/**
 * The same JavaScript types from PGlite and from a Postgres server: int8 (counts, sequence
 * numbers — far below 2^53) as number, and `date` as its 'YYYY-MM-DD' text, because a
 * calendar date turned into a Date would shift with the process time zone.
 * timestamptz stays a Date and jsonb is parsed on both.
 */
const INT8 = 20;
const DATE = 1082;

const parseInt8 = (value: string): number => Number(value);
const keepText = (value: string): string => value;

export const PGLITE_PARSERS: Record<number, (value: string) => unknown> = {
  [INT8]: parseInt8,
  [DATE]: keepText,
};

function getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
  if (format !== 'binary') {
    if (oid === INT8) return parseInt8;
    if (oid === DATE) return keepText;
  }
  return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
}

// pg types getTypeParser as a set of overloads that a single function cannot be declared to match.
export const PG_TYPES = { getTypeParser } as unknown as pg.CustomTypesConfig;
