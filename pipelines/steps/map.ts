import { isEmptyValue } from '../../core/is-empty-value.ts';
import type { PipelineDefinition } from '../definition.ts';

/** A column name as written, else a dotted path into nested JSON (`holder.id`). */
function pick(data: Record<string, unknown>, column: string): unknown {
  if (Object.hasOwn(data, column)) return data[column];
  let cur: unknown = data;
  for (const part of column.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * Source record → canonical field names. `defaults` are constants for every record; a mapped
 * value wins when present. Unmapped source columns are the certificate face (照面信息) and go into
 * `surface`, so nothing the department sent is dropped.
 */
export function mapRecord(
  data: Record<string, unknown>,
  pipeline: Pick<PipelineDefinition, 'mapping' | 'defaults' | 'entity'>,
  canonicalFields: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...pipeline.defaults };
  const surface: Record<string, unknown> = {};
  if (pipeline.mapping) {
    const used = new Set<string>();
    for (const [field, column] of Object.entries(pipeline.mapping)) {
      used.add(column.split('.')[0]!);
      const value = pick(data, column);
      if (!isEmptyValue(value) || out[field] === undefined) out[field] = value;
    }
    for (const [column, value] of Object.entries(data)) {
      if (!used.has(column) && !isEmptyValue(value)) surface[column] = value;
    }
  } else {
    for (const [key, value] of Object.entries(data)) {
      if (key === 'surface' && value !== null && typeof value === 'object') Object.assign(surface, value);
      else if (canonicalFields.has(key) || pipeline.entity !== 'certificate') {
        if (!isEmptyValue(value) || out[key] === undefined) out[key] = value;
      } else if (!isEmptyValue(value)) surface[key] = value;
    }
  }
  if (pipeline.entity === 'certificate' && Object.keys(surface).length > 0) out.surface = surface;
  return out;
}
