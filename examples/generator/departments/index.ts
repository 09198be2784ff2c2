import type { DepartmentSpec } from '../department-spec.ts';
import { MZ_MARRIAGES } from './mz-marriages.ts';
import { RS_QUALIFICATIONS } from './rs-qualifications.ts';
import { SCJG_LICENCES } from './scjg-licences.ts';
import { WJ_PHYSICIANS } from './wj-physicians.ts';
import { ZJ_QUALIFICATIONS } from './zj-qualifications.ts';

/** The five departments in workspace order; their shares add up to 1. */
export const DEPARTMENTS: readonly DepartmentSpec[] = [SCJG_LICENCES, ZJ_QUALIFICATIONS, RS_QUALIFICATIONS, MZ_MARRIAGES, WJ_PHYSICIANS];
