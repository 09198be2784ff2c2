import { CITY_HUMAN_RESOURCES } from '../authorities.ts';
import { ymdOfDay } from '../calendar.ts';
import { PROFESSIONAL_QUALIFICATION } from '../certificate-types.ts';
import type { DepartmentSpec } from '../department-spec.ts';
import { earliestForAge, issuedBetween, pad, termEnd, weighted } from '../draft-helpers.ts';
import { countyShortName, HUB_COUNTIES } from '../hub-divisions.ts';
import { orgName } from '../org-names.ts';

const QUALIFICATIONS: readonly { name: string; level: string; majors: readonly string[] }[] = [
  { name: '一级建造师', level: '一级', majors: ['建筑工程', '市政公用工程', '机电工程', '公路工程'] },
  { name: '二级建造师', level: '二级', majors: ['建筑工程', '市政公用工程', '水利水电工程'] },
  { name: '监理工程师', level: '不分级', majors: ['土木建筑工程', '交通运输工程', '水利工程'] },
  { name: '造价工程师', level: '一级', majors: ['土木建筑工程', '安装工程'] },
  { name: '执业药师', level: '不分级', majors: ['药学', '中药学'] },
  { name: '经济专业技术资格', level: '中级', majors: ['人力资源管理', '工商管理', '金融', '财政税收'] },
  { name: '会计专业技术资格', level: '中级', majors: ['会计'] },
  { name: '注册安全工程师', level: '中级', majors: ['建筑施工安全', '化工安全', '其他安全'] },
  { name: '社会工作者职业资格', level: '中级', majors: ['社会工作综合能力'] },
];

/** 人社局: professional qualification certificates, a JSONL feed with Chinese keys. */
export const RS_QUALIFICATIONS: DepartmentSpec = {
  key: 'rs',
  pipeline: 'rs-professional-qualifications',
  department: '人力资源和社会保障局',
  certType: PROFESSIONAL_QUALIFICATION,
  share: 0.15,
  format: 'jsonl',
  encoding: 'utf-8',
  bom: false,
  file: 'data/rs-qualifications.jsonl',
  header: ['证书编号', '姓名', '性别', '身份证号', '资格名称', '专业', '级别', '工作单位', '发证日期', '有效期至', '状态', '更新时间'],
  columns: {
    cert_number: '证书编号',
    holder_name: '姓名',
    holder_id: '身份证号',
    issued_on: '发证日期',
    valid_until: '有效期至',
    status: '状态',
    source_updated_at: '更新时间',
  },
  fixedIssuer: CITY_HUMAN_RESOURCES,
  stampStyle: 'iso-offset',
  longTerm: '长期',
  statusWords: { valid: ['有效', '正常'], cancelled: ['注销'], revoked: ['撤销'] },
  unknownStatuses: ['作废?', '99', '待审核'],

  draft(input) {
    const { rng, holder, index } = input;
    const q = rng.pick(QUALIFICATIONS);
    const issuedOn = issuedBetween(input, earliestForAge(input, 25, 23));
    const employer = orgName(rng.int(0x1_0000_0000), q.name.includes('建造') ? 'construction' : 'general', countyShortName(rng.pick(HUB_COUNTIES)));
    return {
      certNumber: `ZG${ymdOfDay(issuedOn).y}${pad(index + 1, 8)}`,
      holder,
      issuer: CITY_HUMAN_RESOURCES,
      issuedOn,
      // Qualifications are for life; registrations under some of them run a few years.
      validUntil: rng.chance(0.8) ? null : termEnd(issuedOn, rng.pick([3, 5])),
      status: weighted(rng, [['valid', 92], ['cancelled', 5], ['revoked', 3]]),
      updatedAt: input.updatedAt,
      surface: {
        性别: holder.male ? '男' : '女',
        资格名称: q.name,
        专业: rng.pick(q.majors),
        级别: q.level,
        工作单位: employer,
      },
    };
  },

  revise: (_draft, rng) => ({
    column: '工作单位',
    value: orgName(rng.int(0x1_0000_0000), 'general', countyShortName(rng.pick(HUB_COUNTIES))),
  }),
};
