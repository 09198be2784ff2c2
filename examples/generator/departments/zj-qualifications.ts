import { CITY_HOUSING, PROVINCE_HOUSING } from '../authorities.ts';
import { CONSTRUCTION_QUALIFICATION } from '../certificate-types.ts';
import type { DepartmentSpec } from '../department-spec.ts';
import { address, earliestForAge, issuedBetween, pad, termEnd, weighted } from '../draft-helpers.ts';
import { personName } from '../person-names.ts';

/** Grade 一级 qualifications are issued by the province, the rest by the city. */
const QUALIFICATIONS: readonly (readonly [string, boolean])[] = [
  ['建筑工程施工总承包一级', true],
  ['建筑工程施工总承包二级', false],
  ['市政公用工程施工总承包一级', true],
  ['市政公用工程施工总承包二级', false],
  ['建筑装修装饰工程专业承包一级', true],
  ['建筑装修装饰工程专业承包二级', false],
  ['地基基础工程专业承包二级', false],
  ['钢结构工程专业承包二级', false],
  ['环保工程专业承包三级', false],
  ['施工劳务不分等级', false],
];

/** 住建局: construction enterprise qualifications, an .xlsx export with a merged title row above the header. */
export const ZJ_QUALIFICATIONS: DepartmentSpec = {
  key: 'zj',
  pipeline: 'zj-construction-qualifications',
  department: '住房和城乡建设局',
  certType: CONSTRUCTION_QUALIFICATION,
  share: 0.2,
  format: 'xlsx',
  encoding: 'utf-8',
  bom: false,
  file: 'data/zj-qualifications.xlsx',
  sheet: '资质证书',
  title: (today) => `吉安市建筑业企业资质证书信息表（数据导出日期：${today}）`,
  header: ['证书编号', '企业名称', '统一社会信用代码', '资质类别及等级', '法定代表人', '企业注册地址', '发证机关', '发证机关代码', '发证日期', '有效期至', '证书状态', '更新时间'],
  columns: {
    cert_number: '证书编号',
    holder_name: '企业名称',
    holder_id: '统一社会信用代码',
    issuer_name: '发证机关',
    issuer_code: '发证机关代码',
    issued_on: '发证日期',
    valid_until: '有效期至',
    status: '证书状态',
    source_updated_at: '更新时间',
  },
  orgFlavour: () => 'construction',
  stampStyle: 'space',
  longTerm: '长期',
  // The 住建部 code list.
  statusWords: { valid: ['01'], suspended: ['02'], revoked: ['03', '07'], cancelled: ['04', '06'], expired: ['05'] },
  unknownStatuses: ['99', '08', '作废?'],

  draft(input) {
    const { rng, holder, index } = input;
    const [qualification, byProvince] = rng.pick(QUALIFICATIONS);
    // Qualifications run five years; a window of eight makes a good share of them expired.
    const issuedOn = issuedBetween(input, earliestForAge(input, 8, 0));
    return {
      certNumber: `D${byProvince ? 2 : 3}${pad(index + 1, 8)}`,
      holder,
      issuer: byProvince ? PROVINCE_HOUSING : CITY_HOUSING,
      issuedOn,
      validUntil: termEnd(issuedOn, 5),
      status: weighted(rng, [['valid', 88], ['cancelled', 4], ['revoked', 3], ['expired', 3], ['suspended', 2]]),
      updatedAt: input.updatedAt,
      surface: {
        资质类别及等级: qualification,
        法定代表人: personName(rng.int(0x1_0000_0000), rng.chance(0.8)),
        企业注册地址: address(rng, holder.division!),
      },
    };
  },

  revise: (_draft, rng) => ({ column: '法定代表人', value: personName(rng.int(0x1_0000_0000), rng.chance(0.8)) }),
};
