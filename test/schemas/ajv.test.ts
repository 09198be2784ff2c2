import { describe, expect, it } from 'vitest';
import { ajv, schemaNames, validators } from '../../schemas/ajv.ts';
import { customFormats } from '../../schemas/formats/custom-formats.ts';

describe('the ajv instance', () => {
  it('has a compiled validator for every schema name', () => {
    expect([...schemaNames].sort()).toEqual(Object.keys(validators).sort());
    for (const name of schemaNames) expect(typeof validators[name]).toBe('function');
  });

  it('knows the shared definitions by $ref', () => {
    expect(ajv.getSchema('defs.schema.json#/$defs/uscc')?.('11220000013544541J')).toBe(true);
  });

  it('runs in strict mode: unknown keywords are refused', () => {
    expect(() => ajv.compile({ type: 'string', colour: 'red' })).toThrow(/strict mode/);
  });

  it.each<[string, string, boolean]>([
    ['uscc', '11220000013544541J', true],
    ['uscc', '11220000013544541j', false],
    ['uscc', '11220000013544541K', false],
    ['org-code', '013544541', true],
    ['org-code', '01354454-1', false],
    ['resident-id', '11010519491231002X', true],
    ['resident-id', '11010519491231002x', false],
    ['resident-id', '230301880319400', false],
    ['resident-id', '110105194912310021', false],
    ['division-code', '360823', true],
    ['division-code', '369999', false],
    ['cert-status', 'valid', true],
    ['cert-status', '吊销', true],
    ['cert-status', '作废?', false],
    ['matter-type', '01', true],
    ['matter-type', '20', true],
    ['matter-type', '11', false],
  ])('format %s: %s → %s', (format, value, valid) => {
    expect(customFormats[format]?.(value)).toBe(valid);
    expect(ajv.validate({ type: 'string', format }, value)).toBe(valid);
  });

  it('validates certificate-type entries like ecert.yaml holds them', () => {
    expect(validators['certificate-type']({ code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' })).toBe(true);
    expect(validators['certificate-type']({ code: 'scjg yyzz', name: '营业执照', holder_kind: 'company' })).toBe(false);
  });
});
