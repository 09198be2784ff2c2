/** Regenerates the files derived from the schemas: schemas/types.generated.ts and docs/schema-reference.md. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderSchemaReference } from './render-schema-reference.ts';
import { renderTypes } from './render-types.ts';

const GENERATED_TYPES_FILE = path.join(import.meta.dirname, 'types.generated.ts');
const SCHEMA_REFERENCE_FILE = path.join(import.meta.dirname, '..', 'docs', 'schema-reference.md');

writeFileSync(GENERATED_TYPES_FILE, await renderTypes());
mkdirSync(path.dirname(SCHEMA_REFERENCE_FILE), { recursive: true });
writeFileSync(SCHEMA_REFERENCE_FILE, renderSchemaReference());
process.stdout.write(`wrote ${path.relative(process.cwd(), GENERATED_TYPES_FILE)} and ${path.relative(process.cwd(), SCHEMA_REFERENCE_FILE)}\n`);
