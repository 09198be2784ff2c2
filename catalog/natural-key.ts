import { keyOf } from './stored-certificate.ts';

const KEY_FIELDS = {
  certificate: ['cert_type_code', 'issuer_code', 'cert_number'],
  matter: ['matter_code'],
} as const;

/**
 * The natural key of a record as quarantine rows store it, so that a later load of the same key
 * resolves them. Null when a key field is missing or is the field that failed (`badPath`, a JSON
 * pointer): a key read from a broken field would name some other record.
 */
export function naturalKeyOf(entity: keyof typeof KEY_FIELDS, record: Record<string, unknown>, badPath?: string): string | null {
  const fields = KEY_FIELDS[entity];
  for (const field of fields) {
    const value = record[field];
    if (typeof value !== 'string' || value === '') return null;
    if (badPath !== undefined && (badPath === `/${field}` || badPath.startsWith(`/${field}/`))) return null;
  }
  if (entity === 'matter') return record.matter_code as string;
  return keyOf(record as { cert_type_code: string; issuer_code: string; cert_number: string });
}
