import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { sha256Hex } from '../../catalog/canonical-json.ts';
import type { CertificateView } from '../../catalog/certificate-repository.ts';
import { HubError } from '../../core/errors.ts';
import type { MaterialCheck } from '../check-materials.ts';
import type { Caller } from '../lookup-context.ts';
import { RECEIPT_ALG } from '../signing-keys.ts';
import { RECEIPT_TYPE, type ReceiptClaims } from './receipt-claims.ts';
import type { ReceiptSigner } from './receipt-signer.ts';

/** One receipt as the check answer carries it. */
export interface IssuedReceipt {
  id: string;
  material_code: string;
  /** Compact JWS. */
  token: string;
  expires_at: string;
}

export interface IssuedReceipts {
  receipts: IssuedReceipt[];
  /** For the lookup-log row: receipt id → sha-256 of the token. */
  logged: Record<string, string>;
}

const keyOf = (c: { cert_type_code: string; issuer_code: string; cert_number: string }) => JSON.stringify([c.cert_type_code, c.issuer_code, c.cert_number]);

/** A signed receipt for every satisfied material, naming the exact version of the certificate relied on. */
export async function issueReceipts(
  signer: ReceiptSigner | undefined,
  caller: Caller,
  check: { matterCode: string; asOf: string; now: Date; materials: MaterialCheck[]; held: CertificateView[] },
): Promise<IssuedReceipts> {
  if (signer === undefined) {
    throw new HubError('HUB_ERR_SIGNING_KEY_MISSING', 'This hub has no signing key for receipts; run `ecert keys generate` and restart it');
  }
  const rows = new Map(check.held.map((r) => [keyOf(r), r]));
  const iat = Math.floor(check.now.getTime() / 1000);
  const exp = iat + Math.floor(signer.validFor(check.matterCode) / 1000);
  const receipts = await Promise.all(
    check.materials.flatMap((m) => {
      const row = m.status === 'satisfied' && m.certificate !== undefined ? rows.get(keyOf(m.certificate)) : undefined;
      if (row === undefined) return [];
      const claims: ReceiptClaims = {
        jti: randomUUID(),
        iss: signer.hubId,
        iat,
        exp,
        certificate: {
          cert_type_code: row.cert_type_code,
          issuer_code: row.issuer_code,
          cert_number: row.cert_number,
          version: row.version,
          content_hash: row.content_hash,
          status: row.status,
          valid_from: row.valid_from,
          valid_until: row.valid_until,
        },
        as_of: check.asOf,
        matter_code: check.matterCode,
        material_code: m.material_code,
        client: caller.clientId,
        purpose: caller.purpose,
      };
      const signing = new SignJWT({ ...claims })
        .setProtectedHeader({ alg: RECEIPT_ALG, kid: signer.key.kid, typ: RECEIPT_TYPE })
        .sign(signer.key.privateKey);
      return [
        signing.then(
          (token): IssuedReceipt => ({ id: claims.jti, material_code: m.material_code, token, expires_at: new Date(exp * 1000).toISOString() }),
        ),
      ];
    }),
  );
  return { receipts, logged: Object.fromEntries(receipts.map((r) => [r.id, sha256Hex(r.token)])) };
}
