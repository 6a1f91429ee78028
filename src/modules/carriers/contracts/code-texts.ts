import type { CodeTexts } from '../../../platform/contracts/notifications.js';

/*
 * Kept apart from the notices' definitions (which need zod) so that the web imports these labels without zod.
 */
export const CARRIER_CODE_TEXTS = {
  requestType: {
    'zh-CN': {
      'carriers.carry_out': '外出携带',
      'carriers.archive': '载体归档',
      'carriers.loan_extend': '续借',
      'carriers.show_outside': '范围外知悉',
    },
    'en-US': {
      'carriers.carry_out': 'Carry out',
      'carriers.archive': 'Archive a carrier',
      'carriers.loan_extend': 'Longer loan',
      'carriers.show_outside': 'Show outside the scope',
    },
  },
  requestEndCause: {
    'zh-CN': { loan_returned: '载体已归还，无须续借' },
    'en-US': { loan_returned: 'the carrier was returned, so the loan needs no extension' },
  },
} satisfies CodeTexts;
