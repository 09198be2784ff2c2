import { type Document, LineCounter, parseDocument } from 'yaml';

interface YamlWithLines {
  doc: Document;
  /** Syntax problems, each with its 1-based line when the parser knows it. */
  errors: { line: number | undefined; message: string }[];
  /**
   * The line of the node at a key path (`['source', 'path']`; digits index sequences), or of
   * its nearest ancestor the document has: a missing key is reported where its parent is.
   */
  lineAt(keys: readonly string[]): number | undefined;
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
  return { doc, errors: doc.errors.map((e) => ({ line: e.linePos?.[0]?.line, message: e.message })), lineAt };
}
