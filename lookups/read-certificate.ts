import { certificateWithVersions } from '../catalog/certificate-repository.ts';
import { holderHash } from '../catalog/lookup-log.ts';
import { shanghaiDate } from '../catalog/shanghai-date.ts';
import type { CertificateKey } from '../catalog/stored-certificate.ts';
import { HubError } from '../core/errors.ts';
import { cleanCode } from '../schemas/normalise/text.ts';
import { certificateOut, certificateVersionOut, type CertificateOut, type CertificateVersionOut } from './certificate-out.ts';
import type { Caller, LookupContext } from './lookup-context.ts';

export interface CertificateHistoryOut {
  as_of: string;
  certificate: CertificateOut;
  /** Oldest first. */
  versions: CertificateVersionOut[];
}

/**
 * One certificate by its natural key, with every version; a read of an absent one is logged too.
 * The issuer's USCC is taken in any written form, the number as printed (outer spaces dropped).
 */
export async function readCertificate(ctx: LookupContext, caller: Caller, input: CertificateKey): Promise<CertificateHistoryOut> {
  const key = { typeCode: input.typeCode, issuerCode: cleanCode(input.issuerCode), number: input.number.trim() };
  const asOf = shanghaiDate(ctx.today());
  const found = await certificateWithVersions(ctx.db, key, { today: asOf });
  await ctx.lookupLog.append({
    clientId: caller.clientId,
    purpose: caller.purpose,
    kind: 'certificate',
    holderHash: found ? holderHash(ctx.holderHashKey, found.certificate.holder_id) : null,
    result: {
      certificate: { cert_type_code: key.typeCode, issuer_code: key.issuerCode, cert_number: key.number },
      found: found !== undefined,
      ...(found && { status: found.certificate.status, expired: found.certificate.expired, versions: found.versions.length }),
    },
  });
  if (found === undefined) throw new HubError('HUB_ERR_NOT_FOUND', 'No certificate with that type, issuer and number');
  return { as_of: asOf, certificate: certificateOut(found.certificate), versions: found.versions.map(certificateVersionOut) };
}
