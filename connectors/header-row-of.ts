import { HubError } from '../core/errors.ts';

/**
 * The 1-based line (row) of a table's header: `header_row`, or `skip_rows` + 1. Both may be
 * given only when they agree, so that neither silently wins.
 */
export function headerRowOf(config: { path: string; header_row?: number; skip_rows?: number }): number {
  const { header_row: headerRow, skip_rows: skipRows } = config;
  if (headerRow !== undefined && skipRows !== undefined && headerRow !== skipRows + 1) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `${config.path}: header_row ${headerRow} and skip_rows ${skipRows} disagree; give one of them`, {
      header_row: headerRow,
      skip_rows: skipRows,
    });
  }
  return headerRow ?? (skipRows ?? 0) + 1;
}
