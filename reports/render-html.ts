import { escapeHtml } from '../core/escape-html.ts';
import { renderCharts } from './render-charts.ts';
import type { Cell, ReportTable } from './report-tables.ts';
import { reportTables } from './report-tables.ts';
import type { QualityReport } from './report-types.ts';


function formatCell(value: Cell): string {
  if (value === null) return '<td class="none">–</td>';
  if (typeof value === 'number') return `<td class="num">${value}</td>`;
  if (value === 'pass' || value === 'warn' || value === 'fail') return `<td class="${value}">${value}</td>`;
  return `<td>${escapeHtml(String(value))}</td>`;
}

function htmlTable(t: ReportTable): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.length === 0 ? `<tr><td colspan="${t.columns.length}" class="none">none</td></tr>` : t.rows.map((row) => `<tr>${row.map(formatCell).join('')}</tr>`).join('\n');
  return `<section id="table-${t.name}"><h3>${escapeHtml(t.title)}</h3><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`;
}

const STYLE = `
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem;color:#222}
h1{margin-bottom:.2rem} .meta{color:#666;margin-top:0}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.6rem}
.pass{color:#1a7f37}.warn{color:#9a6700}.fail{color:#cf222e}.none{color:#999}
figure{margin:1.5rem 0} figcaption{font-weight:600;margin-bottom:.4rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums} th{background:#f6f8fa}`;

/**
 * One self-contained HTML file: inline CSS and server-rendered SVG charts, no script, and a
 * content security policy that forbids every network request, so it opens offline and safely.
 */
export function renderHtml(r: QualityReport): string {
  const cards = r.scores
    .map((s) => `<div class="card"><span>${s.dimension}</span><b class="${s.verdict}">${s.score ?? '–'}</b><span class="${s.verdict}">${s.verdict}</span></div>`)
    .join('');
  const charts = renderCharts(r)
    .map((c) => `<figure id="${c.id}" data-series="${escapeHtml(c.series.join('|'))}"><figcaption>${escapeHtml(c.title)}</figcaption>${c.svg}</figure>`)
    .join('\n');
  const filters = [r.filters.pipeline ? `pipeline ${r.filters.pipeline}` : '', r.filters.since ? `since ${r.filters.since}` : ''].filter(Boolean).join(', ');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ecert-hub quality report ${escapeHtml(r.as_of)}</title><style>${STYLE}</style></head>
<body>
<h1>Catalogue quality report</h1>
<p class="meta">Generated ${escapeHtml(r.generated_at)} · validity judged on ${escapeHtml(r.as_of)} · ${r.totals.certificates} certificates, ${r.totals.matters} matters, ${r.totals.runs} runs, ${r.totals.open_quarantine} records in quarantine${filters ? ` · ${escapeHtml(filters)}` : ''} · thresholds: warn below ${r.thresholds.warn_below}, fail below ${r.thresholds.fail_below} · materials the catalogue can waive: ${r.coverage.waivable} of ${r.coverage.materials_total}</p>
<div class="cards">${cards}</div>
${charts}
${reportTables(r).map(htmlTable).join('\n')}
</body></html>
`;
}
