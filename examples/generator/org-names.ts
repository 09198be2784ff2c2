import { hash32 } from './prng.ts';

/** general: companies of any trade; construction: builders (they hold 建筑业企业资质); individual: 个体工商户. */
export type OrgFlavour = 'general' | 'construction' | 'individual';

const PLACES = ['吉安', '庐陵', '井冈', '赣江', '白鹭', '青原', '峡江', '吉州', '泰和', '永丰', '遂川', '万安', '安福', '永新', '新干', '吉水', '江西'];
const BRANDS = [
  '华兴', '宏达', '鑫源', '恒通', '瑞丰', '嘉禾', '永盛', '金诚', '天成', '新业', '广源', '博远', '汇通', '信达', '中联', '隆昌',
  '盛世', '锦程', '和泰', '正阳', '方圆', '众合', '德润', '富民', '长青', '兴旺', '鸿运', '佳美', '同创', '立信', '聚力', '启航',
  '红星', '绿源', '蓝天', '金山', '银河', '东升', '南方', '北辰', '志远', '卓越', '诚信', '安康', '福瑞', '泰丰', '润达', '凯旋',
];
const TRADES = [
  '商贸', '科技', '食品', '医药', '物流', '电子', '农业发展', '建材', '餐饮管理', '文化传媒', '旅游开发', '服装', '家具',
  '汽车销售', '信息技术', '环保科技', '新能源', '生态养殖', '茶业', '米业', '印务', '教育咨询', '健康管理', '酒店管理',
];
const BUILDER_TRADES = ['建筑工程', '建设', '市政工程', '建筑装饰工程', '路桥工程', '水利水电工程', '园林绿化工程', '钢结构工程', '机电安装工程', '建筑劳务'];
const SUFFIXES = ['有限公司', '有限公司', '有限公司', '有限公司', '有限公司', '有限公司', '有限责任公司', '有限责任公司', '股份有限公司'];
const BUILDER_SUFFIXES = ['有限公司', '有限公司', '有限公司', '集团有限公司', '有限责任公司'];
const SHOPS = ['小吃店', '便利店', '五金店', '理发店', '水果店', '副食店', '服装店', '家电维修部', '早餐店', '粮油店', '茶叶店', '药店'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '胡', '罗', '郭', '肖', '曾', '彭', '邓', '刘'];

/** An organisation name that follows from the hash alone; `county` (吉州区) names a shop's place. */
export function orgName(h: number, flavour: OrgFlavour, county: string): string {
  const h1 = hash32(h, 11);
  const h2 = hash32(h, 12);
  const h3 = hash32(h, 13);
  if (flavour === 'individual') {
    const surname = SURNAMES[h1 % SURNAMES.length]!;
    const style = h2 % 3 === 0 ? `${surname}记` : h2 % 3 === 1 ? `${surname}氏` : BRANDS[h2 % BRANDS.length]!;
    return `${county}${style}${SHOPS[h3 % SHOPS.length]!}`;
  }
  const place = PLACES[h1 % PLACES.length]!;
  const brand = BRANDS[h2 % BRANDS.length]!;
  if (flavour === 'construction') {
    return `${place}${brand}${BUILDER_TRADES[h3 % BUILDER_TRADES.length]!}${BUILDER_SUFFIXES[(h3 >>> 8) % BUILDER_SUFFIXES.length]!}`;
  }
  return `${place}${brand}${TRADES[h3 % TRADES.length]!}${SUFFIXES[(h3 >>> 8) % SUFFIXES.length]!}`;
}
