import { writeFileSync } from 'node:fs';
import { accessRecord, type AccessRecord } from '../../lookups/access-record.ts';
import { resolveHolderHashKey } from '../../lookups/holder-hash-key.ts';
import { ACCESS_COLUMNS, accessRecordHtml, accessRecordRows } from '../../lookups/render-access-record.ts';
import { parseSince } from '../parse-since.ts';
import { formatTable } from '../print.ts';
import { withCatalog } from '../with-catalog.ts';

export interface AccessReportOptions {
  workspace: string;
  since?: string;
  format?: 'text' | 'json' | 'html';
  out?: string;
}

function asText(record: AccessRecord): string {
  const head = [`用证记录 持证主体 ${record.holder}${record.since === null ? '' : `，${record.since} 以来`}：${record.count} 条`];
  if (record.truncated) head.push(`记录较多，仅列出最早的 ${record.count} 条；请用 --since 缩小范围。`);
  if (record.count === 0) return `${head.join('\n')}\n`;
  return `${head.join('\n')}\n${formatTable(ACCESS_COLUMNS, accessRecordRows(record))}\n`;
}

/** `ecert access-report <holder-id>`: who looked at a holder's certificates, when and why. */
export async function accessReport(holderId: string, opts: AccessReportOptions): Promise<AccessRecord> {
  const since = opts.since === undefined ? undefined : parseSince(opts.since);
  const record = await withCatalog(opts.workspace, (c, config) => accessRecord(c.db, resolveHolderHashKey(config), holderId, { since }));
  const format = opts.format ?? 'text';
  const text = format === 'json' ? `${JSON.stringify(record, null, 2)}\n` : format === 'html' ? accessRecordHtml(record, new Date()) : asText(record);
  if (opts.out === undefined) process.stdout.write(text);
  else writeFileSync(opts.out, text);
  return record;
}
