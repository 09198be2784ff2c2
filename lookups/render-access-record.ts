import { escapeHtml } from '../core/escape-html.ts';
import type { AccessEntry, AccessRecord } from './access-record.ts';

/** An instant as a reader in China reads it: Beijing time, `YYYY-MM-DD HH:MM:SS`. */
export function beijingTime(iso: string): string {
  return new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

const KIND: Record<AccessEntry['kind'], string> = { holder: '查询证照', certificate: '查看证照', check: '免证核验', denied: '请求被拒绝' };

type Summary = Record<string, unknown>;
const isSummary = (v: unknown): v is Summary => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What was answered, in one Chinese sentence, from the summary the lookup log keeps. */
export function describeAnswer(entry: AccessEntry): string {
  const r = isSummary(entry.result) ? entry.result : {};
  const receipts = entry.receipts.length > 0 ? `；出具加注件 ${entry.receipts.length} 份` : '';
  if (entry.kind === 'denied') return `请求被拒绝（HTTP ${Number(r.status ?? 0)}），未作答复`;
  if (entry.kind === 'holder') return `列出证照 ${Number(r.certificates ?? 0)} 张`;
  if (entry.kind === 'certificate') {
    const c = isSummary(r.certificate) ? r.certificate : {};
    const which = `${String(c.cert_type_code ?? '')} ${String(c.cert_number ?? '')}`.trim();
    return r.found === false ? `未找到证照 ${which}` : `查看证照 ${which}`;
  }
  if (r.matter_found === false) return '事项不存在，未作核验';
  const totals = isSummary(r.totals) ? r.totals : {};
  return `核验材料 ${Number(totals.materials ?? 0)} 项，其中 ${Number(totals.satisfied ?? 0)} 项以证照代替${receipts}`;
}

function who(entry: AccessEntry): string {
  if (entry.client_id === 'cli') return '窗口工作人员（命令行）';
  return entry.client_name ?? entry.client_id;
}

function matterText(entry: AccessEntry): string {
  if (entry.matter_code === null) return '';
  return entry.matter_name === null ? entry.matter_code : `${entry.matter_name}（${entry.matter_code}）`;
}

export const ACCESS_COLUMNS = ['时间', '使用方', '方式', '事由', '事项', '结果', '加注件编号'];

/** Rows of the record as the text and HTML forms show them, under ACCESS_COLUMNS. */
export function accessRecordRows(record: AccessRecord): string[][] {
  return record.entries.map((e) => [beijingTime(e.at), who(e), KIND[e.kind], e.purpose, matterText(e), describeAnswer(e), e.receipts.join(' ')]);
}

const STYLE = `
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif;margin:2rem;color:#222}
h1{font-size:1.5rem;margin-bottom:.3rem} .meta{color:#555;margin:.2rem 0}
table{border-collapse:collapse;width:100%;margin-top:1rem;font-size:.85rem}
th,td{border:1px solid #999;padding:.3rem .4rem;text-align:left;vertical-align:top}
th{background:#eee} td.id{font-family:monospace;font-size:.75rem;word-break:break-all}
.none{color:#777} footer{margin-top:1.5rem;color:#555;font-size:.8rem}
@page{size:A4 landscape;margin:12mm} @media print{body{margin:0} tr{break-inside:avoid} thead{display:table-header-group}}`;

/**
 * The record as a printable page in Chinese for the holder who asked for it: one self-contained
 * file, no script, and a content security policy that forbids every network request.
 */
export function accessRecordHtml(record: AccessRecord, generatedAt: Date): string {
  const body =
    record.entries.length === 0
      ? `<tr><td colspan="${ACCESS_COLUMNS.length}" class="none">该期间内没有查询或核验记录</td></tr>`
      : accessRecordRows(record)
          .map((cells) => `<tr>${cells.map((c, i) => `<td${i === cells.length - 1 ? ' class="id"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`)
          .join('\n');
  const period = record.since === null ? '全部记录' : `${beijingTime(record.since)} 以来`;
  const truncated = record.truncated ? `<p class="meta"><b>记录较多，仅列出最早的 ${record.count} 条；请缩小起始时间后再次查询。</b></p>` : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>用证记录</title><style>${STYLE}</style></head>
<body>
<h1>电子证照用证记录</h1>
<p class="meta">持证主体：${escapeHtml(record.holder)}</p>
<p class="meta">查询范围：${escapeHtml(period)}，共 ${record.count} 条</p>
${truncated}<table><thead><tr>${ACCESS_COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table>
<footer>本记录由电子证照共享平台根据查询日志生成，日志以哈希链防篡改；证件号码仅以密钥哈希保存。生成时间：${beijingTime(generatedAt.toISOString())}（北京时间）</footer>
</body></html>
`;
}
