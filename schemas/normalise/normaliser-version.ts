/**
 * The version of what normalising and validating make of a record. Raise it with any change to
 * schemas/normalise/, schemas/formats/ or schemas/validate-record.ts that can turn the same source
 * record into a different certificate or verdict: it is part of every source record's fingerprint,
 * so raising it makes the next sync of each pipeline process every record again instead of
 * counting the ones it has seen as unchanged.
 */
export const NORMALISER_VERSION = 1;
