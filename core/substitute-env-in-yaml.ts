import { type Document, isMap, isScalar, isSeq } from 'yaml';
import { substituteEnv } from './config.ts';

/** A `${NAME}` whose variable is not set, with the key path of the value that holds it. */
export interface MissingVariable {
  name: string;
  keys: string[];
}

/**
 * Replaces `${NAME}` in the string values of a parsed YAML document, in place. Substituting
 * after parsing leaves comments alone (a template may explain `${NAME}` in one) and keeps a
 * value's own characters (`#`, `:`, quotes in a password) from being read as YAML.
 */
export function substituteEnvInYaml(doc: Document, env: NodeJS.ProcessEnv = process.env): MissingVariable[] {
  const missing: MissingVariable[] = [];
  const walk = (node: unknown, keys: string[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) walk(pair.value, [...keys, String(isScalar(pair.key) ? pair.key.value : pair.key)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...keys, String(i)]));
    } else if (isScalar(node) && typeof node.value === 'string') {
      const result = substituteEnv(node.value, env);
      node.value = result.text;
      for (const name of result.missing) missing.push({ name, keys });
    }
  };
  walk(doc.contents, []);
  return missing;
}
