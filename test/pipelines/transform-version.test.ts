import { describe, expect, it } from 'vitest';
import { NORMALISER_VERSION } from '../../schemas/normalise/normaliser-version.ts';
import { transformVersion } from '../../pipelines/transform-version.ts';
import { recordFingerprint } from '../../pipelines/record-fingerprint.ts';
import { TYPES, licenceWorkspaces } from './licence-workspace.ts';

const workspace = licenceWorkspaces();

describe('the transform version behind every fingerprint', () => {
  const pipeline = workspace([]).pipeline();
  const base = transformVersion(pipeline, TYPES);

  it('changes with the normaliser version, the mapping, the defaults and the certificate types', () => {
    expect(transformVersion(pipeline, TYPES, NORMALISER_VERSION + 1)).not.toBe(base);
    expect(transformVersion({ ...pipeline, mapping: { ...pipeline.mapping, holder_name: '名称' } }, TYPES)).not.toBe(base);
    expect(transformVersion({ ...pipeline, defaults: { ...pipeline.defaults, issuer_name: '某局' } }, TYPES)).not.toBe(base);
    expect(transformVersion(pipeline, [...TYPES, { code: 'rs-zyzg', name: '职业资格证书', holder_kind: 'person' }])).not.toBe(base);
  });

  it('stays the same when only the schedule or the declaring file changes', () => {
    expect(transformVersion({ ...pipeline, schedule: '0 2 * * *', timezone: 'UTC', file: '/elsewhere/licences.yaml' }, TYPES)).toBe(base);
  });

  it('fingerprints a record by its values under a transform, not by its line', () => {
    const data = { 证照编号: 'YYZZ1', 企业名称: '公司1' };
    expect(recordFingerprint(base, { line: 2, data })).toBe(recordFingerprint(base, { line: 9, data: { ...data } }));
    expect(recordFingerprint(base, { line: 2, data })).not.toBe(recordFingerprint(base, { line: 2, data: { ...data, 企业名称: '公司2' } }));
    expect(recordFingerprint(transformVersion(pipeline, TYPES, NORMALISER_VERSION + 1), { line: 2, data })).not.toBe(recordFingerprint(base, { line: 2, data }));
    expect(recordFingerprint(base, { line: 3, error: 'wrong column count', text: 'a,b' })).toBeUndefined();
  });
});
