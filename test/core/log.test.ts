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

describe('every string of a log line is masked', () => {
  const ID = '11010519491231002X';
  const ID15 = '110105491231002';

  function logged(write: (logger: ReturnType<typeof createLogger>) => void): string {
    const out = capture();
    write(createLogger({ level: 'info', destination: out.stream }));
    return out.lines().join('\n');
  }

  it('error messages and stacks, nested fields, arrays, a purpose and child bindings', () => {
    const err = new Error(`no holder ${ID}`);
    const text = logged((logger) => {
      logger.error({ event: 'error', err, purpose: `为 ${ID} 办理` }, 'lookup failed');
      logger.warn({ event: 'error', batch: { rows: [{ note: `line 3: ${ID15}` }, [`deep ${ID}`]] } }, 'nested');
      logger.child({ component: `job for ${ID}` }).info(`${ID} done`);
      logger.info({ event: 'lookup', [`key ${ID}`]: 1 });
    });
    expect(text).toContain('"stack"');
    expect(text).not.toContain(ID);
    expect(text).not.toContain(ID15);
    expect(text).toContain('110105********002X');
    for (const line of text.split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('full-width, spaced and percent-encoded spellings', () => {
    const fullWidth = '１１０１０５１９４９１２３１００２Ｘ';
    const spaced = '110105 19491231 002X';
    const encoded = `/v1/x?purpose=%A5${ID}&q=${encodeURIComponent(fullWidth)}&r=%31%31%30%31%30%35%31%39%34%39%31%32%33%31%30%30%32%58`;
    const text = logged((logger) => logger.info({ url: encoded, a: fullWidth, b: spaced }, `see ${fullWidth}`));
    expect(text).not.toContain(ID);
    expect(text).not.toContain(fullWidth);
    expect(text).not.toContain(spaced);
    expect(text).not.toContain(encodeURIComponent(fullWidth));
    expect(text).not.toContain('%31%31%30%31%30%35%31%39%34%39');
    expect(maskIdentityNumbers(`%A5${ID}`)).not.toContain(ID);
  });

  it('leaves lines without identity numbers as they were', () => {
    const text = logged((logger) => logger.info({ url: '/v1/matters?q=%E8%90%A5%E4%B8%9A', n: 12345 }, 'plain ５ 件'));
    expect(text).toContain('/v1/matters?q=%E8%90%A5%E4%B8%9A');
    expect(text).toContain('plain ５ 件');
  });
});
