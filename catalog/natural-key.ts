/** A certificate's natural key: (cert_type_code, issuer_code, cert_number). */
export interface NaturalKey {
  cert_type_code: string;
  issuer_code: string;
  cert_number: string;
}

/** The fields of each entity's natural key. */
export const KEY_FIELDS = {
  certificate: ['cert_type_code', 'issuer_code', 'cert_number'],
  matter: ['matter_code'],
} as const;

/** The one string form of a certificate's natural key: for maps and sets, and as quarantine rows store it. */
export function keyOf(c: NaturalKey): string {
  return JSON.stringify([c.cert_type_code, c.issuer_code, c.cert_number]);
}

/** The natural key of a record that failed a check, when all its key fields are there. */
export function readCertificateKey(record: Record<string, unknown>): NaturalKey | undefined {
  const { cert_type_code, issuer_code, cert_number } = record;
  if (typeof cert_type_code !== 'string' || typeof issuer_code !== 'string' || typeof cert_number !== 'string') return undefined;
  if (cert_type_code === '' || issuer_code === '' || cert_number === '') return undefined;
  return { cert_type_code, issuer_code, cert_number };
}

/**
 * The natural key of a record as quarantine rows store it, so that a later load of the same key
 * resolves them. Null when a key field is missing or is the field that failed (`badPath`, a JSON
 * pointer): a key read from a broken field would name some other record.
 */
export function naturalKeyOf(entity: keyof typeof KEY_FIELDS, record: Record<string, unknown>, badPath?: string): string | null {
  const broken = (field: string) => badPath !== undefined && (badPath === `/${field}` || badPath.startsWith(`/${field}/`));
  if (KEY_FIELDS[entity].some(broken)) return null;
  if (entity === 'matter') return typeof record.matter_code === 'string' && record.matter_code !== '' ? record.matter_code : null;
  const key = readCertificateKey(record);
  return key ? keyOf(key) : null;
}
