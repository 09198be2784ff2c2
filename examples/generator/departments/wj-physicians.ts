import { CITY_HEALTH } from '../authorities.ts';
import { PHYSICIAN_LICENCE } from '../certificate-types.ts';
import type { DepartmentSpec } from '../department-spec.ts';
import { earliestForAge, issuedBetween, pad, termEnd, weighted } from '../draft-helpers.ts';

const PRACTICE: readonly { category: string; scopes: readonly string[] }[] = [
  { category: '临床', scopes: ['内科专业', '外科专业', '妇产科专业', '儿科专业', '急救医学专业', '医学影像和放射治疗专业', '全科医学专业'] },
  { category: '中医', scopes: ['中医专业', '中西医结合专业', '针灸推拿专业'] },
  { category: '口腔', scopes: ['口腔专业'] },
  { category: '公共卫生', scopes: ['公共卫生类别专业'] },
];
const HOSPITALS = [
  '吉安市中心人民医院', '吉安市第一人民医院', '吉安市第三人民医院', '吉安市中医院', '吉安市妇幼保健院', '井冈山大学附属医院',
  '峡江县人民医院', '泰和县人民医院', '永新县中医院', '遂川县人民医院', '安福县人民医院', '万安县人民医院', '吉水县人民医院',
  '新干县人民医院', '永丰县中医院', '吉州区人民医院', '青原区妇幼保健院', '吉安县疾病预防控制中心',
];

/** 卫健委: physician practice licences (医师执业证书), an .xlsx export with the header on row 1. */
export const WJ_PHYSICIANS: DepartmentSpec = {
  key: 'wj',
  pipeline: 'wj-physician-licences',
  department: '卫生健康委员会',
  certType: PHYSICIAN_LICENCE,
  share: 0.1,
  format: 'xlsx',
  encoding: 'utf-8',
  bom: false,
  file: 'data/wj-physicians.xlsx',
  sheet: '医师执业注册',
  header: ['证书编码', '姓名', '性别', '身份证号', '执业类别', '执业范围', '主要执业机构', '发证日期', '有效期至', '状态', '更新时间'],
  columns: {
    cert_number: '证书编码',
    holder_name: '姓名',
    holder_id: '身份证号',
    issued_on: '发证日期',
    valid_until: '有效期至',
    status: '状态',
    source_updated_at: '更新时间',
  },
  fixedIssuer: CITY_HEALTH,
  stampStyle: 'space',
  longTerm: '长期',
  statusWords: { valid: ['有效', '在用'], cancelled: ['注销'], suspended: ['暂扣', '中止'], revoked: ['吊销'] },
  unknownStatuses: ['99', '作废?', '待注册'],

  draft(input) {
    const { rng, holder, index } = input;
    const practice = rng.pick(PRACTICE);
    const issuedOn = issuedBetween(input, earliestForAge(input, 30, 24));
    return {
      // 15-digit 医师执业证书编码: 1 + the registering division + sequence.
      certNumber: `1${CITY_HEALTH.division}${pad(index + 1, 8)}`,
      holder,
      issuer: CITY_HEALTH,
      issuedOn,
      validUntil: rng.chance(0.85) ? null : termEnd(issuedOn, 5),
      status: weighted(rng, [['valid', 92], ['cancelled', 5], ['suspended', 1.5], ['revoked', 1.5]]),
      updatedAt: input.updatedAt,
      surface: {
        性别: holder.male ? '男' : '女',
        执业类别: practice.category,
        执业范围: rng.pick(practice.scopes),
        主要执业机构: rng.pick(HOSPITALS),
      },
    };
  },

  revise: (_draft, rng) => ({ column: '主要执业机构', value: rng.pick(HOSPITALS) }),
};
