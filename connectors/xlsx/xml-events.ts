import { StringDecoder } from 'node:string_decoder';

/** One event of an XML document. Element and attribute names lose their namespace prefix (`x:row` → `row`). */
export type XmlEvent =
  | { kind: 'open'; name: string; attrs: Record<string, string>; empty: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

const TAG = /<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Markup that is not an element, and what ends it. */
const SPECIAL: [start: string, end: string][] = [
  ['<![CDATA[', ']]>'],
  ['<!--', '-->'],
  ['<?', '?>'],
  ['<!', '>'],
];
/** A tag longer than this is not a tag that spreadsheet parts contain: the input is not XML. */
const MAX_PENDING = 1 << 20;

function unescapeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, named: string | undefined) =>
    named ? NAMED[named]! : String.fromCodePoint(Number.parseInt(hex ?? dec!, hex ? 16 : 10)),
  );
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function attributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of text.matchAll(ATTR)) {
    if (m[1]!.startsWith('xmlns')) continue;
    attrs[localName(m[1]!)] = unescapeEntities(m[2] ?? m[3] ?? '');
  }
  return attrs;
}

/**
 * The events of an XML byte stream, one array per chunk read, so that a worksheet of any size is
 * parsed with the memory of one chunk. Only what spreadsheet parts use is understood: elements,
 * attributes, text, character references and CDATA; comments, processing instructions and the
 * doctype are skipped, and no entity is ever expanded from a DTD.
 */
export async function* xmlEvents(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<XmlEvent[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const parse = (final: boolean): XmlEvent[] => {
    const events: XmlEvent[] = [];
    let at = 0;
    for (;;) {
      const lt = pending.indexOf('<', at);
      if (lt < 0) break;
      if (lt > at) events.push({ kind: 'text', text: unescapeEntities(pending.slice(at, lt)) });
      at = lt;
      const special = pending.startsWith('<!', at) || pending.startsWith('<?', at) ? SPECIAL.find(([s]) => pending.startsWith(s, at)) : undefined;
      if (special) {
        const end = pending.indexOf(special[1], at + special[0].length);
        if (end < 0) break;
        if (special[0] === '<![CDATA[') events.push({ kind: 'text', text: pending.slice(at + special[0].length, end) });
        at = end + special[1].length;
        continue;
      }
      TAG.lastIndex = at;
      const m = TAG.exec(pending);
      if (!m) {
        // The tag may go on in the next chunk; at the end of the input it never will.
        if (final) throw new Error(`not well-formed XML near ${JSON.stringify(pending.slice(at, at + 40))}`);
        break;
      }
      const name = localName(m[2]!);
      if (m[1]) events.push({ kind: 'close', name });
      else events.push({ kind: 'open', name, attrs: attributes(m[3]!), empty: m[4] === '/' });
      at = TAG.lastIndex;
    }
    pending = pending.slice(at);
    if (pending.length > MAX_PENDING) throw new Error('not well-formed XML: a tag or text run longer than 1 MiB');
    return events;
  };
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    yield parse(false);
  }
  pending += decoder.end();
  const last = parse(true);
  if (pending.trim() !== '') throw new Error(`not well-formed XML: unexpected end in ${JSON.stringify(pending.slice(0, 40))}`);
  yield last;
}
