import type { CertStatus } from '../../schemas/types.ts';
import type { DepartmentKey, Holder } from './department-spec.ts';
import type { OrgFlavour } from './org-names.ts';
import type { OrgRegistry } from './org-registry.ts';
import type { PersonRegistry } from './person-registry.ts';

/** long: no end date; future: ends after today; expired: ended before today. */
export type Validity = 'long' | 'future' | 'expired';

/** A row whose holder (and optionally validity and status) is fixed in advance; always written clean. */
export interface ForcedRow {
  holder: Holder;
  validity?: Validity;
  status?: CertStatus;
  /** Filled in when the row is written. */
  certNumber?: string;
  issuerCode?: string;
  /** Filled in when the row is written: status valid and not past valid_until today. */
  validNow?: boolean;
}

export interface SharedHolder {
  holder: Holder;
  rows: { department: DepartmentKey; row: ForcedRow }[];
}

export interface HolderPlan {
  forced: Record<DepartmentKey, Map<number, ForcedRow>>;
  /** Number of the first ordinary holder of each department (person or organisation registry). */
  base: Record<DepartmentKey, number>;
  demo: {
    full: { holder: Holder; physician: ForcedRow; qualification: ForcedRow; marriage: ForcedRow };
    partial: { holder: Holder; physician: ForcedRow; qualification: ForcedRow };
    organisation: { holder: Holder; licence: ForcedRow; construction: ForcedRow };
    revoked: { holder: Holder; licence: ForcedRow };
    /** Holds nothing anywhere. */
    missing: { holder: Holder };
  };
  shared: SharedHolder[];
}

/** Which person departments the j-th shared person holds certificates in. */
const PERSON_PATTERNS: readonly DepartmentKey[][] = [
  ['rs', 'wj'],
  ['rs', 'mz'],
  ['mz', 'wj'],
  ['rs', 'mz', 'wj'],
];

function personHolder(persons: PersonRegistry, k: number): Holder {
  const p = persons.get(k);
  return { kind: 'person', id: p.id, name: p.name, male: p.male, birthDay: p.birthDay };
}

export function orgHolder(orgs: OrgRegistry, k: number, flavour: OrgFlavour): Holder {
  const o = orgs.get(k, flavour);
  return { kind: 'organisation', id: o.id, name: o.name, division: o.division };
}

/**
 * Reserves holder numbers and rows for the demo holders (at the top of each file) and for holders
 * shared between departments (spread through the files), and hands every department a block of
 * fresh holder numbers for its other rows, so that no holder appears anywhere by accident.
 */
export function planHolders(rows: Record<DepartmentKey, number>, persons: PersonRegistry, orgs: OrgRegistry): HolderPlan {
  const forced: Record<DepartmentKey, Map<number, ForcedRow>> = { scjg: new Map(), zj: new Map(), rs: new Map(), mz: new Map(), wj: new Map() };
  const top: Record<DepartmentKey, number> = { scjg: 0, zj: 0, rs: 0, mz: 0, wj: 0 };
  const atTop = (department: DepartmentKey, row: ForcedRow): ForcedRow => {
    forced[department].set(top[department]++, row);
    return row;
  };

  const fullHolder = personHolder(persons, 0);
  const partialHolder = personHolder(persons, 1);
  const orgDemo = orgHolder(orgs, 0, 'construction');
  const revokedDemo = orgHolder(orgs, 1, 'general');
  const missingDemo = orgHolder(orgs, 2, 'general');
  const demo: HolderPlan['demo'] = {
    full: {
      holder: fullHolder,
      physician: atTop('wj', { holder: fullHolder, validity: 'long', status: 'valid' }),
      qualification: atTop('rs', { holder: fullHolder, validity: 'long', status: 'valid' }),
      marriage: atTop('mz', { holder: fullHolder, validity: 'long', status: 'valid' }),
    },
    partial: {
      holder: partialHolder,
      physician: atTop('wj', { holder: partialHolder, validity: 'expired', status: 'valid' }),
      qualification: atTop('rs', { holder: partialHolder, validity: 'long', status: 'valid' }),
    },
    organisation: {
      holder: orgDemo,
      licence: atTop('scjg', { holder: orgDemo, validity: 'long', status: 'valid' }),
      construction: atTop('zj', { holder: orgDemo, validity: 'future', status: 'valid' }),
    },
    revoked: { holder: revokedDemo, licence: atTop('scjg', { holder: revokedDemo, validity: 'long', status: 'revoked' }) },
    missing: { holder: missingDemo },
  };

  const sharedPersons = Math.max(1, Math.floor(Math.min(rows.rs, rows.mz, rows.wj) / 100));
  const sharedOrgs = Math.max(1, Math.floor(rows.zj / 20));
  const shared: SharedHolder[] = [];
  const wanted: Record<DepartmentKey, ForcedRow[]> = { scjg: [], zj: [], rs: [], mz: [], wj: [] };
  for (let j = 0; j < sharedPersons; j++) {
    const holder = personHolder(persons, 2 + j);
    const entry: SharedHolder = { holder, rows: [] };
    for (const department of PERSON_PATTERNS[j % PERSON_PATTERNS.length]!) {
      const row: ForcedRow = { holder };
      wanted[department].push(row);
      entry.rows.push({ department, row });
    }
    shared.push(entry);
  }
  for (let j = 0; j < sharedOrgs; j++) {
    const holder = orgHolder(orgs, 3 + j, 'construction');
    const entry: SharedHolder = { holder, rows: [] };
    for (const department of ['scjg', 'zj'] as const) {
      const row: ForcedRow = { holder };
      wanted[department].push(row);
      entry.rows.push({ department, row });
    }
    shared.push(entry);
  }
  for (const department of Object.keys(wanted) as DepartmentKey[]) {
    const list = wanted[department];
    const start = top[department];
    const room = rows[department] - start;
    if (room < list.length) throw new RangeError(`${department}: ${rows[department]} rows cannot hold ${start + list.length} planned holders`);
    list.forEach((row, j) => forced[department].set(start + Math.floor((j * room) / list.length), row));
  }

  const personStart = 2 + sharedPersons;
  const orgStart = 3 + sharedOrgs;
  const base: Record<DepartmentKey, number> = {
    rs: personStart,
    mz: personStart + rows.rs,
    wj: personStart + rows.rs + rows.mz,
    scjg: orgStart,
    zj: orgStart + rows.scjg,
  };
  if (base.wj + rows.wj > persons.size) throw new RangeError('too many rows for the resident-id space');
  return { forced, base, demo, shared };
}
