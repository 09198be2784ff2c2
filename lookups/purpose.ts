import { HubError } from '../core/errors.ts';

export const PURPOSE_MAX_LENGTH = 200;

/** The 查询事由 of a lookup, trimmed; without one the lookup is refused. `howToGiveIt` tells the caller where it goes. */
export function requirePurpose(value: string | undefined, howToGiveIt: string): string {
  const purpose = value?.trim() ?? '';
  if (purpose === '') throw new HubError('HUB_ERR_PURPOSE_REQUIRED', `A purpose (查询事由) is required: ${howToGiveIt}`);
  if (/[\u0000-\u001F\u007F]/.test(purpose)) {
    throw new HubError('HUB_ERR_VALIDATION', 'purpose must not contain control characters', { field: 'purpose' });
  }
  if (purpose.length > PURPOSE_MAX_LENGTH) {
    throw new HubError('HUB_ERR_VALIDATION', `purpose must not be longer than ${PURPOSE_MAX_LENGTH} characters`, { field: 'purpose' });
  }
  return purpose;
}
