import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, substituteEnv } from '../../core/config.ts';
import { HubError } from '../../core/errors.ts';
import { tempDir } from '../temp-dir.ts';

const root = tempDir('config');

describe('config', () => {
  it('uses the embedded store unless ECERT_DATABASE_URL is set', () => {
    const dir = mkdtempSync(path.join(root, 'ws-'));
    expect(loadConfig({ workspace: dir, env: {} })).toMatchObject({ databaseUrl: undefined, storeDir: path.join(dir, '.ecert'), batchSize: 5000 });
    expect(loadConfig({ workspace: dir, env: { ECERT_DATABASE_URL: 'postgres://x@h/db' } }).databaseUrl).toBe('postgres://x@h/db');
  });

  it('refuses an ECERT_DATABASE_URL that is set but not a Postgres URL, without echoing credentials', () => {
    const dir = mkdtempSync(path.join(root, 'ws-'));
    expect(loadConfig({ workspace: dir, env: { ECERT_DATABASE_URL: 'postgresql://x@h/db' } }).databaseUrl).toBe('postgresql://x@h/db');
    expect(loadConfig({ workspace: dir, env: { ECERT_DATABASE_URL: '  ' } }).databaseUrl).toBeUndefined();
    for (const bad of ['mysql://root:s3cret@127.0.0.1:3306/test', 'postgres:/typo@h/db', 'psql: error: connection refused', './ecert.db']) {
      let error: unknown;
      try {
        loadConfig({ workspace: dir, env: { ECERT_DATABASE_URL: bad } });
      } catch (err) {
        error = err;
      }
      expect(error, bad).toBeInstanceOf(HubError);
      expect(error).toMatchObject({ code: 'HUB_ERR_CONFIG_INVALID', message: expect.stringContaining('ECERT_DATABASE_URL') });
      expect((error as Error).message).not.toContain('s3cret');
    }
  });

  it('reads ecert.yaml and rejects a bad batch size', () => {
    const dir = mkdtempSync(path.join(root, 'ws-'));
    writeFileSync(path.join(dir, 'ecert.yaml'), 'certificate_types:\n  - { code: a, name: 营业执照, holder_kind: organisation }\nquality:\n  warn_below: 90\n');
    const config = loadConfig({ workspace: dir, env: {} });
    expect(config.settings.certificate_types).toHaveLength(1);
    expect(config.settings.quality).toEqual({ warn_below: 90, fail_below: 80 });
    expect(() => loadConfig({ workspace: dir, env: { ECERT_BATCH_SIZE: 'lots' } })).toThrow(HubError);
  });

  it('refuses keys of ecert.yaml that no command reads, naming file, line and key, with the closest known key', () => {
    const dir = mkdtempSync(path.join(root, 'ws-'));
    const file = path.join(dir, 'ecert.yaml');
    writeFileSync(
      file,
      'certificate_types:\n  - { code: a, name: 营业执照, holder_kind: organisation, holderkind: person }\nqualty:\n  warn_below: 90\nreceipts:\n  valid_for: 30d\n  matters: { "110000000000": 10d }\nalerts: { email: x@example.org }\n',
    );
    expect(() => loadConfig({ workspace: dir, env: {} })).toThrow(
      new HubError(
        'HUB_ERR_CONFIG_INVALID',
        [
          `${file}:2: certificate_types.0.holderkind: is not a setting of ecert.yaml; did you mean "holder_kind"?`,
          `${file}:3: qualty: is not a setting of ecert.yaml; did you mean "quality"?`,
          `${file}:8: alerts: is not a setting of ecert.yaml`,
        ].join('\n'),
      ),
    );
  });

  it('reads ECERT_POOL_SIZE, 10 when unset, and refuses anything but a positive whole number', () => {
    const dir = mkdtempSync(path.join(root, 'ws-'));
    expect(loadConfig({ workspace: dir, env: {} }).poolSize).toBe(10);
    expect(loadConfig({ workspace: dir, env: { ECERT_POOL_SIZE: '' } }).poolSize).toBe(10);
    expect(loadConfig({ workspace: dir, env: { ECERT_POOL_SIZE: '32' } }).poolSize).toBe(32);
    for (const bad of ['0', '-4', 'ten', '2.5']) {
      expect(() => loadConfig({ workspace: dir, env: { ECERT_POOL_SIZE: bad } }), bad).toThrow(
        expect.objectContaining({ code: 'HUB_ERR_CONFIG_INVALID', message: `ECERT_POOL_SIZE must be a positive whole number, got "${bad}"` }),
      );
    }
  });

  it('substitutes ${NAME} from the environment and reports missing ones', () => {
    expect(substituteEnv('url: ${DB}/x ${NOPE}', { DB: 'pg' })).toEqual({ text: 'url: pg/x ', missing: ['NOPE'] });
  });
});
