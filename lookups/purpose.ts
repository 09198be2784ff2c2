import { HubError } from '../core/errors.ts';
import { maskIdentityNumbers } from '../core/mask-identity-numbers.ts';

export const PURPOSE_MAX_LENGTH = 200;

// Marks that reorder how text is displayed: a stored purpose must read the same everywhere it is shown.
const BIDI_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/;

export interface Purpose {
  /** The purpose as logged: NFKC-normalised, trimmed, identity numbers and credit codes masked. */
  text: string;
  /** Whether an identity number or credit code was masked out of what the caller sent. */
  masked: boolean;
}

/**
 * The 查询事由 of a lookup. The lookup log is append-only and hash-chained, so an identity number
 * typed into a purpose ("为 11010519491231002X 办理") could never be scrubbed from it: resident ids
 * (18 or 15 digits), credit codes, spaced or full-width, are masked before anything stores or
 * logs the purpose. Text that would display differently from what is stored (bidi controls) or
 * that lost bytes on the way (U+FFFD) is refused. `howToGiveIt` tells the caller where it goes.
 */
export function checkPurpose(value: string | undefined, howToGiveIt: string): Purpose {
  const purpose = (value ?? '').normalize('NFKC').trim();
  if (purpose === '') throw new HubError('HUB_ERR_PURPOSE_REQUIRED', `A purpose (查询事由) is required: ${howToGiveIt}`);
  if (/[\u0000-\u001F\u007F]/.test(purpose)) {
    throw new HubError('HUB_ERR_VALIDATION', 'purpose must not contain control characters', { field: 'purpose' });
  }
  if (BIDI_CONTROLS.test(purpose)) {
    throw new HubError('HUB_ERR_VALIDATION', 'purpose must not contain bidirectional control characters (U+200E/F, U+061C, U+202A–202E, U+2066–2069)', {
      field: 'purpose',
    });
  }
  if (purpose.includes('\uFFFD')) {
    throw new HubError('HUB_ERR_VALIDATION', 'purpose holds bytes that are not UTF-8 text (U+FFFD); send it as UTF-8', { field: 'purpose' });
  }
  if (purpose.length > PURPOSE_MAX_LENGTH) {
    throw new HubError('HUB_ERR_VALIDATION', `purpose must not be longer than ${PURPOSE_MAX_LENGTH} characters`, { field: 'purpose' });
  }
  const text = maskIdentityNumbers(purpose, { uscc: true });
  return { text, masked: text !== purpose };
}

/** The purpose text of checkPurpose(), for callers that need not say whether it was masked. */
export function requirePurpose(value: string | undefined, howToGiveIt: string): string {
  return checkPurpose(value, howToGiveIt).text;
}
