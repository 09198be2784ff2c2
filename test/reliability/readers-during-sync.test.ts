import { describe, expect, it } from 'vitest';
import { readersDuringSync } from '../../bench/reliability/readers-during-sync.ts';
import { ECERT_BIN } from '../cli-bundle.ts';

const adminUrl = process.env.ECERT_TEST_DATABASE_URL;
if (!adminUrl) console.warn('SKIPPED readers-during-sync.test.ts: needs Postgres; set ECERT_TEST_DATABASE_URL to run it');

const ROWS = 20_000;

describe.skipIf(!adminUrl)(`the lookup API while ecert sync loads ${ROWS} licences into the same Postgres`, () => {
  it('keeps answering: lookups are answered while a batch transaction is held open, and every lookup during the sync is a 200', { timeout: 180_000 }, async () => {
    const f = await readersDuringSync({ adminUrl: adminUrl!, rows: ROWS, batchSize: 2000, bin: ECERT_BIN });
    expect(f.sync.code).toBe(0);
    expect(f.heldBatch.answered).toBe(f.heldBatch.lookups);
    expect(f.failures).toEqual([]);
    expect(f.byStatus).toEqual({ 200: f.requests });
    // A reader blocked behind the loader's transactions would get through a handful of lookups
    // at most (one per batch commit); a free one gets through many per batch.
    expect(f.answeredDuringSync).toBeGreaterThan(ROWS / 2000);
  });
});
