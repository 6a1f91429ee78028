import { LEVEL_DEFS, LEVELS } from '../../kernel/levels.js';
import type { CodeTexts } from './notifications.js';

/** Texts of the platform's coded values: levels (from the kernel's definitions), request statuses, end causes. */
export const PLATFORM_CODE_TEXTS = {
  level: {
    'zh-CN': Object.fromEntries(LEVELS.map((l) => [l, LEVEL_DEFS[l].zh])),
    'en-US': Object.fromEntries(LEVELS.map((l) => [l, LEVEL_DEFS[l].en])),
  },
  requestStatus: {
    'zh-CN': { pending: '审批中', approved: '已批准', rejected: '已驳回', withdrawn: '已撤回', expired: '已过期' },
    'en-US': {
      pending: 'Pending',
      approved: 'Approved',
      rejected: 'Rejected',
      withdrawn: 'Withdrawn',
      expired: 'Expired',
    },
  },
  /** Why a request ended without a decision (modules add their own causes to this group). */
  requestEndCause: {
    'zh-CN': { person_departed: '申请人或被授权人已离岗' },
    'en-US': { person_departed: 'the person who asked, or who would receive it, has departed' },
  },
} satisfies CodeTexts;
