import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { licencePipelineYaml } from '../../../bench/licence-pipeline.ts';
import { countCertificates } from '../../../catalog/certificate-repository.ts';
import { checkSource } from '../../../pipelines/check-source.ts';
import { loadDefinitions } from '../../../pipelines/load-definitions.ts';
import { runPipeline } from '../../../pipelines/run-pipeline.ts';
import { ISSUER, TYPES, today, uscc } from '../../pipelines/licence-workspace.ts';
import { expectEveryRunAddsUp } from '../../pipelines/run-ledger.ts';
import { forEachTarget, resetCatalog } from '../../setup.ts';
import { tempDir } from '../../temp-dir.ts';
import { forEachSourceServer } from './source-servers.ts';

function pipelineYaml(driver: string, table: string): string {
  return licencePipelineYaml(`  connector: sql\n  driver: ${driver}\n  url: \${SOURCE_DB_URL}\n  table: ${table}`, ISSUER, 'incremental:\n  cursor: [updated_at, id]\n  lag: 10m\n');
}

/** `2024-05-01 10:mm:00`: the source's wall clock, minutes past ten. */
const at = (minute: number): string => `2024-05-01 ${String(10 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
const row = (id: number, minute: number, name = `公司${id}`): string => `(${id}, 'YYZZ${id}', '${name}', '${uscc(id)}', '2020-01-02', '有效', '${at(minute)}')`;

// One catalogue per target, shared by the source servers (opening one is the slow part).
forEachTarget('incremental sync from a sql source', (getCatalog, target) => {
  const root = tempDir('sql-sync');

  forEachSourceServer(`into the ${target} catalogue`, (server) => {
    const table = 'licences';
    let dir = '';
    const pipeline = () => {
      const loaded = loadDefinitions(path.join(dir, 'pipelines'), { ...process.env, SOURCE_DB_URL: server().url });
      expect(loaded.errors).toEqual([]);
      return loaded.pipelines[0]!;
    };
    const run = () => runPipeline(pipeline(), { db: getCatalog().db, workspace: dir, batchSize: 5, certificateTypes: TYPES, today });
    const insert = (...rows: string[]) => server().exec(`insert into ${table} (id, cert_no, name, holder_id, issued, status, updated_at) values ${rows.join(', ')}`);

    beforeAll(async () => {
      await resetCatalog(getCatalog().db);
      const time = server().driver === 'mysql' ? 'datetime' : 'timestamp';
      await server().exec(
        `create table ${table} (id int primary key, cert_no varchar(20) not null, name varchar(40) not null, holder_id varchar(18) not null, issued date not null, status varchar(8) not null, updated_at ${time} not null)`,
      );
      dir = path.join(root, server().driver);
      mkdirSync(path.join(dir, 'pipelines'), { recursive: true });
      writeFileSync(path.join(dir, 'pipelines', 'licences.yaml'), pipelineYaml(server().driver, table));
    });

    it('loads late rows inside the lag, shows rows updated in place as updated, and never rewrites the overlap', async () => {
      await insert(...Array.from({ length: 12 }, (_, i) => row(i + 1, i)));
      expect(await run()).toMatchObject({ status: 'succeeded', read: 12, inserted: 12 });

      // Committed late at the source: one inside the 10-minute lag behind the floor (10:11), one far behind it.
      await insert(row(13, 5), row(14, -60));
      const late = await run();
      // From 10:01 on: the late row is new, the 11 rows re-read in the window cost no writes; the row at 09:00 is not read.
      expect(late).toMatchObject({ status: 'succeeded', read: 12, inserted: 1, updated: 0, unchanged: 11 });
      expect(await countCertificates(getCatalog().db)).toBe(13);

      await server().exec(`update ${table} set name = '新名称', updated_at = '${at(30)}' where id = 3`);
      const updated = await run();
      expect(updated).toMatchObject({ status: 'succeeded', inserted: 0, updated: 1 });
      const stored = await getCatalog().db.selectFrom('certificates').select(['holder_name', 'version']).where('cert_number', '=', 'YYZZ3').executeTakeFirstOrThrow();
      expect(stored).toEqual({ holder_name: '新名称', version: 2 });

      expect(await run()).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0 });
      await expectEveryRunAddsUp(getCatalog().db);
    });

    it('checks a query source ordered on the incremental cursor: columns and a sample, nothing written', async () => {
      const p = pipeline();
      const query = { ...p, source: { ...p.source, table: null, query: `select * from ${table} where status = '有效'` } };
      const checked = await checkSource(query, { workspace: dir, batchSize: 5, certificateTypes: TYPES, today });
      expect(checked).toMatchObject({ ok: true, missing_columns: [], sample: { read: 5, valid: 5 } });
      expect(checked.columns).toEqual(['id', 'cert_no', 'name', 'holder_id', 'issued', 'status', 'updated_at']);
    });
  });
});
