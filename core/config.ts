import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Document, isMap, isScalar, isSeq } from 'yaml';
import { didYouMeanHint } from './did-you-mean.ts';
import { HubError } from './errors.ts';
import { parseYamlWithLines } from './parse-yaml-with-lines.ts';

export interface CertificateTypeConfig {
  code: string;
  name: string;
  holder_kind: 'person' | 'organisation';
}

/** How long a usage receipt (加注件) stays valid: `valid_for` by default, or per matter code; durations such as 30d. */
export interface ReceiptSettings {
  valid_for?: string;
  matters?: Record<string, string>;
}

export interface WorkspaceSettings {
  certificate_types: CertificateTypeConfig[];
  quality: { warn_below: number; fail_below: number };
  receipts: ReceiptSettings;
}

export interface HubConfig {
  workspace: string;
  pipelinesDir: string;
  /** `.ecert/` inside the workspace: the embedded store and its lock file. */
  storeDir: string;
  /** postgres://… when a server is used; undefined means the embedded PGlite store. */
  databaseUrl: string | undefined;
  batchSize: number;
  /** Connections in the Postgres pool (ECERT_POOL_SIZE); the embedded store has one connection whatever this is. */
  poolSize: number;
  settings: WorkspaceSettings;
}

const DEFAULT_SETTINGS: WorkspaceSettings = {
  certificate_types: [],
  quality: { warn_below: 95, fail_below: 80 },
  receipts: {},
};

export const DEFAULT_BATCH_SIZE = 5000;
export const DEFAULT_POOL_SIZE = 10;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `${name} must be a positive whole number, got "${raw}"`);
  }
  return n;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && POSTGRES_URL.test(url);
}

/** Names the kind of value without echoing it: it may hold a password, or be a whole error message. */
function describeValue(value: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  return scheme === undefined ? 'a value that is not a URL' : `a ${scheme}: URL`;
}

/**
 * ECERT_DATABASE_URL as given: unset or blank means the embedded store; anything else must be
 * a Postgres URL. A typo or a MySQL URL is refused rather than quietly using a private
 * embedded store that no other process reads.
 */
export function checkDatabaseUrl(raw: string | undefined): string | undefined {
  const url = raw?.trim();
  if (!url) return undefined;
  if (!isPostgresUrl(url)) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `ECERT_DATABASE_URL must be a postgres:// or postgresql:// URL, got ${describeValue(url)}; unset it to use the embedded store`);
  }
  return url;
}

/** The keys `ecert.yaml` may hold, per place (`*` stands for each item of a list). */
const SETTINGS_KEYS: Record<string, readonly string[]> = {
  '': ['certificate_types', 'quality', 'receipts'],
  'certificate_types.*': ['code', 'name', 'holder_kind'],
  quality: ['warn_below', 'fail_below'],
  receipts: ['valid_for', 'matters'],
};

/** Keys no command reads, each as `file:line: path: …`: a misspelt setting must not quietly fall back to its default. */
function unknownSettingsKeys(file: string, doc: Document, keyLineAt: (keys: readonly string[]) => number | undefined): string[] {
  const problems: string[] = [];
  const check = (node: unknown, keys: string[]): void => {
    if (!isMap(node)) return;
    const known = SETTINGS_KEYS[keys.map((k) => (/^\d+$/.test(k) ? '*' : k)).join('.')];
    if (known === undefined) return;
    for (const pair of node.items) {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      if (!known.includes(key)) {
        problems.push(`${file}:${keyLineAt([...keys, key]) ?? '?'}: ${[...keys, key].join('.')}: is not a setting of ecert.yaml${didYouMeanHint(key, known)}`);
      } else if (isSeq(pair.value)) {
        pair.value.items.forEach((item, i) => check(item, [...keys, key, String(i)]));
      } else check(pair.value, [...keys, key]);
    }
  };
  check(doc.contents, []);
  return problems;
}

/** Reads `ecert.yaml` beside `pipelines/`; a missing file means defaults. */
export function loadWorkspaceSettings(workspace: string): WorkspaceSettings {
  const file = path.join(workspace, 'ecert.yaml');
  if (!existsSync(file)) return structuredClone(DEFAULT_SETTINGS);
  const { doc, errors, keyLineAt } = parseYamlWithLines(readFileSync(file, 'utf8'));
  if (errors.length > 0) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `${file}:${errors[0]!.line ?? '?'}: ${errors[0]!.message}`);
  }
  const unknown = unknownSettingsKeys(file, doc, keyLineAt);
  if (unknown.length > 0) throw new HubError('HUB_ERR_CONFIG_INVALID', unknown.join('\n'));
  const data = (doc.toJS() ?? {}) as Partial<WorkspaceSettings>;
  return {
    certificate_types: data.certificate_types ?? [],
    quality: { ...DEFAULT_SETTINGS.quality, ...(data.quality ?? {}) },
    receipts: data.receipts ?? {},
  };
}

export function loadConfig(options: { workspace?: string; env?: NodeJS.ProcessEnv } = {}): HubConfig {
  const env = options.env ?? process.env;
  const workspace = path.resolve(options.workspace ?? env.ECERT_WORKSPACE ?? '.');
  const databaseUrl = checkDatabaseUrl(env.ECERT_DATABASE_URL);
  return {
    workspace,
    pipelinesDir: path.join(workspace, 'pipelines'),
    storeDir: path.join(workspace, '.ecert'),
    databaseUrl,
    batchSize: positiveInt('ECERT_BATCH_SIZE', env.ECERT_BATCH_SIZE, DEFAULT_BATCH_SIZE),
    poolSize: positiveInt('ECERT_POOL_SIZE', env.ECERT_POOL_SIZE, DEFAULT_POOL_SIZE),
    settings: loadWorkspaceSettings(workspace),
  };
}

/** Replaces `${NAME}` with the environment variable; secrets stay out of YAML. */
export function substituteEnv(text: string, env: NodeJS.ProcessEnv = process.env): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const value = env[name];
    if (value === undefined) {
      missing.push(name);
      return '';
    }
    return value;
  });
  return { text: out, missing };
}
