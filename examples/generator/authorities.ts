import { authorityPlace, HUB_CITY, HUB_COUNTIES, HUB_PROVINCE } from './hub-divisions.ts';
import { base31, makeUscc } from './make-uscc.ts';
import { hash32 } from './prng.ts';

export interface Authority {
  code: string;
  name: string;
  division: string;
}

/** Authority codes do not depend on the seed: the same hub has the same departments in every workspace. */
function authority(division: string, title: string): Authority {
  const name = `${authorityPlace(division)}${title}`;
  // 11 = 机构编制 / 机关; government organisation codes of this era start with MB.
  const body = `MB${base31(hash32('authority', name) % 31 ** 6, 6)}`;
  return { code: makeUscc('11', division, body), name, division };
}

/** 市场监督管理局 of each county: a company's licence comes from the county it registered in. */
const MARKET_REGULATORS: ReadonlyMap<string, Authority> = new Map(HUB_COUNTIES.map((c) => [c, authority(c, '市场监督管理局')]));

export const PROVINCE_HOUSING = authority(HUB_PROVINCE, '住房和城乡建设厅');
export const CITY_HOUSING = authority(HUB_CITY, '住房和城乡建设局');
export const CITY_HUMAN_RESOURCES = authority(HUB_CITY, '人力资源和社会保障局');
export const CITY_CIVIL_AFFAIRS = authority(HUB_CITY, '民政局');
export const CITY_HEALTH = authority(HUB_CITY, '卫生健康委员会');

export function marketRegulator(division: string): Authority {
  const found = MARKET_REGULATORS.get(division);
  if (!found) throw new RangeError(`no market regulator for ${division}`);
  return found;
}

export const ALL_AUTHORITIES: readonly Authority[] = [
  ...MARKET_REGULATORS.values(),
  PROVINCE_HOUSING,
  CITY_HOUSING,
  CITY_HUMAN_RESOURCES,
  CITY_CIVIL_AFFAIRS,
  CITY_HEALTH,
];
