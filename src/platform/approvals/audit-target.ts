import { can } from '../../policy/index.js';
import { containsText, type AuditTargetDef, type AuditTargetView } from '../audit/targets.js';
import { approvalResource, loadRequest } from './approval-service.js';

/**
 * How the audit trail names an approval request: by its number, linked to its page, for whoever the policy lets
 * view the request (`approval.view`: its requester, subject and approvers); others see only that it was one.
 */
export const approvalRequestTarget: AuditTargetDef = {
  text: { 'zh-CN': '审批申请', 'en-US': 'Request' },
  resolve: async (ctx, viewer, ids) => {
    const out = new Map<string, AuditTargetView>();
    for (const id of ids) {
      const loaded = await loadRequest(ctx.db, id);
      if (loaded && can(viewer, 'approval.view', approvalResource(loaded.req, loaded.state)))
        out.set(id, { label: loaded.req.number, link: `/approvals/${id}` });
    }
    return out;
  },
  find: async (ctx, text, limit) =>
    (
      await ctx.db
        .selectFrom('approval_requests')
        .select('id')
        .where(containsText('number', text))
        .limit(limit)
        .execute()
    ).map((r) => r.id),
};
