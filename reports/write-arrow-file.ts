import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import {
  Bool,
  DateDay,
  Field,
  Int32,
  Int64,
  makeBuilder,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  TimestampMillisecond,
  Utf8,
  type DataType,
} from 'apache-arrow';
import type { ColumnKind, ExportColumn } from './export-columns.ts';

function arrowType(kind: ColumnKind): DataType {
  switch (kind) {
    case 'int':
      return new Int32();
    case 'bigint':
      return new Int64();
    case 'bool':
      return new Bool();
    case 'date':
      return new DateDay();
    case 'timestamp':
      return new TimestampMillisecond('UTC');
    default:
      return new Utf8();
  }
}

/** The value as the Arrow builder of its kind takes it. */
function arrowValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'bigint') return BigInt(value as number);
  if (kind === 'date') return new Date(`${String(value)}T00:00:00Z`);
  if (kind === 'timestamp') return (value as Date).getTime();
  return value;
}

/** Arrow IPC file: one record batch per page, written as it comes, with a fixed schema. */
export async function writeArrowFile(rows: AsyncIterable<unknown[][]>, columns: readonly ExportColumn[], file: string): Promise<number> {
  const fields = columns.map((col) => new Field(col.name, arrowType(col.kind), true));
  const schema = new Schema(fields);
  const writer = new RecordBatchFileWriter();
  const written = pipeline(writer.toNodeStream(), createWriteStream(file));
  let count = 0;
  try {
    for await (const page of rows) {
      const children = fields.map((field, i) => {
        const builder = makeBuilder({ type: field.type, nullValues: [null, undefined] });
        for (const row of page) builder.append(arrowValue(columns[i]!.kind, row[i]));
        return builder.finish().flush();
      });
      writer.write(new RecordBatch(schema, makeData({ type: new Struct(fields), length: page.length, nullCount: 0, children })));
      count += page.length;
    }
  } finally {
    writer.finish();
  }
  await written;
  return count;
}
