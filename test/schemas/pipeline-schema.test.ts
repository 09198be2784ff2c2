import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validators } from '../../schemas/ajv.ts';

const PIPELINES = path.join(import.meta.dirname, '..', 'fixtures', 'dirty-workspace', 'pipelines');

const minimal = { name: 'scjg-licences', entity: 'certificate', source: { connector: 'csv', path: './x.csv', encoding: 'gb18030' } };

function errorsOf(doc: unknown): string[] {
  return validators.pipeline(doc) ? [] : (validators.pipeline.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
}

describe('pipeline.schema.json', () => {
  it.each(readdirSync(PIPELINES))('accepts the sample workspace pipeline %s', (file) => {
    const doc: unknown = parse(readFileSync(path.join(PIPELINES, file), 'utf8'));
    expect(errorsOf(doc)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a single cursor field and a lag', { incremental: { cursor: '更新时间', lag: '10m' } }],
    ['a composite cursor', { incremental: { cursor: ['更新时间', '证照编号'] } }],
    ['every optional key', {
      defaults: { cert_type_code: 'scjg-yyzz', holder_kind: 'organisation', status: '有效' },
      mapping: { cert_number: '证照编号', holder_id: 'data.holder.id' },
      write_disposition: 'replace',
      on_invalid: 'fail',
      max_invalid: 0,
      priority: -3,
      schedule: '*/30 * * * *',
      identifier_check: 'warn',
      status_map: { '99': 'cancelled', 迁出: 'cancelled' },
    }],
    ['a percentage budget', { max_invalid: '0.5%' }],
    ['100%', { max_invalid: '100%' }],
    ['a six-field cron', { schedule: '0 */5 * * * *' }],
    ['a cron macro', { schedule: '@hourly' }],
    ['a time zone and retries', { timezone: 'Asia/Urumqi', retries: 3 }],
    ['connector-specific source keys', { source: { connector: 'http', url: 'https://example.org', headers: { a: 'b' } } }],
  ])('accepts %s', (_what, extra) => {
    expect(errorsOf({ ...minimal, ...extra })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a name that is not kebab-case', { name: 'Scjg_Licences' }, '/name pattern'],
    ['an unknown entity', { entity: 'licence' }, '/entity enum'],
    ['a source without connector', { source: { path: './x.csv' } }, '/source required'],
    ['a mapping to a non-string', { mapping: { cert_number: 5 } }, '/mapping/cert_number type'],
    ['an incremental block without cursor', { incremental: { lag: '10m' } }, '/incremental required'],
    ['an empty composite cursor', { incremental: { cursor: [] } }, '/incremental/cursor anyOf'],
    ['an unknown write disposition', { write_disposition: 'upsert' }, '/write_disposition enum'],
    ['an unknown on_invalid', { on_invalid: 'skip' }, '/on_invalid enum'],
    ['a negative budget', { max_invalid: -1 }, '/max_invalid oneOf'],
    ['a budget over 100%', { max_invalid: '150%' }, '/max_invalid oneOf'],
    ['a budget as a bare string', { max_invalid: '5' }, '/max_invalid oneOf'],
    ['a fractional priority', { priority: 1.5 }, '/priority type'],
    ['a schedule that is not cron', { schedule: 'every day' }, '/schedule pattern'],
    ['an unknown identifier check', { identifier_check: 'loose' }, '/identifier_check enum'],
    ['a status map to a non-canonical status', { status_map: { '99': '注销' } }, '/status_map/99 enum'],
    ['a default status no table knows', { defaults: { status: '作废?' } }, '/defaults/status format'],
    ['an unknown key', { retry: 3 }, ' additionalProperties'],
    ['negative retries', { retries: -1 }, '/retries minimum'],
  ])('rejects %s', (_what, extra, expected) => {
    expect(errorsOf({ ...minimal, ...extra })).toContain(expected);
  });

  it('rejects a broken pipeline file', () => {
    const broken = parse('name: Licences\nentity: certificate\nsource:\n  path: ./data/licences.csv\nmax_invalid: lots\n');
    expect(errorsOf(broken)).toEqual(expect.arrayContaining(['/name pattern', '/source required', '/max_invalid oneOf']));
  });

  it('requires name, entity and source', () => {
    expect(errorsOf({})).toEqual([' required', ' required', ' required']);
  });
});
