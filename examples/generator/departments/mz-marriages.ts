import { CITY_CIVIL_AFFAIRS } from '../authorities.ts';
import { addYears, ymdOfDay } from '../calendar.ts';
import { MARRIAGE_CERTIFICATE } from '../certificate-types.ts';
import type { DepartmentSpec, DraftInput } from '../department-spec.ts';
import { earliestForAge, issuedBetween, pad, weighted } from '../draft-helpers.ts';
import { authorityPlace, BIRTH_DIVISIONS, HUB_COUNTIES } from '../hub-divisions.ts';
import { makeResidentId } from '../make-resident-id.ts';
import { personName } from '../person-names.ts';

/**
 * The spouse appears only on the certificate's face, so their id need not be unique: a valid id
 * of the other sex, born within a few years of the holder.
 */
function spouse(input: DraftInput): { name: string; male: boolean; id: string } {
  const { rng, holder } = input;
  const male = !holder.male;
  const latest = addYears(input.today, -25);
  const birthDay = Math.min(latest, holder.birthDay! + rng.between(-1800, 1800));
  const sequence = rng.between(0, 498) * 2 + (male ? 1 : 2);
  return { name: personName(rng.int(0x1_0000_0000), male), male, id: makeResidentId(rng.pick(BIRTH_DIVISIONS), birthDay, sequence) };
}

/** 民政局: marriage registrations (结婚证), a UTF-8 CSV with a byte-order mark as Excel saves it. */
export const MZ_MARRIAGES: DepartmentSpec = {
  key: 'mz',
  pipeline: 'mz-marriage-registrations',
  department: '民政局',
  certType: MARRIAGE_CERTIFICATE,
  share: 0.15,
  format: 'csv',
  encoding: 'utf-8',
  bom: true,
  file: 'data/mz-marriages.csv',
  header: ['结婚证字号', '持证人姓名', '持证人性别', '持证人身份证件号码', '配偶姓名', '配偶性别', '配偶身份证件号码', '登记日期', '登记机关', '状态', '备注', '更新时间'],
  columns: {
    cert_number: '结婚证字号',
    holder_name: '持证人姓名',
    holder_id: '持证人身份证件号码',
    issued_on: '登记日期',
    status: '状态',
    source_updated_at: '更新时间',
  },
  fixedIssuer: CITY_CIVIL_AFFAIRS,
  stampStyle: 'space',
  longTerm: '长期',
  statusWords: { valid: ['有效'], revoked: ['撤销'] },
  unknownStatuses: ['离婚?', '作废?', '99'],

  draft(input) {
    const { rng, holder, index } = input;
    const county = rng.pick(HUB_COUNTIES);
    const issuedOn = issuedBetween(input, earliestForAge(input, 40, 22));
    const partner = spouse(input);
    return {
      certNumber: `J${county}${ymdOfDay(issuedOn).y}${pad(index + 1, 8)}`,
      holder,
      issuer: CITY_CIVIL_AFFAIRS,
      issuedOn,
      validUntil: null,
      status: weighted(rng, [['valid', 97], ['revoked', 3]]),
      updatedAt: input.updatedAt,
      surface: {
        持证人性别: holder.male ? '男' : '女',
        配偶姓名: partner.name,
        配偶性别: partner.male ? '男' : '女',
        配偶身份证件号码: partner.id,
        登记机关: `${authorityPlace(county)}民政局`,
        备注: '',
      },
    };
  },

  revise: () => ({ column: '备注', value: '补发' }),
};
