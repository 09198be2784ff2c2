import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { stringify } from 'yaml';
import { CITY_HOUSING } from './generator/authorities.ts';
import { CONSTRUCTION_QUALIFICATION } from './generator/certificate-types.ts';
import { HUB_CITY } from './generator/hub-divisions.ts';
import { base31, makeUscc } from './generator/make-uscc.ts';

/** One record as the department's system serves it (its own field names, not the hub's). */
export interface DepartmentRecord {
  id: number;
  cert_no: string;
  company_name: string;
  uscc: string;
  issue_date: string;
  expiry_date: string | null;
  state: string;
  updated_at: string;
}

/**
 * A fault the next matching request gets: `status` answers 500 (or another code), `throttle` 429
 * with Retry-After, `slow` answers after `delayMs`, `truncated` cuts the JSON in half, `reset`
 * destroys the socket, `duplicate` serves the previous page again, `insert_behind` adds a record
 * older than the ones served so far (a late commit at the source) before answering.
 */
export type Fault =
  | { kind: 'status'; status?: number }
  | { kind: 'throttle'; retryAfter: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'truncated' }
  | { kind: 'reset' }
  | { kind: 'duplicate' }
  | { kind: 'insert_behind' };

export interface DepartmentApi {
  /** Base URL, e.g. http://127.0.0.1:41234; records are at `${url}/api/licences`. */
  url: string;
  token: string;
  /** The source table, ordered by (updated_at, id). */
  records: DepartmentRecord[];
  /** Every request for records: its query (or POST body) and the status it got. */
  requests: { params: Record<string, string>; status: number | 'reset' }[];
  /** Queues `fault` for the `at`-th request for records from now (1 = the next), `times` requests in a row. */
  inject(fault: Fault, opts?: { at?: number; times?: number }): void;
  /** Changes a record in place and moves its updated_at to `updatedAt`. */
  update(id: number, changes: Partial<DepartmentRecord>, updatedAt: string): void;
  /** Adds a record (e.g. one committed late with an older timestamp). */
  insert(record: Omit<DepartmentRecord, 'id' | 'cert_no'>): DepartmentRecord;
  close(): Promise<void>;
}

const START = Date.parse('2026-11-20T00:00:00.000Z');
const DEFAULT_LIMIT = 50;

/** The issuing authority the department's pipeline puts in `defaults`. */
const DEPARTMENT_ISSUER = CITY_HOUSING;
export const DEPARTMENT_CERT_TYPE = CONSTRUCTION_QUALIFICATION;

export const DEPARTMENT_PIPELINE = 'zj-qualifications-api';

/**
 * The pipeline of the department API: its URL and token come from ${DEPT_API_URL} and
 * ${DEPT_API_TOKEN}; `source` overrides keys of the source block (tests make the waits short).
 */
export function departmentPipelineYaml(source: Record<string, unknown> = {}): string {
  return stringify(
    {
      name: DEPARTMENT_PIPELINE,
      entity: 'certificate',
      source: {
        connector: 'http',
        url: '${DEPT_API_URL}/api/licences',
        headers: { Authorization: 'Bearer ${DEPT_API_TOKEN}' },
        records_path: 'data.items',
        pagination: { type: 'cursor', cursor_path: 'data.next_cursor', cursor_param: 'cursor', size_param: 'limit', size: 50 },
        incremental_param: 'updated_since',
        timeout: '5s',
        retries: 5,
        backoff: '100ms',
        ...source,
      },
      defaults: {
        cert_type_code: DEPARTMENT_CERT_TYPE.code,
        holder_kind: DEPARTMENT_CERT_TYPE.holder_kind,
        issuer_code: DEPARTMENT_ISSUER.code,
        issuer_name: DEPARTMENT_ISSUER.name,
      },
      mapping: {
        cert_number: 'cert_no',
        holder_name: 'company_name',
        holder_id: 'uscc',
        issued_on: 'issue_date',
        valid_until: 'expiry_date',
        status: 'state',
        source_updated_at: 'updated_at',
      },
      incremental: { cursor: ['updated_at', 'id'], lag: '10m' },
      write_disposition: 'merge',
      on_invalid: 'quarantine',
    },
    { lineWidth: 0 },
  );
}

function companyCode(n: number): string {
  // "DA" keeps these companies apart from the generator's, whose codes never start so.
  return makeUscc('91', HUB_CITY, `DA${base31(n, 6)}`);
}

function record(n: number, updatedAt: string): DepartmentRecord {
  const issuedAt = Date.UTC(2020, 0, 1) + (n % 1500) * 86_400_000;
  const issued = new Date(issuedAt).toISOString().slice(0, 10);
  return {
    id: n,
    cert_no: `D${String(n).padStart(9, '0')}`,
    company_name: `演示第${n}建筑工程有限公司`,
    uscc: companyCode(n),
    issue_date: issued,
    expiry_date: n % 7 === 0 ? null : new Date(issuedAt + 5 * 365 * 86_400_000).toISOString().slice(0, 10),
    state: '有效',
    updated_at: updatedAt,
  };
}

