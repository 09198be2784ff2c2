import iconv from 'iconv-lite';
import { makeUscc } from './generator/make-uscc.ts';

/** The columns of the example pipeline `ecert init` writes, in a market regulator's export order. */
const HEADER = ['证照编号', '企业名称', '统一社会信用代码', '法定代表人', '发证日期', '有效期至', '状态', '发证机关', '发证机关代码', '更新时间'];

const ISSUER_NAME = '湖州市吴兴区市场监督管理局';
const ISSUER_CODE = makeUscc('11', '330502', 'MB1A2B3C');

/** Synthetic companies: made-up names, and codes built from made-up organisation codes with their check characters computed. */
const ROWS: [string, string, string, string, string, string, string, string][] = [
  ['330502000000101', '湖州示例食品有限公司', makeUscc('91', '330502', 'MA2B3C4D'), '张示例', '2019-03-15', '长期', '有效', '2024-05-01 08:30:00'],
  ['330502000000102', '湖州样本软件开发有限公司', makeUscc('91', '330502', 'MA2B3C5E'), '李样本', '2020-07-01', '2040-06-30', '有效', '2024-05-01 08:31:00'],
  ['330502000000103', '吴兴演示建材经营部', makeUscc('92', '330502', 'MA2B3C6F'), '王演示', '2021-11-20', '长期', '有效', '2024-05-02 09:00:00'],
  ['330502000000104', '湖州测试物业管理有限公司', makeUscc('91', '330502', 'MA2B3C7G'), '赵测试', '2018-01-08', '2038-01-07', '注销', '2024-05-03 10:15:00'],
  ['330502000000105', '湖州范例茶叶种植专业合作社', makeUscc('93', '330502', 'MA2B3C8H'), '陈范例', '2022-04-26', '长期', '有效', '2024-05-03 10:20:00'],
];

/** `data/licences.csv` for a new workspace: a handful of valid records in GB18030, as the example pipeline declares. */
export function initSampleCsv(): Buffer {
  const lines = [HEADER, ...ROWS.map(([number, name, code, person, issued, until, status, updated]) => [number, name, code, person, issued, until, status, ISSUER_NAME, ISSUER_CODE, updated])];
  return iconv.encode(`${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`, 'gb18030');
}
