import { HubError } from '../../core/errors.ts';

// Comments and quoted text (strings, quoted identifiers) hide keywords and semicolons from the check.
const HIDDEN = /--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\]|''|\\.)*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`/g;

/**
 * Refuses a `query` that is not one SELECT or WITH statement. This is the first of two guards:
 * the query also runs inside a READ ONLY transaction, so a write hidden where this text check
 * cannot see it (a data-modifying CTE, a function with side effects) is refused by the database.
 */
export function readOnlyQuery(query: string): string {
  const body = query.trim().replace(/;\s*$/, '');
  const visible = body.replace(HIDDEN, ' ');
  const refuse = (why: string): never => {
    throw new HubError('HUB_ERR_SOURCE_QUERY_REFUSED', `source query refused: ${why}; give one read-only SELECT or WITH statement`, {
      query: body.slice(0, 200),
    });
  };
  if (visible.includes(';')) refuse('it holds more than one statement');
  if (!/^\s*(select|with)\b/i.test(visible)) refuse(`it starts with "${visible.trim().split(/\s+/)[0] ?? ''}", not SELECT or WITH`);
  return body;
}
