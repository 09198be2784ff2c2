import { didYouMeanHint } from '../core/did-you-mean.ts';
import type { SchemaErrorLike } from './describe-schema-error.ts';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/**
 * For an unknown key, `; did you mean "encoding"?` when one of the keys the schema declares at
 * that place is close to it; otherwise nothing. Follows `properties` (and `items` for array
 * indexes) from the schema root down the error's instance path.
 */
export function unknownKeyHint(schema: object, err: SchemaErrorLike): string {
  if (err.keyword !== 'additionalProperties') return '';
  let node: SchemaNode | undefined = schema as SchemaNode;
  for (const key of err.instancePath.split('/').slice(1)) {
    node = /^\d+$/.test(key) ? node?.items : node?.properties?.[key];
  }
  return didYouMeanHint(String(err.params.additionalProperty), Object.keys(node?.properties ?? {}));
}
