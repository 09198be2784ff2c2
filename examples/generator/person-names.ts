import { hash32 } from './prng.ts';

/** Common surnames, most frequent first; the pick is skewed towards the front as real names are. */
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
  '石', '廖', '贾', '夏', '韦', '付', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '闫', '段', '雷', '侯',
  '龙', '史', '陶', '黎', '贺', '顾', '毛', '郝', '龚', '邵', '万', '钱', '严', '覃', '武', '戴', '莫', '孔', '向', '汤',
];
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫'];

const MALE_CHARS = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '宇', '浩',
  '凯', '健', '俊', '帆', '旭', '宁', '龙', '林', '洋', '峰', '建', '国', '志', '文', '海', '东', '亮', '成', '晨', '博',
  '睿', '泽', '轩', '然', '昊', '嘉', '子', '振', '庆', '荣', '德', '新', '春', '永', '胜', '立', '光', '天', '学', '祥',
];
const FEMALE_CHARS = [
  '芳', '娜', '敏', '静', '丽', '艳', '秀', '娟', '霞', '燕', '玲', '桂', '婷', '雪', '慧', '颖', '琳', '欣', '怡', '佳',
  '晶', '倩', '莉', '萍', '红', '梅', '兰', '琴', '云', '璐', '瑶', '婧', '梦', '雨', '思', '涵', '蕾', '薇', '月', '英',
  '华', '玉', '凤', '洁', '琪', '晓', '丹', '悦', '妍', '文', '春', '彤', '萱', '宁', '嘉', '珊', '露', '清', '爱', '美',
];

/** A person name (surname + one or two characters) that follows from the hash alone. */
export function personName(h: number, male: boolean): string {
  const h1 = hash32(h, 1);
  const h2 = hash32(h, 2);
  const h3 = hash32(h, 3);
  const skew = (h1 / 0x1_0000_0000) ** 2;
  const surname = h1 % 200 === 0 ? COMPOUND_SURNAMES[h2 % COMPOUND_SURNAMES.length]! : SURNAMES[Math.floor(skew * SURNAMES.length)]!;
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  const first = chars[h2 % chars.length]!;
  return h3 % 10 < 6 ? surname + first + chars[(h3 >>> 8) % chars.length]! : surname + first;
}
