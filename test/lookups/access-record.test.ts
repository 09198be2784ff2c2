import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { maskId } from '../../core/log.ts';
import { accessRecord, type AccessRecord } from '../../lookups/access-record.ts';
import { receiptValidity } from '../../lookups/receipts/receipt-signer.ts';
import { accessRecordHtml } from '../../lookups/render-access-record.ts';
import { generateSigningKey, loadSigningKey } from '../../lookups/signing-keys.ts';
import { chromiumInstalled, openInChromium } from '../reports/open-in-chromium.ts';
import { forEachTarget } from '../setup.ts';
import { tempDir } from '../temp-dir.ts';
import { addKey, bearer, buildApp, HASH_KEY, syncDirtyWorkspace, truth } from '../api/api-fixture.ts';

const [, TITLE_REVIEW] = truth.matters;
const dir = tempDir('access-record');

function fullWidth(value: string): string {
  return value.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** The legacy 15-digit form of an 18-digit resident id born in the 1900s. */
function legacy15(id18: string): string {
  return id18.slice(0, 6) + id18.slice(8, 17);
}

forEachTarget("a holder's access record (用证记录)", (getCatalog, target) => {
  let app: FastifyInstance;
  let window = '';
  let portal = '';
  const people = truth.holders.filter((h) => h.person && h.holder_id.slice(6, 8) === '19' && /^\d{17}[\dX]$/.test(h.holder_id));
  const a = people.find((h) => h.holder_id.endsWith('X'))!;
  const b = people.find((h) => h !== a)!;
  const accessLog = (id: string, key = portal) => app.inject({ url: `/v1/holders/${encodeURIComponent(id)}/access-log`, headers: bearer(key) });

  beforeAll(async () => {
    const db = getCatalog().db;
    await syncDirtyWorkspace(db);
    window = await addKey(db, 'window', ['certificates:read', 'checks:run']);
    portal = await addKey(db, 'citizen-portal', ['access-log:read']);
    const file = path.join(dir, `${target}-signing-key.jwk`);
    await generateSigningKey(db, file, { rotate: false });
    const key = (await loadSigningKey(file))!;
    app = await buildApp(db, { receipts: { hubId: 'hub-test', key, validFor: receiptValidity({}) } });

    const lookup = (id: string, purpose: string) =>
      app.inject({ url: `/v1/holders/${encodeURIComponent(id)}/certificates?purpose=${purpose}`, headers: bearer(window) });
    const check = (id: string, purpose: string) =>
      app.inject({ method: 'POST', url: '/v1/checks', headers: bearer(window), payload: { matter_code: TITLE_REVIEW, holder_id: id, purpose, receipt: true } });
    // A's requests are made in every written form; B's and an organisation's in between must not show up in A's record.
    expect((await lookup(a.holder_id, 'A-1')).statusCode).toBe(200);
    expect((await lookup(b.holder_id, 'B-1')).statusCode).toBe(200);
    expect((await lookup(fullWidth(a.holder_id), 'A-2')).statusCode).toBe(200);
    expect((await lookup(a.holder_id.toLowerCase(), 'A-3')).statusCode).toBe(200);
    expect((await check(b.holder_id, 'B-2')).statusCode).toBe(200);
    expect((await lookup(legacy15(a.holder_id), 'A-4')).statusCode).toBe(200);
    expect((await check(legacy15(a.holder_id), 'A-5')).statusCode).toBe(200);
    expect((await lookup(truth.examples.valid, 'C-1')).statusCode).toBe(200);
    const held = (await lookup(a.holder_id, 'A-6')).json().certificates[0];
    const read = await app.inject({
      url: `/v1/certificates/${held.cert_type_code}/${held.issuer_code}/${encodeURIComponent(held.cert_number)}?purpose=A-7`,
      headers: bearer(window),
    });
    expect(read.statusCode).toBe(200);
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists exactly the lookups and checks of the holder, whichever form the id is given in', async () => {
    for (const form of [a.holder_id, fullWidth(a.holder_id), a.holder_id.toLowerCase(), legacy15(a.holder_id)]) {
      const res = await accessLog(form);
      expect(res.statusCode, form).toBe(200);
      const record = res.json() as AccessRecord;
      expect(record.entries.map((e) => e.purpose), form).toEqual(['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'A-6', 'A-7']);
      expect(record).toMatchObject({ holder: maskId(a.holder_id), count: 7, truncated: false });
      expect(record.entries.map((e) => e.kind)).toEqual(['holder', 'holder', 'holder', 'holder', 'check', 'holder', 'certificate']);
      const checkEntry = record.entries[4]!;
      expect(checkEntry).toMatchObject({ client_name: 'window', matter_code: TITLE_REVIEW, matter_name: expect.any(String) });
      expect(checkEntry.receipts.length).toBe((checkEntry.result as { totals: { satisfied: number } }).totals.satisfied);
    }
    const other = (await accessLog(b.holder_id)).json() as AccessRecord;
    expect(other.entries.map((e) => e.purpose)).toEqual(['B-1', 'B-2']);
  });

  it('takes since and limit, and says when the record was cut short', async () => {
    const all = (await accessLog(a.holder_id)).json() as AccessRecord;
    const since = all.entries[5]!.at;
    const later = (await app.inject({ url: `/v1/holders/${a.holder_id}/access-log?since=${since}`, headers: bearer(portal) })).json() as AccessRecord;
    expect(later.entries.map((e) => e.purpose)).toEqual(['A-6', 'A-7']);
    const cut = (await app.inject({ url: `/v1/holders/${a.holder_id}/access-log?limit=2`, headers: bearer(portal) })).json() as AccessRecord;
    expect(cut).toMatchObject({ count: 2, truncated: true });
  });

  it('needs the access-log:read scope', async () => {
    expect((await accessLog(a.holder_id, window)).statusCode).toBe(403);
    expect((await app.inject({ url: `/v1/holders/${a.holder_id}/access-log` })).statusCode).toBe(401);
  });

  it('the lookup log holds no raw identity number in any column', async () => {
    const { rows } = await sql<{ row: string }>`select row_to_json(l)::text as row from lookup_log l`.execute(getCatalog().db);
    // The 10 answered requests, and the portal-scope test's refusal of the window key (kind denied).
    expect(rows).toHaveLength(11);
    const text = rows.map((r) => r.row).join('\n');
    for (const h of truth.holders) {
      for (const form of new Set([h.holder_id, h.holder_id.toLowerCase(), h.query, legacy15(h.holder_id)])) {
        if (h.person || form === h.holder_id) expect(text, h.holder_id).not.toContain(form);
      }
    }
    expect(text).not.toMatch(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/);
  });

  it('renders a printable Chinese page with one row per entry and no raw id', async () => {
    const record = await accessRecord(getCatalog().db, HASH_KEY, legacy15(a.holder_id));
    const html = accessRecordHtml(record, new Date('2026-11-24T09:00:00Z'));
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('电子证照用证记录');
    expect(html).toContain(maskId(a.holder_id));
    expect(html).not.toContain(a.holder_id);
    expect(html).toContain('生成时间：2026-11-24 17:00:00（北京时间）');
    const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    expect(body.match(/<tr>/g)).toHaveLength(7);
    expect(body).toContain('免证核验');
    const empty = accessRecordHtml({ ...record, entries: [], count: 0 }, new Date());
    expect(empty).toContain('该期间内没有查询或核验记录');
    if (target !== 'pglite') return;
    if (!chromiumInstalled()) {
      console.warn('SKIPPED: /usr/bin/chromium is not installed (apt-get install -y chromium); the access record page was not opened in a browser');
      return;
    }
    const file = path.join(dir, 'access-record.html');
    writeFileSync(file, html);
    const visit = await openInChromium(file, path.join(dir, 'access-record.png'));
    expect(visit.consoleErrors).toEqual([]);
    expect(visit.requests).toEqual([]);
  });
});
