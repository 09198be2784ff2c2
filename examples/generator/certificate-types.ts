import type { CertificateType } from '../../schemas/types.ts';

/** Local type codes (no national catalogue code is assumed); the first two match the sample workspace. */
export const BUSINESS_LICENCE: CertificateType = { code: 'scjg-yyzz', name: '营业执照', holder_kind: 'organisation' };
export const CONSTRUCTION_QUALIFICATION: CertificateType = { code: 'zj-jzqyzz', name: '建筑业企业资质证书', holder_kind: 'organisation' };
export const PROFESSIONAL_QUALIFICATION: CertificateType = { code: 'rs-zyzg', name: '专业技术人员职业资格证书', holder_kind: 'person' };
export const MARRIAGE_CERTIFICATE: CertificateType = { code: 'mz-jhz', name: '结婚证', holder_kind: 'person' };
export const PHYSICIAN_LICENCE: CertificateType = { code: 'wj-yszyzs', name: '医师执业证书', holder_kind: 'person' };

export const CERTIFICATE_TYPES: readonly CertificateType[] = [
  BUSINESS_LICENCE,
  CONSTRUCTION_QUALIFICATION,
  PROFESSIONAL_QUALIFICATION,
  MARRIAGE_CERTIFICATE,
  PHYSICIAN_LICENCE,
];
