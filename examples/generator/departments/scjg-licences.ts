import { marketRegulator } from '../authorities.ts';
import { BUSINESS_LICENCE } from '../certificate-types.ts';
import type { DepartmentSpec } from '../department-spec.ts';
import { address, earliestForAge, issuedBetween, pad, termEnd, weighted } from '../draft-helpers.ts';
import { personName } from '../person-names.ts';

const SCOPES = [
  '食品销售', '日用百货销售', '五金产品零售', '技术服务、技术开发、技术咨询', '软件开发', '货物进出口', '道路货物运输',
  '建筑材料销售', '农产品的生产、销售、加工', '餐饮服务', '医疗器械经营', '药品零售', '会议及展览服务', '家具销售',
  '广告设计、代理', '物业管理', '旅游业务', '茶叶种植', '粮食收购', '农业机械服务', '信息系统集成服务',
];
const COMPANY_TYPES = ['有限责任公司(自然人投资或控股)', '有限责任公司(自然人独资)', '其他有限责任公司', '有限责任公司(非自然人投资或控股的法人独资)'];
const CAPITAL = [10, 30, 50, 100, 200, 300, 500, 1000, 2000, 5000];

/** 市场监管局: business licences (营业执照), a GB18030 CSV export with Chinese headers. */
export const SCJG_LICENCES: DepartmentSpec = {
  key: 'scjg',
  pipeline: 'scjg-business-licences',
  department: '市场监督管理局',
  certType: BUSINESS_LICENCE,
  share: 0.4,
  format: 'csv',
  encoding: 'gb18030',
  bom: false,
  file: 'data/scjg-licences.csv',
  header: ['证照编号', '企业名称', '统一社会信用代码', '类型', '法定代表人', '注册资本', '住所', '经营范围', '发证日期', '营业期限至', '登记状态', '发证机关', '发证机关代码', '更新时间'],
  columns: {
    cert_number: '证照编号',
    holder_name: '企业名称',
    holder_id: '统一社会信用代码',
    issuer_name: '发证机关',
    issuer_code: '发证机关代码',
    issued_on: '发证日期',
    valid_until: '营业期限至',
    status: '登记状态',
    source_updated_at: '更新时间',
  },
  orgFlavour: (rng) => weighted(rng, [['general', 78], ['individual', 12], ['construction', 10]]),
  stampStyle: 'space',
  longTerm: '长期',
  statusWords: { valid: ['有效', '正常', '在用'], revoked: ['吊销'], cancelled: ['注销'] },
  unknownStatuses: ['作废?', '99', '待核实', '迁出中'],

  draft(input) {
    const { rng, holder, index } = input;
    const division = holder.division!;
    const issuedOn = issuedBetween(input, earliestForAge(input, 20, 0));
    const individual = holder.id.startsWith('92');
    const scope = [...new Set(Array.from({ length: rng.between(2, 4) }, () => rng.pick(SCOPES)))];
    return {
      // The 15-digit 注册号 style: registering division + sequence.
      certNumber: `${division}${pad(index + 1, 9)}`,
      holder,
      issuer: marketRegulator(division),
      issuedOn,
      validUntil: individual || rng.chance(0.55) ? null : termEnd(issuedOn, rng.pick([10, 20, 30])),
      status: weighted(rng, [['valid', 88], ['cancelled', 8], ['revoked', 4]]),
      updatedAt: input.updatedAt,
      surface: {
        类型: individual ? '个体工商户' : holder.name.endsWith('股份有限公司') ? '股份有限公司(非上市、自然人投资或控股)' : rng.pick(COMPANY_TYPES),
        法定代表人: personName(rng.int(0x1_0000_0000), rng.chance(0.7)),
        注册资本: individual ? '' : `${rng.pick(CAPITAL)}万元人民币`,
        住所: address(rng, division),
        // Exports join the scope with ASCII commas now and then, which the CSV must quote.
        经营范围: scope.join(rng.chance(0.2) ? ',' : '；'),
      },
    };
  },

  revise: (draft, rng) => ({ column: '住所', value: address(rng, draft.holder.division!) }),
};
