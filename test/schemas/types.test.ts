import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CertificateTypeConfig } from '../../core/config.ts';
import { renderSchemaReference } from '../../schemas/render-schema-reference.ts';
import { renderTypes } from '../../schemas/render-types.ts';
import type { Certificate, CertificateType, CertStatus, HolderKind, Material, Matter } from '../../schemas/types.ts';
import { QUARANTINE_REASONS, type QuarantineReason } from '../../schemas/types.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const REBUILD = 'out of date: run `npx tsx schemas/build-types.ts`';

describe('files derived from the schemas', () => {
  it('schemas/types.generated.ts is up to date', async () => {
    const onDisk = readFileSync(path.join(ROOT, 'schemas', 'types.generated.ts'), 'utf8');
    expect(onDisk, REBUILD).toBe(await renderTypes());
  });

  it('docs/schema-reference.md is up to date', () => {
    const onDisk = readFileSync(path.join(ROOT, 'docs', 'schema-reference.md'), 'utf8');
    expect(onDisk, REBUILD).toBe(renderSchemaReference());
  });

  it('the reference documents every field with a bilingual title', () => {
    const reference = renderSchemaReference();
    for (const field of ['cert_type_code', 'holder_id_type', 'valid_until', 'materials[].accepted_cert_types', 'incremental.cursor', 'status_map']) {
      expect(reference).toContain(`\`${field}\``);
    }
    expect(reference).toContain('证照编号 Certificate number');
  });
});

describe('the canonical types keep the shapes other code relies on', () => {
  it('Certificate', () => {
    expectTypeOf<Certificate['holder_kind']>().toEqualTypeOf<HolderKind>();
    expectTypeOf<Certificate['status']>().toEqualTypeOf<CertStatus>();
    expectTypeOf<Certificate['valid_until']>().toEqualTypeOf<string | null>();
    expectTypeOf<Certificate['holder_id_type']>().toEqualTypeOf<string>();
    expectTypeOf<Certificate['issued_on']>().toEqualTypeOf<string>();
    expectTypeOf<Certificate['issuer_name']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Certificate['source_updated_at']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Certificate['surface']>().toExtend<Record<string, unknown> | undefined>();
  });

  it('Matter and Material', () => {
    expectTypeOf<Matter['materials']>().toEqualTypeOf<Material[]>();
    expectTypeOf<Matter['matter_type']>().toEqualTypeOf<string>();
    expectTypeOf<Matter['local_code']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Material['required']>().toEqualTypeOf<boolean>();
    expectTypeOf<Material['accepted_cert_types']>().toEqualTypeOf<string[]>();
  });

  it('CertificateType matches the workspace configuration entries', () => {
    expectTypeOf<CertificateType>().toEqualTypeOf<CertificateTypeConfig>();
  });

  it('QUARANTINE_REASONS in checking order', () => {
    expectTypeOf<QuarantineReason>().toEqualTypeOf<(typeof QUARANTINE_REASONS)[number]>();
    expect(QUARANTINE_REASONS).toEqual(['parse_error', 'missing_field', 'invalid_identifier', 'invalid_date', 'invalid_code', 'invalid_value']);
  });
});
