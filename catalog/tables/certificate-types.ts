import type { Selectable } from 'kysely';
import type { HolderKind } from '../../schemas/types.ts';

export interface CertificateTypesTable {
  code: string;
  name: string;
  holder_kind: HolderKind;
}

export type CertificateTypeRow = Selectable<CertificateTypesTable>;
