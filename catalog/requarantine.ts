import { sql, type Kysely } from 'kysely';
import type { QuarantineReason } from '../schemas/types.ts';
import type { Database } from './tables.ts';

export interface Requarantined {
  id: number;
  reason: QuarantineReason;
  path: string | null;
  message: string;
  details?: unknown;
}

/** Records that failed a retry stay quarantined under their id, with the reason they fail for now. */
export async function requarantine(db: Kysely<Database>, rows: Requarantined[]): Promise<void> {
  if (rows.length === 0) return;
  const payload = JSON.stringify(rows.map((r) => ({ ...r, details: r.details ?? null })));
  await sql`
    update quarantine q
    set reason = r.reason, path = r.path, message = r.message, details = r.details
    from jsonb_to_recordset(${payload}::jsonb) as r(id bigint, reason text, path text, message text, details jsonb)
    where q.id = r.id and q.resolved_at is null`.execute(db);
}
