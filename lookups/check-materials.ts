import type { CertStatus, Material } from '../schemas/types.ts';

export const MATERIAL_STATUSES = ['satisfied', 'missing', 'expired', 'revoked', 'not_replaceable'] as const;
export type MaterialStatus = (typeof MATERIAL_STATUSES)[number];

/** The fields of a held certificate that the decision reads. */
export interface HeldCertificate {
  cert_type_code: string;
  issuer_code: string;
  cert_number: string;
  issued_on: string;
  valid_until: string | null;
  status: CertStatus;
}

export interface CertificateUsed {
  cert_type_code: string;
  issuer_code: string;
  cert_number: string;
  valid_until: string | null;
  status: CertStatus;
}

export interface MaterialCheck {
  material_code: string;
  name: string;
  required: boolean;
  accepted_cert_types: string[];
  status: MaterialStatus;
  /** satisfied: the certificate used; expired / revoked: the one found instead. */
  certificate?: CertificateUsed;
  /** For `revoked`: what the certificate actually is. */
  certificate_status?: 'revoked' | 'cancelled' | 'suspended';
}

export interface MaterialTotals {
  materials: number;
  /** Materials some certificate type can replace. */
  waivable: number;
  satisfied: number;
}

export interface MaterialsDecision {
  materials: MaterialCheck[];
  totals: MaterialTotals;
}

type Withdrawn = NonNullable<MaterialCheck['certificate_status']>;
const WITHDRAWN: ReadonlySet<CertStatus> = new Set<Withdrawn>(['revoked', 'cancelled', 'suspended']);

function isWithdrawn(status: CertStatus): status is Withdrawn {
  return WITHDRAWN.has(status);
}

/** Dates are ISO strings, so they compare as text; a long-term certificate (null) never expires. */
function isExpired(c: HeldCertificate, today: string): boolean {
  return c.status === 'expired' || (c.valid_until !== null && c.valid_until < today);
}

function isValid(c: HeldCertificate, today: string): boolean {
  return c.status === 'valid' && !isExpired(c, today);
}

/** Latest valid_until first (long-term counts as latest), then latest issued, then by number so the choice is stable. */
function compareBest(a: HeldCertificate, b: HeldCertificate): number {
  if (a.valid_until !== b.valid_until) {
    if (a.valid_until === null) return -1;
    if (b.valid_until === null) return 1;
    return a.valid_until > b.valid_until ? -1 : 1;
  }
  if (a.issued_on !== b.issued_on) return a.issued_on > b.issued_on ? -1 : 1;
  return a.cert_number < b.cert_number ? -1 : a.cert_number > b.cert_number ? 1 : 0;
}

function best(list: HeldCertificate[]): HeldCertificate | undefined {
  return list.length === 0 ? undefined : [...list].sort(compareBest)[0];
}

function used(c: HeldCertificate): CertificateUsed {
  return {
    cert_type_code: c.cert_type_code,
    issuer_code: c.issuer_code,
    cert_number: c.cert_number,
    valid_until: c.valid_until,
    status: c.status,
  };
}

function checkMaterial(material: Material, held: HeldCertificate[], today: string): MaterialCheck {
  const head = {
    material_code: material.material_code,
    name: material.name,
    required: material.required,
    accepted_cert_types: material.accepted_cert_types,
  };
  if (material.accepted_cert_types.length === 0) return { ...head, status: 'not_replaceable' };
  const accepted = new Set(material.accepted_cert_types);
  const candidates = held.filter((c) => accepted.has(c.cert_type_code));
  const valid = best(candidates.filter((c) => isValid(c, today)));
  if (valid !== undefined) return { ...head, status: 'satisfied', certificate: used(valid) };
  const expired = best(candidates.filter((c) => isExpired(c, today)));
  if (expired !== undefined) return { ...head, status: 'expired', certificate: used(expired) };
  const withdrawn = best(candidates.filter((c) => isWithdrawn(c.status)));
  if (withdrawn !== undefined && isWithdrawn(withdrawn.status)) {
    return { ...head, status: 'revoked', certificate: used(withdrawn), certificate_status: withdrawn.status };
  }
  return { ...head, status: 'missing' };
}

/**
 * Decides, for every material of a matter, whether a certificate the holder already holds
 * replaces it (免证办理). `today` is the Asia/Shanghai date, YYYY-MM-DD.
 */
export function checkMaterials(materials: Material[], held: HeldCertificate[], today: string): MaterialsDecision {
  const checks = materials.map((m) => checkMaterial(m, held, today));
  return {
    materials: checks,
    totals: {
      materials: checks.length,
      waivable: checks.filter((c) => c.status !== 'not_replaceable').length,
      satisfied: checks.filter((c) => c.status === 'satisfied').length,
    },
  };
}
