import { Mod37_36 } from '@konfirm/iso7064';

const ROOT = '1.2.156.3005.2.';
const SHAPE = /^1\.2\.156\.3005\.2\.([0-9A-Z]+)\.([0-9A-Z]+)\.([0-9A-Z]+)\.([0-9]{3})\.([0-9A-Z*])$/;

export interface CertIdentifierParts {
  typeCode: string;
  issuerCode: string;
  serial: string;
  version: string;
  check: string;
}

/** Splits a 电子证照标识 (GB/T 36904); undefined when it does not have the standard's shape. */
export function parseCertIdentifier(value: string): CertIdentifierParts | undefined {
  if (!value.startsWith(ROOT)) return undefined;
  const m = SHAPE.exec(value);
  if (!m) return undefined;
  return { typeCode: m[1]!, issuerCode: m[2]!, serial: m[3]!, version: m[4]!, check: m[5]! };
}

/** ISO/IEC 7064 MOD 37,36 over type code + issuer code + serial + version (no dots, no root). */
export function certIdentifierCheck(parts: Omit<CertIdentifierParts, 'check'>): string {
  return Mod37_36.checksum(parts.typeCode + parts.issuerCode + parts.serial + parts.version);
}
