import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { normaliseCertificate } from '../../schemas/normalise/certificate.ts';
import { normaliseMatter } from '../../schemas/normalise/matter.ts';
import type { CertificateType, CertStatus } from '../../schemas/types.ts';
import { validateCertificate, validateMatter } from '../../schemas/validate-record.ts';

/**
 * The sample workspace was made independently of this code, with its own ground truth: map,
 * normalise and validate every row and compare the quarantine counts with truth.json.
 */
const WORKSPACE = path.join(import.meta.dirname, '..', 'fixtures', 'dirty-workspace');
const TODAY = new Date('2026-11-23T00:00:00+08:00');

interface PipelineFile {
  entity: 'certificate' | 'matter';
  defaults?: Record<string, unknown>;
  mapping?: Record<string, string>;
  status_map?: Record<string, CertStatus>;
  identifier_check?: 'strict' | 'warn';
}

interface Truth {
  read: number;
  inserted: number;
  duplicates: number;
  quarantined: Record<string, number>;
}

const truth = JSON.parse(readFileSync(path.join(WORKSPACE, 'truth.json'), 'utf8')) as Record<string, Truth>;
const { certificate_types: types } = parseYaml(readFileSync(path.join(WORKSPACE, 'ecert.yaml'), 'utf8')) as { certificate_types: CertificateType[] };

function rows(file: string): (Record<string, unknown> | undefined)[] {
  const bytes = readFileSync(path.join(WORKSPACE, 'data', file));
  if (file.endsWith('.csv')) return parseCsv(iconv.decode(bytes, 'gb18030'), { columns: true }) as Record<string, unknown>[];
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    });
}

function run(name: string, file: string): { ok: number; read: number; quarantined: Record<string, number> } {
  const pipeline = parseYaml(readFileSync(path.join(WORKSPACE, 'pipelines', `${name}.yaml`), 'utf8')) as PipelineFile;
  const quarantined: Record<string, number> = {};
  let ok = 0;
  const all = rows(file);
  for (const row of all) {
    let reason: string | undefined;
    if (!row) reason = 'parse_error';
    else {
      const record: Record<string, unknown> = { ...pipeline.defaults };
      if (pipeline.mapping) for (const [field, column] of Object.entries(pipeline.mapping)) record[field] = row[column];
      else Object.assign(record, row);
      const r =
        pipeline.entity === 'certificate'
          ? validateCertificate(normaliseCertificate(record, { statusMap: pipeline.status_map, today: TODAY, certificateTypes: types }), {
              today: TODAY,
              certificateTypes: types,
              identifierCheck: pipeline.identifier_check,
            })
          : validateMatter(normaliseMatter(record), { today: TODAY, certificateTypes: types });
      if (r.ok) ok++;
      else reason = r.reason;
    }
    if (reason) quarantined[reason] = (quarantined[reason] ?? 0) + 1;
  }
  return { ok, read: all.length, quarantined };
}

describe('the sample dirty workspace', () => {
  it.each([
    ['licences', 'licences.csv'],
    ['qualifications', 'qualifications.jsonl'],
  ])('%s: quarantine counts by reason match the ground truth', (name, file) => {
    const expected = truth[name]!;
    const got = run(name, file);
    expect(got.read).toBe(expected.read);
    expect(got.quarantined).toEqual(expected.quarantined);
    expect(got.ok).toBe(expected.inserted + expected.duplicates);
  });

  it('matters: every matter is valid', () => {
    expect(run('matters', 'matters.jsonl')).toEqual({ ok: 2, read: 2, quarantined: {} });
  });
});
