import type { CodeTexts } from '../../../platform/contracts/notifications.js';

/*
 * Kept apart from the notices' definitions (which need zod) so that the web imports these labels without zod.
 */
/**
 * Texts of classification's coded values that its notices (and the approval engine's, for its request types
 * and the causes that end them) show; the web's labels for them are these too.
 */
export const CLASSIFICATION_CODE_TEXTS = {
  requestType: {
    'zh-CN': {
      'classification.classify': '定密',
      'classification.reclassify': '密级变更',
      'classification.extend': '延期',
      'classification.declassify': '解密',
      'classification.rescope': '知悉范围扩大',
      'classification.access_grant': '知悉授权',
    },
    'en-US': {
      'classification.classify': 'Classification',
      'classification.reclassify': 'Reclassification',
      'classification.extend': 'Extension',
      'classification.declassify': 'Declassification',
      'classification.rescope': 'Widen the scope',
      'classification.access_grant': 'Access grant',
    },
  },
  requestEndCause: {
    'zh-CN': {
      custodian_changed: '事项已更换保管人，由新保管人审批',
      item_declassified: '事项已解密',
      item_upgraded: '事项密级已提高，须按新密级的审批流程重新审批',
    },
    'en-US': {
      custodian_changed: 'the item has a new custodian, who decides it now',
      item_declassified: 'the item has been declassified',
      item_upgraded: 'the item has been upgraded, so the request needs the approval chain of the new level',
    },
  },
  declassifyReason: {
    'zh-CN': { expired: '保密期限届满', condition_met: '解密条件已满足', review: '审查后解密', decision: '决定解密' },
    'en-US': {
      expired: 'Secrecy period ended',
      condition_met: 'Declassification condition met',
      review: 'Declassified after review',
      decision: 'Declassified by decision',
    },
  },
  reviewKind: {
    'zh-CN': { annual: '年度审查', access: '访问审查' },
    'en-US': { annual: 'Annual review', access: 'Access review' },
  },
  /** The approver groups an item defines (the approval form names them). */
  approverGroup: {
    'zh-CN': { custodian: '保管人', classifier: '定密责任人' },
    'en-US': { custodian: 'Custodian', classifier: 'Classification authority' },
  },
} satisfies CodeTexts;
