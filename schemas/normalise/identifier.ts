import { classifyId } from '../formats/classify-id.ts';
import type { IdResult } from '../formats/id-result.ts';
import { checkResidentId, upgradeResidentId15 } from '../formats/resident-id.ts';
import { checkUscc } from '../formats/uscc.ts';
import type { HolderKind } from '../types.ts';
import { cleanCode, cleanText } from './text.ts';

/** 持证主体代码类型代码 (GB/T 36903 Annex A, as platforms use it). */
const HOLDER_ID_TYPES: Readonly<Record<string, { name: string; kind: HolderKind }>> = {
  '001': { name: '统一社会信用代码', kind: 'organisation' },
  '099': { name: '其他法人或其他组织有效证件代码', kind: 'organisation' },
  '111': { name: '公民身份号码', kind: 'person' },
  '114': { name: '中国人民解放军军官证', kind: 'person' },
  '115': { name: '中国人民武装警察警官证', kind: 'person' },
  '118': { name: '中国人民解放军士兵证', kind: 'person' },
  '119': { name: '中国人民武装警察士兵证', kind: 'person' },
  '120': { name: '中国人民解放军文职人员证', kind: 'person' },
  '122': { name: '中国人民武装警察文职人员证', kind: 'person' },
  '411': { name: '外交护照', kind: 'person' },
  '412': { name: '公务护照', kind: 'person' },
  '413': { name: '因公普通护照', kind: 'person' },
  '414': { name: '普通护照', kind: 'person' },
  '511': { name: '台湾居民来往大陆通行证', kind: 'person' },
  '516': { name: '港澳居民来往内地通行证', kind: 'person' },
  '999': { name: '其他自然人有效证件代码', kind: 'person' },
};

const USCC_TYPE = '001';
const RESIDENT_ID_TYPE = '111';
const OTHER_PERSON_TYPE = '999';

const DEFAULT_TYPE: Record<HolderKind, string> = { organisation: USCC_TYPE, person: RESIDENT_ID_TYPE };

/** Residence permits (810000/820000/830000) and the 2023 permanent-resident card (9 + province) carry a GB 11643 check. */
const RESIDENT_ID_FORM_UNDER_999 = /^(?:8[123]0000|9\d)/;

function holderKindOfIdType(type: string): HolderKind | undefined {
  return Object.hasOwn(HOLDER_ID_TYPES, type) ? HOLDER_ID_TYPES[type]!.kind : undefined;
}

/** True when a holder id of this type has a GB 11643 check digit to verify. */
function isResidentIdForm(type: string, value: string): boolean {
  return type === RESIDENT_ID_TYPE || (type === OTHER_PERSON_TYPE && RESIDENT_ID_FORM_UNDER_999.test(value));
}

/** The check a holder id of this type must pass; undefined for types without a check digit. */
export function checkHolderId(value: string, type: string, today: Date = new Date()): IdResult | undefined {
  if (type === USCC_TYPE) return checkUscc(value);
  if (isResidentIdForm(type, value)) return checkResidentId(value, today);
  return undefined;
}

/** YAML reads an unquoted `001` as the number 1, and spreadsheets drop the zeros: pad back to three digits. */
function normaliseHolderIdType(input: unknown): unknown {
  if (typeof input === 'number') return Number.isInteger(input) && input >= 0 && input < 1000 ? String(input).padStart(3, '0') : input;
  if (typeof input !== 'string') return input;
  const code = cleanCode(input);
  if (code === '') return undefined;
  return /^\d{1,2}$/.test(code) ? code.padStart(3, '0') : code;
}

const KIND_WORDS: Readonly<Record<string, HolderKind>> = {
  person: 'person',
  个人: 'person',
  自然人: 'person',
  organisation: 'organisation',
  organization: 'organisation',
  法人: 'organisation',
  组织: 'organisation',
  单位: 'organisation',
  企业: 'organisation',
  法人或其他组织: 'organisation',
};

function normaliseHolderKind(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  const word = cleanText(input).toLowerCase();
  if (word === '') return undefined;
  return Object.hasOwn(KIND_WORDS, word) ? KIND_WORDS[word] : word;
}

/**
 * Checked identifiers (USCC, resident-id forms) lose every space and hyphen and 15-digit resident
 * ids become 18 digits; ids without a check digit (passports, military ids) are only trimmed and
 * upper-cased, because their spacing may be part of the number.
 */
function normaliseHolderId(input: unknown, type: string | undefined): unknown {
  if (typeof input === 'number') return Number.isSafeInteger(input) ? String(input) : input;
  if (typeof input !== 'string') return input;
  const code = cleanCode(input);
  if (code === '') return undefined;
  if (type === RESIDENT_ID_TYPE && /^\d{15}$/.test(code)) return upgradeResidentId15(code);
  if (type === undefined || type === USCC_TYPE || isResidentIdForm(type, code)) return code;
  return cleanText(input).toUpperCase();
}

export interface HolderIdentity {
  holder_id?: unknown;
  holder_kind?: unknown;
  holder_id_type?: unknown;
}

/**
 * Fills holder_kind and holder_id_type the way standards.md "Holder identity types" says: a known
 * kind gives 001 / 111; a known type gives its kind; with neither, the check the holder id passes
 * decides. A value that passes no check is left without a type, and validation reports it as
 * `invalid_identifier`.
 */
export function normaliseHolderIdentity(input: HolderIdentity, kindOfCertType: HolderKind | undefined, today: Date = new Date()): HolderIdentity {
  let kind = normaliseHolderKind(input.holder_kind) ?? kindOfCertType;
  let type = normaliseHolderIdType(input.holder_id_type);
  if (type === undefined && (kind === 'person' || kind === 'organisation')) type = DEFAULT_TYPE[kind];
  if (kind === undefined && typeof type === 'string') kind = holderKindOfIdType(type);
  if (type === undefined && kind === undefined && typeof input.holder_id === 'string') {
    const found = classifyId(input.holder_id, today);
    if (found.valid && found.kind === 'uscc') [type, kind] = [USCC_TYPE, 'organisation'];
    if (found.valid && found.kind === 'resident-id') [type, kind] = [RESIDENT_ID_TYPE, 'person'];
  }
  const out: HolderIdentity = {};
  const id = normaliseHolderId(input.holder_id, typeof type === 'string' ? type : undefined);
  if (id !== undefined) out.holder_id = id;
  if (kind !== undefined) out.holder_kind = kind;
  if (type !== undefined) out.holder_id_type = type;
  return out;
}
