import type { Kysely } from 'kysely';
import type { Database } from '../catalog/database.ts';
import { keyOf, type NaturalKey } from '../catalog/natural-key.ts';
import { certificatesByFingerprint } from '../catalog/source-fingerprints.ts';
import type { SourceRecord } from '../connectors/define-connector.ts';
import type { Certificate } from '../schemas/types.ts';
import type { PipelineDefinition } from './definition.ts';
import { recordFingerprint } from './record-fingerprint.ts';
import { type TransformContext, type TransformedBatch, transformBatch } from './transform-batch.ts';

export interface Fingerprinting {
  db: Kysely<Database>;
  /** transformVersion() of the pipeline. */
  transform: string;
  /** Whether a record whose fingerprint is stored may skip the transform (false: fingerprint only, as for a full refresh). */
  skip: boolean;
}

export interface ChangedBatch {
  t: TransformedBatch<Certificate>;
  /** Parallel to t.records: the fingerprint of the source record each came from. */
  fingerprints: (string | undefined)[];
  /** Keys of the records skipped because the row stored for them came from the same record through the same transform. */
  unchanged: NaturalKey[];
}

/** Keys that occur more than once in the list. */
function repeated(keys: string[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const k of keys) (seen.has(k) ? twice : seen).add(k);
  return twice;
}

/**
 * The transform of one certificate batch, minus the records already stored exactly as they are:
 * each record is fingerprinted, and one whose fingerprint is on the row this pipeline stored for
 * its key is counted unchanged instead of transformed — which is what transforming and loading it
 * would conclude. A record is still transformed when skipping it could change what the others
 * become: when another record of the batch has the same key (dedupe must choose between them) or
 * the previous batch, which may still be loading, wrote its key (`recent`).
 */
export async function transformChanged(
  f: Fingerprinting,
  pipeline: PipelineDefinition,
  source: SourceRecord[],
  ctx: TransformContext,
  recent: ReadonlySet<string>,
): Promise<ChangedBatch> {
  const prints = source.map((r) => recordFingerprint(f.transform, r));
  const stored = f.skip ? await certificatesByFingerprint(f.db, pipeline.name, prints.filter((p) => p !== undefined)) : new Map<string, NaturalKey>();
  const candidates = new Map<number, string>();
  prints.forEach((p, i) => {
    const key = p === undefined ? undefined : stored.get(p);
    if (key !== undefined) candidates.set(i, keyOf(key));
  });
  const twice = repeated([...candidates.values()]);
  for (const [i, key] of candidates) if (twice.has(key) || recent.has(key)) candidates.delete(i);

  let rest = source.flatMap((r, i) => (candidates.has(i) ? [] : [{ r, i }]));
  let t = transformBatch(pipeline, rest.map((x) => x.r), ctx) as TransformedBatch<Certificate>;
  const clash = new Set(t.records.map(keyOf));
  if ([...candidates.values()].some((key) => clash.has(key))) {
    for (const [i, key] of candidates) if (clash.has(key)) candidates.delete(i);
    rest = source.flatMap((r, i) => (candidates.has(i) ? [] : [{ r, i }]));
    t = transformBatch(pipeline, rest.map((x) => x.r), ctx) as TransformedBatch<Certificate>;
  }
  return {
    t,
    fingerprints: t.sources.map((s) => prints[rest[s]!.i]),
    unchanged: [...candidates.keys()].map((i) => stored.get(prints[i]!)!),
  };
}
