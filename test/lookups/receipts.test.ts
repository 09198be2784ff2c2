import { randomUUID } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../catalog/canonical-json.ts';
import type { Database } from '../../catalog/database.ts';
import { sealLookupLog } from '../../catalog/lookup-log.ts';
import { verifyChains } from '../../catalog/verify-chains.ts';
import { accessReport } from '../../cli/commands/access-report.ts';
import { check } from '../../cli/commands/check.ts';
import { keysGenerate, keysList } from '../../cli/commands/keys.ts';
import { receiptVerify } from '../../cli/commands/receipt.ts';
import { loadConfig } from '../../core/config.ts';
import { createLookupContext } from '../../lookups/lookup-context.ts';
import type { ReceiptClaims } from '../../lookups/receipts/receipt-claims.ts';
import { openReceiptSigner } from '../../lookups/receipts/receipt-signer.ts';
import type { ReceiptVerdict } from '../../lookups/receipts/verify-receipt.ts';
import { runCheck } from '../../lookups/run-check.ts';
import { loadSigningKey, signingKeyFile } from '../../lookups/signing-keys.ts';
import { addKey, bearer, buildApp, truth } from '../api/api-fixture.ts';
import { syncedCliWorkspace } from '../cli/cli-workspace.ts';
import { captureStdout as printed } from '../cli/capture-stdout.ts';
import { targets } from '../setup.ts';

const [FOOD_LICENCE] = truth.matters;
const DAY = 86_400_000;

/** One character of the payload changed, away from the segment's ends (whose last bits base64url may ignore). */
function changeOneByte(token: string): string {
  const [head, payload, signature] = token.split('.') as [string, string, string];
  const i = Math.floor(payload.length / 2);
  const swapped = payload[i] === 'A' ? 'B' : 'A';
  return [head, payload.slice(0, i) + swapped + payload.slice(i + 1), signature].join('.');
}

const kidOf = (token: string): string => decodeProtectedHeader(token).kid!;

