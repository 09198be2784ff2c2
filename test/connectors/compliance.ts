import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { type ErrorCode, isHubError } from '../../core/errors.ts';
import { createLogger } from '../../core/log.ts';
import { NO_SYNC_STATE, type SyncState } from '../../core/sync-state.ts';
import type { Connector, ConnectorContext, SourceBatch, SourceRecord } from '../../connectors/define-connector.ts';
import { captureLog } from '../capture-log.ts';

export function testContext(workspace: string, batchSize = 100): ConnectorContext {
  return { logger: createLogger({ level: 'silent' }), batchSize, workspace };
}

export async function readBatches<C>(connector: Connector<C>, config: C, state: SyncState, ctx: ConnectorContext): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = [];
  for await (const batch of connector.read(config, state, ctx)) batches.push(batch);
  return batches;
}

export async function readRecords<C>(connector: Connector<C>, config: C, ctx: ConnectorContext, state: SyncState = NO_SYNC_STATE): Promise<SourceRecord[]> {
  return (await readBatches(connector, config, state, ctx)).flatMap((b) => b.records);
}

export interface ComplianceCase<C> {
  connector: Connector<C>;
  /** A source block that reads the fixture. */
  config: C;
  /** The same block pointing at a file (table) that does not exist; none for a source that has no such thing. */
  missingFileConfig?: C;
  /** What reading `missingFileConfig` fails with; a missing file by default. */
  missingError?: { code: ErrorCode; message: RegExp };
  /** The running record number a batch's position names; by default its one numeric value (`{ line: n }`). */
  positionLine?: (position: unknown) => number;
  /**
   * A live source's positions are key tuples, opaque to the runner, rather than the line of the
   * batch's last record: they must still change from batch to batch.
   */
  opaquePositions?: boolean;
  workspace: string;
  /** Source rows in the fixture, unreadable ones included: each must come out exactly once. */
  rows: number;
  /** Small, so that the fixture spans several batches. */
  batchSize: number;
}

const CJK = /[\u4e00-\u9fff]/;
const LATIN = /[A-Za-z]{3}/;

function checkConfigSchema<C>(c: ComplianceCase<C>): void {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const schema = c.connector.configSchema as {
    required?: string[];
    additionalProperties?: unknown;
    properties?: Record<string, { description?: string; default?: unknown; examples?: unknown[] }>;
  };
  const validate = ajv.compile(schema);
  expect(validate(c.config), JSON.stringify(validate.errors)).toBe(true);
  expect(validate({ ...c.config, connector: c.connector.kind }), 'accepts its `connector` key').toBe(true);
  expect(schema.additionalProperties, 'unknown keys are refused').toBe(false);
  expect(validate({ ...c.config, pathh: 'typo' }), 'a misspelt key is refused').toBe(false);
  expect(schema.required).toContain('connector');

  const properties = Object.entries(schema.properties ?? {});
  expect(properties.map(([k]) => k)).toContain('connector');
  for (const [key, property] of properties) {
    const label = `${c.connector.kind}.${key}`;
    expect(property.description, `${label}: description`).toMatch(CJK);
    expect(property.description, `${label}: description`).toMatch(LATIN);
    expect(property.examples?.length, `${label}: examples`).toBeGreaterThan(0);
    const checkProperty = ajv.compile(property);
    for (const example of property.examples ?? []) expect(checkProperty(example), `${label}: example ${JSON.stringify(example)}`).toBe(true);
    if (!schema.required?.includes(key) || key === 'connector') {
      expect(property, `${label}: default`).toHaveProperty('default');
      expect(checkProperty(property.default), `${label}: default is valid`).toBe(true);
    }
  }
}

function positionValue(position: unknown): number {
  expect(typeof position === 'object' && position !== null, `position ${JSON.stringify(position)} is an object`).toBe(true);
  const values = Object.values(position as Record<string, unknown>);
  expect(values).toHaveLength(1);
  expect(typeof values[0]).toBe('number');
  return values[0] as number;
}

function checkRecord(record: SourceRecord): void {
  expect(Number.isInteger(record.line) && record.line > 0, `line ${record.line}`).toBe(true);
  if (record.error === undefined) {
    expect(record.data, `line ${record.line}: data`).toBeTypeOf('object');
  } else {
    expect(record.data, `line ${record.line}: no data with an error`).toBeUndefined();
    expect(record.error.length).toBeGreaterThan(0);
    expect(record.text, `line ${record.line}: raw text kept`).toBeTypeOf('string');
  }
}

/** A context whose logger keeps the events it is given. */
function recordingContext(workspace: string, batchSize: number): { ctx: ConnectorContext; events: () => Record<string, unknown>[] } {
  const { logger, events } = captureLog('warn');
  return { ctx: { logger, batchSize, workspace }, events };
}

/**
 * The fingerprint of a file source: the same on every batch and every read, the same for a copy
 * (another path, another modification time), and a resume from a position taken on another
 * source reads from the start, with a warning.
 */
