import type { CertificateType, Matter } from '../../schemas/types.ts';
import {
  type Authority,
  CITY_CIVIL_AFFAIRS,
  CITY_HEALTH,
  CITY_HOUSING,
  CITY_HUMAN_RESOURCES,
  marketRegulator,
  PROVINCE_HOUSING,
} from './authorities.ts';
import {
  BUSINESS_LICENCE as LICENCE,
  CONSTRUCTION_QUALIFICATION as CONSTRUCTION,
  MARRIAGE_CERTIFICATE as MARRIAGE,
  PHYSICIAN_LICENCE as PHYSICIAN,
  PROFESSIONAL_QUALIFICATION as QUALIFICATION,
} from './certificate-types.ts';

/** 行使层级: 2 province, 3 city, 4 county. */
type Level = 2 | 3 | 4;

interface MaterialTemplate {
  name: string;
  required: boolean;
  accepts: readonly CertificateType[];
}

export interface MatterTemplate {
  name: string;
  type: string;
  authority: Authority;
  level: Level;
  /** 主项 of the basic code (5 characters). */
  main: string;
  materials: readonly MaterialTemplate[];
}

const m = (name: string, accepts: readonly CertificateType[] = [], required = true): MaterialTemplate => ({ name, required, accepts });

/** The matters the demos check; the rest of the catalogue is ordinary. */
export const TALENT_MATTER: MatterTemplate = {
  name: '卫生高层次人才及配偶随迁落户审核',
  type: '20',
  authority: CITY_HUMAN_RESOURCES,
  level: 3,
  main: '21007',
  materials: [m('医师执业证书', [PHYSICIAN]), m('专业技术人员职业资格证书', [QUALIFICATION]), m('结婚证', [MARRIAGE])],
};
export const BUILDING_PERMIT_MATTER: MatterTemplate = {
  name: '建筑工程施工许可证核发',
  type: '01',
  authority: CITY_HOUSING,
  level: 3,
  main: '35001',
  materials: [m('营业执照', [LICENCE]), m('建筑业企业资质证书', [CONSTRUCTION]), m('施工图设计文件审查合格书')],
};
export const FOOD_MATTER: MatterTemplate = {
  name: '食品经营许可',
  type: '01',
  authority: marketRegulator('360823'),
  level: 4,
  main: '17002',
  materials: [m('营业执照', [LICENCE]), m('食品经营许可申请书'), m('食品安全管理制度文本')],
};

const MATTERS: readonly MatterTemplate[] = [
  FOOD_MATTER,
  {
    name: '市场主体变更登记',
    type: '01',
    authority: marketRegulator('360802'),
    level: 4,
    main: '12001',
    materials: [m('营业执照', [LICENCE]), m('变更登记申请书'), m('股东会决议或决定')],
  },
  {
    name: '药品零售企业经营许可',
    type: '01',
    authority: marketRegulator('360802'),
    level: 4,
    main: '17011',
    materials: [m('营业执照', [LICENCE]), m('执业药师资格证书', [QUALIFICATION]), m('经营场所平面图')],
  },
  BUILDING_PERMIT_MATTER,
  {
    name: '建筑业企业资质延续',
    type: '01',
    authority: CITY_HOUSING,
    level: 3,
    main: '35012',
    materials: [m('建筑业企业资质证书', [CONSTRUCTION]), m('营业执照', [LICENCE]), m('资质延续申请表')],
  },
  {
    name: '建筑施工企业安全生产许可证核发',
    type: '01',
    authority: PROVINCE_HOUSING,
    level: 2,
    main: '35020',
    materials: [m('营业执照', [LICENCE]), m('建筑业企业资质证书', [CONSTRUCTION]), m('安全生产管理制度文件'), m('主要负责人安全生产考核合格证书')],
  },
  TALENT_MATTER,
  {
    name: '专业技术人员职称评审',
    type: '07',
    authority: CITY_HUMAN_RESOURCES,
    level: 3,
    main: '20003',
    materials: [m('专业技术人员职业资格证书', [QUALIFICATION]), m('职称评审申报表')],
  },
  {
    name: '一次性创业补贴申领',
    type: '05',
    authority: CITY_HUMAN_RESOURCES,
    level: 3,
    main: '23005',
    materials: [m('营业执照', [LICENCE]), m('银行账户信息'), m('社会保险缴费证明', [], false)],
  },
  {
    name: '医师执业注册变更',
    type: '01',
    authority: CITY_HEALTH,
    level: 3,
    main: '31002',
    materials: [m('医师执业证书', [PHYSICIAN]), m('专业技术人员职业资格证书', [QUALIFICATION], false), m('拟执业机构聘用证明')],
  },
  {
    name: '诊所执业备案',
    type: '07',
    authority: CITY_HEALTH,
    level: 3,
    main: '31015',
    materials: [m('医师执业证书', [PHYSICIAN]), m('营业执照', [LICENCE], false), m('诊所设置平面布局图')],
  },
  {
    name: '生育登记服务',
    type: '20',
    authority: CITY_HEALTH,
    level: 3,
    main: '32001',
    materials: [m('结婚证', [MARRIAGE]), m('居民户口簿')],
  },
  {
    name: '补领结婚证',
    type: '07',
    authority: CITY_CIVIL_AFFAIRS,
    level: 3,
    main: '25003',
    materials: [m('原结婚证', [MARRIAGE], false), m('居民身份证'), m('居民户口簿')],
  },
  {
    name: '公共租赁住房申请',
    type: '20',
    authority: CITY_HOUSING,
    level: 3,
    main: '36008',
    materials: [m('结婚证', [MARRIAGE], false), m('家庭成员收入证明'), m('住房情况声明')],
  },
  {
    name: '最低生活保障审核确认',
    type: '05',
    authority: CITY_CIVIL_AFFAIRS,
    level: 3,
    main: '24001',
    materials: [m('结婚证', [MARRIAGE], false), m('家庭收入申报表')],
  },
];

/**
 * 实施编码 (GB/T 39554.1): the implementing body's USCC, 行使层级, then the 12-character basic
 * code — province prefix, 事项类型, 主项, 子项 000.
 */
export function matterCode(t: MatterTemplate): string {
  return `${t.authority.code}${t.level}${t.authority.division.slice(0, 2)}${t.type}${t.main}000`;
}

export function toMatter(t: MatterTemplate): Matter {
  return {
    matter_code: matterCode(t),
    name: t.name,
    matter_type: t.type,
    dept_code: t.authority.code,
    division_code: t.authority.division,
    materials: t.materials.map((x, i) => ({
      material_code: `M${String(i + 1).padStart(2, '0')}`,
      name: x.name,
      required: x.required,
      accepted_cert_types: x.accepts.map((c) => c.code),
    })),
  };
}

/** The canonical matter catalogue (data/matters.jsonl, loaded without a mapping). */
export function matterCatalogue(): Matter[] {
  return MATTERS.map(toMatter);
}
