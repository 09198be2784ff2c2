import { describe, expect, it } from 'vitest';
import { type XmlEvent, xmlEvents } from '../../../connectors/xlsx/xml-events.ts';

async function events(chunks: (string | Buffer)[]): Promise<XmlEvent[]> {
  const out: XmlEvent[] = [];
  for await (const batch of xmlEvents(chunks)) out.push(...batch);
  return out;
}

describe('xmlEvents', () => {
  const doc = '<?xml version="1.0"?>\n<x:row r="2" x:spans="1:2"><!-- note --><x:c r="A2" t="s"><v>&lt;1&gt; &amp; &#x5E74;&#24180;</v></x:c><c r="B2" f=\'a>b\'/><t><![CDATA[<raw>]]></t></x:row>';
  const expected: XmlEvent[] = [
    { kind: 'text', text: '\n' },
    { kind: 'open', name: 'row', attrs: { r: '2', spans: '1:2' }, empty: false },
    { kind: 'open', name: 'c', attrs: { r: 'A2', t: 's' }, empty: false },
    { kind: 'open', name: 'v', attrs: {}, empty: false },
    { kind: 'text', text: '<1> & 年年' },
    { kind: 'close', name: 'v' },
    { kind: 'close', name: 'c' },
    { kind: 'open', name: 'c', attrs: { r: 'B2', f: 'a>b' }, empty: true },
    { kind: 'open', name: 't', attrs: {}, empty: false },
    { kind: 'text', text: '<raw>' },
    { kind: 'close', name: 't' },
    { kind: 'close', name: 'row' },
  ];

  it('reads elements, prefixed names, attributes with > in them, character references and CDATA', async () => {
    expect(await events([doc])).toEqual(expected);
  });

  it('gives the same events whatever the chunk boundaries, multi-byte characters split included', async () => {
    const bytes = Buffer.from(doc.replace('&#x5E74;', '年'));
    for (const size of [1, 2, 3, 7, 64]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const merged = (await events(chunks)).reduce<XmlEvent[]>((out, e) => {
        const prev = out.at(-1);
        if (e.kind === 'text' && prev?.kind === 'text') prev.text += e.text;
        else out.push({ ...e });
        return out;
      }, []);
      expect(merged, `chunks of ${size}`).toEqual(expected);
    }
  });

  it('refuses input that ends inside a tag', async () => {
    await expect(events(['<row><c r="A1"'])).rejects.toThrow(/not well-formed/);
  });
});
