import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';

interface YamlWithLines {
  doc: Document;
  /** Syntax problems, each with its 1-based line when the parser knows it. */
  errors: { line: number | undefined; message: string }[];
  /**
   * The line of the node at a key path (`['source', 'path']`; digits index sequences), or of
   * its nearest ancestor the document has: a missing key is reported where its parent is.
   */
  lineAt(keys: readonly string[]): number | undefined;
  /** The line of the last key of a path itself (where an unknown key is written), else as `lineAt`. */
  keyLineAt(keys: readonly string[]): number | undefined;
}

/** Parses YAML keeping enough position data to point messages at the right line. */
export function parseYamlWithLines(text: string): YamlWithLines {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const lineAt = (keys: readonly string[]): number | undefined => {
    const path = keys.map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
    }
    return undefined;
  };
  const keyLineAt = (keys: readonly string[]): number | undefined => {
    const parentKeys = keys.slice(0, -1).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const parent = parentKeys.length === 0 ? doc.contents : doc.getIn(parentKeys, true);
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === keys.at(-1)) : undefined;
    const range = isScalar(pair?.key) ? pair.key.range : undefined;
    return range ? counter.linePos(range[0]).line : lineAt(keys);
  };
  return { doc, errors: doc.errors.map((e) => ({ line: e.linePos?.[0]?.line, message: e.message })), lineAt, keyLineAt };
}