async function checkFingerprint<C>(c: ComplianceCase<C>, batches: SourceBatch[], all: SourceRecord[]): Promise<void> {
  const fingerprint = batches[0]?.fingerprint;
  expect(fingerprint, 'a file source has a fingerprint').toEqual(expect.any(String));
  for (const batch of batches) expect(batch.fingerprint, 'one fingerprint for the whole read').toBe(fingerprint);

  const source = (c.config as { path?: unknown }).path;
  if (typeof source === 'string') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ecert-fingerprint-'));
    try {
      const copy = path.join(dir, path.basename(source));
      copyFileSync(path.resolve(c.workspace, source), copy);
      const [first] = await readBatches(c.connector, { ...c.config, path: copy }, NO_SYNC_STATE, testContext(c.workspace, c.batchSize));
      expect(first?.fingerprint, 'a copy has the same fingerprint').toBe(fingerprint);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const resumeAt = batches[0]!.position;
  const quiet = recordingContext(c.workspace, c.batchSize);
  const same = await readRecords(c.connector, c.config, quiet.ctx, { ...NO_SYNC_STATE, position: resumeAt, fingerprint: fingerprint ?? null });
  expect(same, 'resumes on the same source').toEqual(all.slice(batches[0]!.records.length));
  expect(quiet.events().filter((e) => e.event === 'source_changed')).toEqual([]);

  const changed = recordingContext(c.workspace, c.batchSize);
  const other = await readRecords(c.connector, c.config, changed.ctx, { ...NO_SYNC_STATE, position: resumeAt, fingerprint: 'another source' });
  expect(other, 'reads another source from the start').toEqual(all);
  expect(changed.events().find((e) => e.event === 'source_changed'), 'warns, naming both fingerprints').toMatchObject({
    previous_fingerprint: 'another source',
    fingerprint,
  });
}

/** Runs a connector against a fixture and checks the connector contract. */
export async function checkCompliance<C>(c: ComplianceCase<C>): Promise<void> {
  checkConfigSchema(c);
  const ctx = testContext(c.workspace, c.batchSize);

  const batches = await readBatches(c.connector, c.config, NO_SYNC_STATE, ctx);
  expect(batches.length, 'the fixture spans several batches').toBeGreaterThan(2);
  let previousPosition = 0;
  let previousOpaque = '';
  let previousLine = 0;
  for (const batch of batches) {
    expect(batch.records.length).toBeGreaterThan(0);
    expect(batch.records.length).toBeLessThanOrEqual(c.batchSize);
    for (const record of batch.records) {
      checkRecord(record);
      expect(record.line, 'lines advance').toBeGreaterThan(previousLine);
      previousLine = record.line;
    }
    if (c.opaquePositions) {
      const opaque = JSON.stringify(batch.position);
      expect(opaque, 'positions advance').not.toBe(previousOpaque);
      previousOpaque = opaque;
    } else {
      const position = (c.positionLine ?? positionValue)(batch.position);
      expect(position, 'positions advance').toBeGreaterThan(previousPosition);
      expect(position, 'a position is the last record of its batch').toBe(batch.records.at(-1)?.line);
      previousPosition = position;
    }
  }
  const all = batches.flatMap((b) => b.records);
  expect(all).toHaveLength(c.rows);
  const complete = { ...NO_SYNC_STATE, fingerprint: batches[0]!.fingerprint, floor: ['2024-01-01'], max: ['2024-01-01'], complete: true };
  expect(await readRecords(c.connector, c.config, ctx, complete), 'a state without a position reads from the start').toEqual(all);

  // A run that crashed after committing batch k resumes with batch k + 1.
  const after = (b: SourceBatch | undefined): SyncState => ({ ...NO_SYNC_STATE, position: b?.position, fingerprint: b?.fingerprint ?? null });
  for (const k of [0, Math.floor(batches.length / 2)]) {
    const committed = batches.slice(0, k + 1).reduce((n, b) => n + b.records.length, 0);
    const rest = await readRecords(c.connector, c.config, ctx, after(batches[k]));
    expect(rest, `resume after batch ${k + 1}`).toEqual(all.slice(committed));
  }
  expect(await readRecords(c.connector, c.config, ctx, after(batches.at(-1))), 'resume after the last batch').toEqual([]);
  await checkFingerprint(c, batches, all);

  const checked = await c.connector.check?.(c.config, ctx);
  expect(checked?.ok, checked?.message).toBe(true);
  expect(checked?.columns?.length).toBeGreaterThan(0);

  if (c.missingFileConfig === undefined) return;
  const missing = await readBatches(c.connector, c.missingFileConfig, NO_SYNC_STATE, ctx).then(
    () => undefined,
    (err: unknown) => err,
  );
  const expected = c.missingError ?? { code: 'HUB_ERR_FILE_NOT_FOUND', message: /^source file not found: / };
  expect(isHubError(missing) && missing.code).toBe(expected.code);
  expect((missing as Error).message).toMatch(expected.message);
  const missingCheck = await c.connector.check?.(c.missingFileConfig, ctx);
  expect(missingCheck?.ok).toBe(false);
  expect(missingCheck?.message).toMatch(expected.message);
}