for (const target of targets()) {
  describe(`usage receipts: keys, issue, verify offline and online [${target}]`, () => {
    const cli = syncedCliWorkspace(target);
    const withDb = cli.withDb;
    const opts = () => ({ workspace: cli.workspace() });
    const jwksFile = () => path.join(cli.workspace(), 'jwks.json');

    async function receiptFromCli(holderId = truth.examples.valid): Promise<string> {
      const { result } = await printed(() => check(FOOD_LICENCE, holderId, { ...opts(), purpose: '食品经营许可 免提交营业执照', receipt: true, json: true }));
      expect(result.receipts).toHaveLength(1);
      return result.receipts![0]!.token;
    }

    async function saveJwks(): Promise<void> {
      const { out } = await printed(() => keysList({ ...opts(), jwks: true }));
      writeFileSync(jwksFile(), out);
    }

    /** The verdict, without the exit code the command gives a receipt that does not hold. */
    async function verify(token: string, how: { jwks?: string; issuer?: string } = {}): Promise<ReceiptVerdict> {
      const { out } = await printed(() => receiptVerify(token, { ...opts(), ...how, json: true }).catch(() => undefined));
      return JSON.parse(out) as ReceiptVerdict;
    }

    /** The verdict of GET /v1/receipts/:id, after `before` ran on the same open catalogue; also the published JWKS. */
    async function verifyOverApi(
      token: string,
      before: (db: Kysely<Database>) => Promise<unknown> = async () => undefined,
    ): Promise<{ verdict: ReceiptVerdict; jwks: { keys: Record<string, string>[] } }> {
      const id = decodeJwt(token).jti!;
      return withDb(async (db) => {
        await before(db);
        const key = await addKey(db, `verifier-${randomUUID()}`, ['receipts:verify']);
        const app = await buildApp(db, { today: () => new Date() });
        try {
          const res = await app.inject({ url: `/v1/receipts/${id}?token=${token}`, headers: bearer(key) });
          expect(res.statusCode).toBe(200);
          return { verdict: res.json() as ReceiptVerdict, jwks: (await app.inject({ url: '/.well-known/jwks.json' })).json() };
        } finally {
          await app.close();
        }
      });
    }

    let issued = '';

    beforeAll(() => {
      vi.stubEnv('ECERT_SIGNING_KEY_FILE', '');
      vi.stubEnv('ECERT_HUB_ID', '');
    });

    it('a check asking for receipts is refused while the hub has no signing key', async () => {
      await expect(printed(() => check(FOOD_LICENCE, truth.examples.valid, { ...opts(), purpose: 'p', receipt: true }))).rejects.toMatchObject({
        code: 'HUB_ERR_SIGNING_KEY_MISSING',
      });
    });

    it('keys generate writes a private key only its owner can read, publishes the public key, and will not overwrite it', async () => {
      const { result } = await printed(() => keysGenerate({ ...opts(), json: true }, false));
      const file = signingKeyFile(loadConfig(opts()));
      expect(result).toEqual({ kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), file, replaced: null });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await expect(printed(() => keysGenerate(opts(), false))).rejects.toMatchObject({ code: 'HUB_ERR_USAGE' });
      await saveJwks();
      expect(JSON.parse(readFileSync(jwksFile(), 'utf8')).keys.map((k: { kid: string }) => k.kid)).toEqual([result.kid]);
    });

    it('a key file others can read is refused', async () => {
      const file = signingKeyFile(loadConfig(opts()));
      chmodSync(file, 0o644);
      try {
        await expect(printed(() => check(FOOD_LICENCE, truth.examples.valid, { ...opts(), purpose: 'p', receipt: true }))).rejects.toMatchObject({
          code: 'HUB_ERR_CONFIG_INVALID',
          message: expect.stringContaining('readable by other users'),
        });
      } finally {
        chmodSync(file, 0o600);
      }
    });

    it('check --receipt signs one receipt per satisfied material, and its id and hash go into the check’s lookup-log row', async () => {
      const token = await receiptFromCli();
      issued = token;
      const claims = decodeJwt(token) as unknown as ReceiptClaims;
      const { current, row } = await withDb(async (db) => ({
        current: await db
          .selectFrom('certificates')
          .selectAll()
          .where('cert_type_code', '=', claims.certificate.cert_type_code)
          .where('issuer_code', '=', claims.certificate.issuer_code)
          .where('cert_number', '=', claims.certificate.cert_number)
          .executeTakeFirstOrThrow(),
        row: await db.selectFrom('lookup_log').selectAll().where('kind', '=', 'check').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow(),
      }));
      expect(current.holder_id).toBe(truth.examples.valid);
      expect(claims).toEqual({
        jti: expect.any(String),
        iss: 'ecert-hub',
        iat: expect.any(Number),
        exp: claims.iat + 30 * 86_400,
        certificate: {
          cert_type_code: 'scjg-yyzz',
          issuer_code: current.issuer_code,
          cert_number: current.cert_number,
          version: current.version,
          content_hash: current.content_hash,
          status: 'valid',
          valid_from: current.valid_from,
          valid_until: null,
        },
        as_of: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        matter_code: FOOD_LICENCE,
        material_code: 'M01',
        client: 'cli',
        purpose: '食品经营许可 免提交营业执照',
      });
      expect(row.receipts).toEqual({ [claims.jti]: sha256Hex(token) });
    });

    it('a receipt verifies offline (JWKS file), against the workspace, and over the API', async () => {
      const token = issued;
      const offline = await verify(token, { jwks: jwksFile() });
      expect(offline).toMatchObject({ valid: true, reason: null, signature_valid: true, issued_by_this_hub: true, expired: false, logged: null, certificate_valid_now: null });
      const online = await verify(token);
      expect(online).toMatchObject({ valid: true, reason: null, logged: true, certificate_valid_now: true, certificate_now: { status: 'valid', changed_since_issue: false } });
      expect((await verifyOverApi(token)).verdict).toMatchObject({ valid: true, reason: null, logged: true, certificate_valid_now: true });
      const viaHub = await withDb(async (db) => {
        const app = await buildApp(db);
        try {
          const url = await app.listen({ port: 0, host: '127.0.0.1' });
          return (await printed(() => receiptVerify(token, { ...opts(), hub: url, json: true }))).result;
        } finally {
          await app.close();
        }
      });
      expect(viaHub).toMatchObject({ valid: true, reason: null, signature_valid: true, logged: null });
    });

    it('one byte changed, a different key, a receipt never logged: each has its own reason', async () => {
      const token = issued;
      const tampered = changeOneByte(token);
      expect((await verify(tampered, { jwks: jwksFile() })).reason).toBe('signature_invalid');
      expect((await verify(tampered)).reason).toBe('signature_invalid');

      const claims = decodeJwt(token);
      const foreign = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const foreignKid = await calculateJwkThumbprint(await exportJWK(foreign.publicKey));
      const forged = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'EdDSA', kid: foreignKid, typ: 'ecert-receipt+jwt' }).sign(foreign.privateKey);
      expect((await verify(forged, { jwks: jwksFile() })).reason).toBe('unknown_key');
      const underOurKid = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'EdDSA', kid: kidOf(token), typ: 'ecert-receipt+jwt' }).sign(foreign.privateKey);
      expect((await verify(underOurKid, { jwks: jwksFile() })).reason).toBe('signature_invalid');

      // Signed with the hub's own key but never issued by a check: only the lookup log tells.
      const own = (await loadSigningKey(signingKeyFile(loadConfig(opts()))))!;
      const unlogged = await new SignJWT({ ...claims, jti: 'never-issued' }).setProtectedHeader({ alg: 'EdDSA', kid: own.kid, typ: 'ecert-receipt+jwt' }).sign(own.privateKey);
      expect(await verify(unlogged)).toMatchObject({ valid: false, reason: 'not_issued', signature_valid: true, logged: false });
      expect((await verify('not a receipt', { jwks: jwksFile() })).reason).toBe('malformed');
      expect(await verify(token, { jwks: jwksFile(), issuer: 'another-hub' })).toMatchObject({ valid: false, reason: 'foreign_issuer', signature_valid: true });
    });

    it('an expired receipt says so, offline and online', async () => {
      const issuedAt = new Date(Date.now() - 31 * DAY);
      const token = await withDb(async (db) => {
        const receipts = await openReceiptSigner(db, loadConfig(opts()));
        const ctx = createLookupContext(db, { holderHashKey: 'a-key-the-expired-check-is-logged-with', today: () => issuedAt, receipts });
        const result = await runCheck(ctx, { clientId: 'cli', purpose: 'p' }, { matterCode: FOOD_LICENCE, holderId: truth.examples.valid, receipt: true });
        await ctx.lookupLog.flush();
        return result.receipts![0]!.token;
      });
      expect(await verify(token, { jwks: jwksFile() })).toMatchObject({ valid: false, reason: 'expired', signature_valid: true, expired: true });
      expect(await verify(token)).toMatchObject({ valid: false, reason: 'expired', logged: true, expired: true });
    });

    it('key rotation keeps old receipts verifiable; new receipts use the new key', async () => {
      const before = await receiptFromCli();
      const oldKid = kidOf(before);
      const { result: rotated } = await printed(() => keysGenerate({ ...opts(), json: true }, true));
      expect(rotated.replaced).toBe(oldKid);
      expect(statSync(rotated.file).mode & 0o777).toBe(0o600);
      const after = await receiptFromCli();
      expect(kidOf(after)).toBe(rotated.kid);
      await saveJwks();
      for (const token of [before, after]) {
        expect((await verify(token, { jwks: jwksFile() })).reason).toBeNull();
        expect((await verify(token)).reason).toBeNull();
      }
      const { result: listed } = await printed(() => keysList({ ...opts(), json: true }));
      expect(listed.map((k) => [k.kid, k.current, k.retired_at === null])).toEqual([
        [rotated.kid, true, true],
        [oldKid, false, false],
      ]);
    });

    it('the lookup log’s block hash covers the receipts of a row', async () => {
      await withDb(async (db) => {
        await sealLookupLog(db);
        expect((await verifyChains(db)).ok).toBe(true);
        const row = await db.selectFrom('lookup_log').select(['seq', 'receipts']).where('receipts', 'is not', null).orderBy('seq').limit(1).executeTakeFirstOrThrow();
        const forged = { ...row.receipts, 'forged-receipt': sha256Hex('forged') };
        await db.updateTable('lookup_log').set({ receipts: JSON.stringify(forged) }).where('seq', '=', row.seq).execute();
        try {
          expect((await verifyChains(db)).breaks).toContainEqual(expect.objectContaining({ table: 'lookup_log', key: { seq: row.seq } }));
        } finally {
          await db.updateTable('lookup_log').set({ receipts: JSON.stringify(row.receipts) }).where('seq', '=', row.seq).execute();
        }
      });
    });

    it('a receipt whose certificate was revoked after issue: the receipt holds, the certificate does not', async () => {
      const token = issued;
      const c = (decodeJwt(token) as unknown as ReceiptClaims).certificate;
      const revoke = (db: Kysely<Database>) =>
        sql`update certificates set status = 'revoked' where cert_type_code = ${c.cert_type_code} and issuer_code = ${c.issuer_code} and cert_number = ${c.cert_number}`.execute(db);
      const { verdict, jwks } = await verifyOverApi(token, revoke);
      expect(verdict).toMatchObject({ valid: true, reason: 'certificate_withdrawn', logged: true, certificate_valid_now: false, certificate_now: { status: 'revoked' } });
      expect((await verify(token)).reason).toBe('certificate_withdrawn');
      // Both keys, the retired one too, and no private part.
      expect(jwks.keys).toHaveLength(2);
      expect(jwks.keys.every((k) => k.d === undefined && k.alg === 'EdDSA' && k.crv === 'Ed25519')).toBe(true);
      // Offline there is no catalogue to ask: the receipt itself still holds.
      expect((await verify(token, { jwks: jwksFile() })).reason).toBeNull();
    });

    it('access-report lists the checks of the holder with the receipts they issued, as JSON and as a printable page', async () => {
      const { result } = await printed(() => accessReport(truth.examples.valid.toLowerCase(), { ...opts(), format: 'json' }));
      const checks = result.entries.filter((e) => e.kind === 'check' && e.client_id === 'cli');
      // The first receipt check and the two around the rotation; the expired one was logged under another hash key.
      expect(checks).toHaveLength(3);
      expect(checks.flatMap((e) => e.receipts)).toContain(decodeJwt(issued).jti);
      expect(result.entries.every((e) => e.kind === 'check')).toBe(true);
      const html = path.join(cli.workspace(), 'access-record.html');
      await accessReport(truth.examples.valid, { ...opts(), format: 'html', out: html, since: '1d' });
      const page = readFileSync(html, 'utf8');
      expect(page).toContain('电子证照用证记录');
      expect(page).toContain('出具加注件 1 份');
      expect(page).not.toContain(truth.examples.valid);
    });
  });
}
