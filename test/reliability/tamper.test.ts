import { beforeAll, expect, it } from 'vitest';
import { seedTamperCatalogue, TAMPER_CASES } from '../../bench/reliability/tamper-cases.ts';
import { runTamperCases } from '../../bench/reliability/tamper.ts';
import { forEachTarget } from '../setup.ts';

forEachTarget('tamper evidence', (getCatalog) => {
  beforeAll(async () => {
    await seedTamperCatalogue(getCatalog().db);
  });

  for (const c of TAMPER_CASES) {
    it(`names the altered row: ${c.name}`, async () => {
      const [outcome] = await runTamperCases(getCatalog().db, [c]);
      expect(outcome?.breaks).toContainEqual(expect.objectContaining({ table: c.expect.table, key: expect.objectContaining(c.expect.key) }));
      expect(outcome?.detected).toBe(true);
    });
  }
});
