import { KeyObject, randomUUID } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { sha256Hex } from '../../catalog/canonical-json.ts';
import type { CertificateView } from '../../catalog/certificate-repository.ts';
import { HubError } from '../../core/errors.ts';
import type { MaterialCheck } from '../check-materials.ts';
import type { Caller } from '../lookup-context.ts';
import { RECEIPT_ALG, type SigningKey } from '../signing-keys.ts';
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

type SignClaims = (claims: ReceiptClaims) => string;
const signers = new WeakMap<SigningKey, SignClaims>();

/**
 * Signs with node:crypto through fast-jwt rather than jose: jose 6 signs through WebCrypto, whose
 * job and thread-pool round trip cost about as much again as the Ed25519 signature itself, and
 * receipts are signed on the check route while the window waits. jose still publishes the keys
 * and verifies receipts.
 */
function signerFor(key: SigningKey): SignClaims {
  let sign = signers.get(key);
  if (sign === undefined) {
    const pem = KeyObject.from(key.privateKey).export({ format: 'pem', type: 'pkcs8' }).toString();
    sign = createSigner({ key: pem, algorithm: RECEIPT_ALG, kid: key.kid, header: { alg: RECEIPT_ALG, typ: RECEIPT_TYPE } });
    signers.set(key, sign);
  }
  return sign;
}

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
  const sign = signerFor(signer.key);
  const receipts = check.materials.flatMap((m): IssuedReceipt[] => {
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
    return [{ id: claims.jti, material_code: m.material_code, token: sign(claims), expires_at: new Date(exp * 1000).toISOString() }];
  });
  return { receipts, logged: Object.fromEntries(receipts.map((r) => [r.id, sha256Hex(r.token)])) };
}
