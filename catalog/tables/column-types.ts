import type { ColumnType } from 'kysely';

/** Set by the database on insert unless given. */
type Defaulted<T> = ColumnType<T, T | string | undefined, T | string>;
export type Timestamp = Defaulted<Date>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb: read back parsed, written as JSON text so pg and PGlite serialise it the same way. */
export type Json<T> = ColumnType<T, string, string>;
export type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
export type Counter = ColumnType<number, number | undefined, number>;
