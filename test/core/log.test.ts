import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskId, maskIdentityNumbers } from '../../core/log.ts';

function capture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n') };
}

describe('log redaction', () => {
  it('keeps the first 6 and last 4 characters of an identity number', () => {
    expect(maskId('11010519491231002X')).toBe('110105********002X');
    expect(maskId('230301880319400')).toBe('230301*****9400');
  });

  it('masks identity numbers inside free text but not longer codes', () => {
    expect(maskIdentityNumbers('holder 11010519491231002X not found')).toBe('holder 110105********002X not found');
    expect(maskIdentityNumbers('cert 1.2.156.3005.2.11100000000013338W032')).toContain('11100000000013338W032');
  });

  it('never writes a full identity number, in fields or in messages', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.stream });
    logger.info({ holder_id: '11010519491231002X', record: { holder_id: '440524188001010014', holder_name: '张三' } }, 'lookup of 932682198501010017');
    const text = out.lines().join('\n');
    for (const id of ['11010519491231002X', '440524188001010014', '932682198501010017']) expect(text).not.toContain(id);
    expect(text).not.toContain('张三');
    expect(text).toContain('110105********002X');
  });
});