/** `count` deterministic records, updated a minute apart from 2026-11-20T00:00Z. */
export function departmentRecords(count: number): DepartmentRecord[] {
  return Array.from({ length: count }, (_, i) => record(i + 1, new Date(START + i * 60_000).toISOString()));
}

function order(a: DepartmentRecord, b: DepartmentRecord): number {
  return a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.id - b.id;
}

/** Where a request starts and how many it wants, whichever paging style it uses. */
function window(params: Record<string, string>): { offset: number; limit: number } {
  const limit = Number(params.size ?? params.limit ?? DEFAULT_LIMIT);
  if (params.page !== undefined) return { offset: (Number(params.page) - 1) * limit, limit };
  if (params.offset !== undefined) return { offset: Number(params.offset), limit };
  if (params.cursor !== undefined) return { offset: Number(Buffer.from(params.cursor, 'base64url').toString()), limit };
  return { offset: 0, limit };
}

/**
 * A department's certificate API for tests and the demo: a bearer token or an X-Api-Key header, records ordered by
 * (updated_at, id) with an `updated_since` filter (at or after), paged by page/size, offset/limit,
 * an opaque cursor or a next URL (all in `data`), GET with query parameters or POST with a JSON
 * body. Faults are injected on request through `inject()`. Listens on 127.0.0.1, a free port.
 */
export async function startDepartmentApi(opts: { records?: DepartmentRecord[]; token?: string } = {}): Promise<DepartmentApi> {
  const token = opts.token ?? 'demo-department-token';
  const records = [...(opts.records ?? departmentRecords(120))].sort(order);
  const requests: DepartmentApi['requests'] = [];
  const faults: { fault: Fault; at: number }[] = [];
  let served = 0;
  let nextId = Math.max(0, ...records.map((r) => r.id)) + 1;
  let previous: string | undefined;
  let newestServed: string | undefined;
  const app = Fastify({ logger: false, forceCloseConnections: true });

  const insert = (r: Omit<DepartmentRecord, 'id' | 'cert_no'>): DepartmentRecord => {
    const id = nextId++;
    const added = { ...r, id, cert_no: `D${String(id).padStart(9, '0')}` };
    records.push(added);
    records.sort(order);
    return added;
  };

  const handle = async (req: FastifyRequest, reply: FastifyReply, params: Record<string, string>): Promise<unknown> => {
    if (req.headers.authorization !== `Bearer ${token}` && req.headers['x-api-key'] !== token) return reply.code(401).send({ error: 'unauthorised' });
    served += 1;
    const entry: DepartmentApi['requests'][number] = { params, status: 200 };
    requests.push(entry);
    const i = faults.findIndex((f) => f.at <= served);
    const fault = i >= 0 ? faults.splice(i, 1)[0]!.fault : undefined;
    if (fault?.kind === 'status' || fault?.kind === 'throttle') {
      entry.status = fault.kind === 'throttle' ? 429 : (fault.status ?? 500);
      if (fault.kind === 'throttle') reply.header('retry-after', fault.retryAfter);
      return reply.code(entry.status).send({ error: 'injected' });
    }
    if (fault?.kind === 'reset') {
      entry.status = 'reset';
      reply.hijack();
      req.raw.socket.destroy();
      return reply;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.kind === 'insert_behind' && newestServed) {
      const at = new Date(Date.parse(newestServed) - 5 * 60_000).toISOString();
      insert({ ...record(nextId, at), updated_at: at });
    }
    if (fault?.kind === 'duplicate' && previous) return reply.type('application/json').send(previous);

    const since = params.updated_since;
    const visible = since ? records.filter((r) => Date.parse(r.updated_at) >= Date.parse(since)) : records;
    const { offset, limit } = window(params);
    const items = visible.slice(offset, offset + limit);
    const more = offset + limit < visible.length;
    const cursor = Buffer.from(String(offset + limit)).toString('base64url');
    const nextParams = new URLSearchParams({ ...(since ? { updated_since: since } : {}), cursor, limit: String(limit) });
    const text = JSON.stringify({
      data: { items, total: visible.length, next_cursor: more ? cursor : null, next: more ? `/api/licences?${nextParams}` : null },
    });
    previous = text;
    for (const r of items) if (!newestServed || r.updated_at > newestServed) newestServed = r.updated_at;
    if (fault?.kind === 'truncated') return reply.type('application/json').send(text.slice(0, Math.floor(text.length / 2)));
    return reply.type('application/json').send(text);
  };

  app.get('/api/licences', (req, reply) => handle(req, reply, req.query as Record<string, string>));
  app.post('/api/licences', (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    return handle(req, reply, Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])));
  });

  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    token,
    records,
    requests,
    inject(fault, o = {}) {
      for (let n = 0; n < (o.times ?? 1); n++) faults.push({ fault, at: served + (o.at ?? 1) + n });
    },
    update(id, changes, updatedAt) {
      const r = records.find((x) => x.id === id);
      if (!r) throw new RangeError(`no department record ${id}`);
      Object.assign(r, changes, { updated_at: updatedAt });
      records.sort(order);
    },
    insert,
    close: () => app.close(),
  };
}
