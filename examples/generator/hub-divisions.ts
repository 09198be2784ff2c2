import { divisionName } from '../../schemas/formats/division-code.ts';

/** The hub's own region: 吉安市, Jiangxi, and its counties (GB/T 2260). Organisations register here. */
export const HUB_PROVINCE = '360000';
export const HUB_CITY = '360800';
export const HUB_COUNTIES = [
  '360802', '360803', '360821', '360822', '360823', '360824', '360825',
  '360826', '360827', '360828', '360829', '360830', '360881',
] as const;

/**
 * Where the holders' resident ids were first registered: mostly the hub's counties, some from
 * elsewhere, and two 1990s codes of 吉安地区 (362421, 362422) that were later abolished — real
 * people still carry such codes, so the hub must accept them.
 */
export const BIRTH_DIVISIONS = [
  ...HUB_COUNTIES,
  '362421', '362422', '360102', '360111', '110105', '310104',
  '440305', '330106', '510107', '420106', '430104', '350203',
] as const;

const places = new Map<string, string>();

/** The name an authority of this division puts before its own: 吉安市峡江县, 井冈山市, 吉安市, 江西省. */
export function authorityPlace(code: string): string {
  const known = places.get(code);
  if (known !== undefined) return known;
  const full = divisionName(code);
  if (full === undefined) throw new RangeError(`unknown division code ${code}`);
  const county = full.replace(/^江西省/, '');
  const place = code === HUB_PROVINCE ? full : county.endsWith('县') || county.endsWith('区') ? county : county.replace(/^吉安市(?=.+市$)/, '');
  places.set(code, place);
  return place;
}

/** 峡江县, 吉州区, 井冈山市: the short name used in addresses. */
export function countyShortName(code: string): string {
  return authorityPlace(code).replace(/^吉安市/, '');
}
