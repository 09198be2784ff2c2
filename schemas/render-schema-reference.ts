import { defsSchema, schemas, type SchemaName } from './schema-documents.ts';

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DEFS = defsSchema.$defs as Record<string, Node>;

/** Table cells: pipes would end the cell and newlines the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function literal(value: unknown): string {
  return `\`${JSON.stringify(value)}\``;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** A short type for the table: `string (format: uscc)`, `"merge" or "replace"`, `array of …`, a def's name. */
function typeOf(node: Node): string {
  if (typeof node.$ref === 'string') {
    const name = refName(node.$ref);
    return node.$ref.startsWith('defs.schema.json') ? `[${name}](#${name.toLowerCase()})` : name;
  }
  if (Array.isArray(node.enum)) return node.enum.map(literal).join(' or ');
  if ('const' in node) return literal(node.const);
  for (const key of ['anyOf', 'oneOf']) {
    const options = node[key];
    if (Array.isArray(options)) return options.filter(isNode).map(typeOf).join(' or ');
  }
  const types = Array.isArray(node.type) ? (node.type as string[]) : typeof node.type === 'string' ? [node.type] : [];
  const parts = types.map((t) => {
    if (t === 'array' && isNode(node.items)) return `array of ${typeOf(node.items)}`;
    if (t === 'string' && typeof node.format === 'string') return `string (format: ${node.format})`;
    if (t === 'string' && typeof node.pattern === 'string') return `string (pattern: \`${node.pattern}\`)`;
    if (t === 'object' && isNode(node.additionalProperties)) return `object of ${typeOf(node.additionalProperties)}`;
    return t;
  });
  return parts.join(' or ') || 'any';
}

interface Row {
  field: string;
  node: Node;
  required: boolean;
}

/** Fields in schema order; nested object fields and array items follow their parent as `a.b` and `a[].b`. */
function rows(node: Node, root: Node, prefix = ''): Row[] {
  const out: Row[] = [];
  const required = Array.isArray(node.required) ? (node.required as string[]) : [];
  if (!isNode(node.properties)) return out;
  for (const [key, child] of Object.entries(node.properties)) {
    if (!isNode(child)) continue;
    const field = `${prefix}${key}`;
    out.push({ field, node: child, required: required.includes(key) });
    out.push(...rows(child, root, `${field}.`));
    const items = child.items;
    if (isNode(items) && typeof items.$ref === 'string' && items.$ref.startsWith('#/$defs/')) {
      const target = (root.$defs as Record<string, Node> | undefined)?.[refName(items.$ref)];
      if (target) out.push(...rows(target, root, `${field}[].`));
    }
  }
  return out;
}

function describe(node: Node): string {
  return [node.title, node.description].filter((t): t is string => typeof t === 'string').join(' — ');
}

function fieldTable(node: Node, root: Node): string {
  const lines = ['| 字段 Field | 类型 Type | 必填 Required | 默认 Default | 说明 Description |', '|---|---|---|---|---|'];
  for (const r of rows(node, root)) {
    const fallback = 'default' in r.node ? literal(r.node.default) : '';
    lines.push(
      `| \`${r.field}\` | ${cell(typeOf(r.node))} | ${r.required ? '是 yes' : ''} | ${cell(fallback)} | ${cell(describe(r.node))} |`,
    );
  }
  return lines.join('\n');
}

function defsTable(): string {
  const lines = ['| 定义 Definition | 类型 Type | 说明 Description |', '|---|---|---|'];
  for (const [name, def] of Object.entries(DEFS)) {
    lines.push(`| <a id="${name.toLowerCase()}"></a>\`${name}\` | ${cell(typeOf(def))} | ${cell(describe(def))} |`);
  }
  return lines.join('\n');
}

/** docs/schema-reference.md as it should be now: one field table per schema, from the schemas' own titles and descriptions. */
export function renderSchemaReference(): string {
  const sections = [
    '# 数据字典 Schema reference',
    '',
    'Generated from `schemas/*.schema.json` by `npx tsx schemas/build-types.ts`; a test fails when this file is out of date.',
    'Edit the schemas, not this file.',
  ];
  for (const [name, schema] of Object.entries(schemas) as [SchemaName, Node][]) {
    sections.push('', `## ${String(schema.title)} (\`${name}.schema.json\`)`, '', String(schema.description), '', fieldTable(schema, schema));
  }
  sections.push('', `## ${defsSchema.title} (\`defs.schema.json\`)`, '', defsSchema.description, '', defsTable(), '');
  return sections.join('\n');
}
