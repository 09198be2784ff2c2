/**
 * Size limits of `surface` (照面信息), the one free-text part of a certificate without a schema
 * length: the longest real face field, a business scope (经营范围), runs to a few thousand
 * characters. A value above these is junk or an attack, and would be copied into every version
 * row, the lookup answers and the exports. Counted in characters (UTF-16 code units, as
 * `String.length`); a nested value counts by its JSON text. Documented in the schema's
 * description of `surface`.
 */
export const SURFACE_FIELD_MAX = 10_000;
/** The whole surface as JSON text. */
export const SURFACE_MAX = 65_536;
