import { isPlainObject } from './normalise/fields.ts';
import { schemas, type SchemaName } from './schema-documents.ts';

type Node = Record<string, unknown>;

/** `/materials/0/name` → `materials[0].name`: how people write a field in a message. */
export function dottedPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  }
  return out;
}

function follow(node: Node, root: Node): Node {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return node;
  const defs = root.$defs;
  const target = isPlainObject(defs) ? defs[ref.slice('#/$defs/'.length)] : undefined;
  return isPlainObject(target) ? target : node;
}

function titleAt(schemaName: SchemaName, pointer: string): string | undefined {
  const root: Node = schemas[schemaName];
  let node: Node | undefined = root;
  for (const seg of pointer.split('/').slice(1)) {
    if (!node) return undefined;
    if (/^\d+$/.test(seg)) {
      node = isPlainObject(node.items) ? follow(node.items, root) : undefined;
      continue;
    }
    const child: unknown = isPlainObject(node.properties) ? node.properties[seg] : undefined;
    node = isPlainObject(child) ? follow(child, root) : undefined;
  }
  return typeof node?.title === 'string' ? node.title : undefined;
}

/** The Chinese name of a field from its schema title, e.g. `发证日期` for `/issued_on`; undefined when it has none. */
export function chineseFieldName(schemaName: SchemaName, pointer: string): string | undefined {
  return titleAt(schemaName, pointer)?.split(' ')[0];
}

const labels = new Map<string, string>();

/**
 * The field as messages name it: its Chinese title from the schema, then its path, e.g.
 * `证照编号 cert_number` or `材料名称 materials[0].name`. Unknown fields get the path alone.
 */
export function fieldLabel(schemaName: SchemaName, pointer: string): string {
  const key = `${schemaName}:${pointer}`;
  let label = labels.get(key);
  if (label === undefined) {
    const title = titleAt(schemaName, pointer);
    const dotted = dottedPath(pointer);
    label = title ? `${title.split(' ')[0]} ${dotted}` : dotted;
    labels.set(key, label);
  }
  return label;
}
