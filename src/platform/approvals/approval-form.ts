import { functionalRoleOf } from '../../kernel/approvals.js';
import type { AppContext, RequestContext } from '../context.js';
import { PLATFORM_CODE_TEXTS } from '../contracts/code-texts.js';
import { functionalRoles } from '../modules.js';
import { catalogue } from '../notifications/catalogue.js';
import { getClassificationPolicy } from '../organisation.js';
import { INTERNAL_MARKING, localTime, type PrintLang, type PrintMarking } from '../print/marking.js';
import { printDocument, type PrintedPdf } from '../print/print-service.js';
import type { PrintDocument } from '../print/render.js';
import '../contracts/print-audit-actions.js';
import { getRequest } from './approval-queries.js';
import type { RequestDetail } from './contracts.js';

/**
 * The approval form (审批表) of a request: its type, target and title as the viewer may see them, requester,
 * reason, the chain and every decision (marked when recorded from paper), marked with the target's level.
 * Built from `getRequest`, which authorizes (404 to whoever may not see the request, audited) and redacts;
 * the print itself is audited as `approval.print`.
 */
const WORDS = {
  'zh-CN': {
    title: '审批表',
    request: '申请信息',
    number: '申请编号',
    type: '申请类型',
    status: '状态',
    target: '审批对象',
    targetTitle: '对象名称',
    requester: '申请人',
    subject: '授权对象',
    reason: '申请理由',
    createdAt: '提交时间',
    decidedAt: '办结时间',
    chain: '审批流程',
    step: '步骤',
    group: '审批组',
    mode: '方式',
    approvers: '审批人',
    decisions: '审批意见',
    decision: '意见',
    approver: '审批人',
    comment: '说明',
    at: '时间',
    approved: '同意',
    rejected: '不同意',
    paper: '（纸质签批，{name} 代录）',
    any: '任一人审批',
    all: '全部审批',
    none: '尚无审批意见',
    hidden: '（无权查看）',
  },
  'en-US': {
    title: 'Approval form',
    request: 'Request',
    number: 'Number',
    type: 'Type',
    status: 'Status',
    target: 'Target',
    targetTitle: 'Target title',
    requester: 'Requester',
    subject: 'For',
    reason: 'Reason',
    createdAt: 'Submitted',
    decidedAt: 'Decided',
    chain: 'Approval chain',
    step: 'Step',
    group: 'Group',
    mode: 'Mode',
    approvers: 'Approvers',
    decisions: 'Decisions',
    decision: 'Decision',
    approver: 'Approver',
    comment: 'Comment',
    at: 'At',
    approved: 'Approved',
    rejected: 'Rejected',
    paper: ' (signed on paper, recorded by {name})',
    any: 'Any one approves',
    all: 'All approve',
    none: 'No decision yet',
    hidden: '(not shown to you)',
  },
} as const;

/** The organisation's approver groups (ORGANISATION_GROUPS); a target's groups come from its module's texts. */
const GROUPS: Record<PrintLang, Record<string, string>> = {
  'zh-CN': {
    dept_head: '部门负责人',
    dept_officer: '部门保密员',
    leader_in_charge: '主管领导',
    confidentiality_office: '保密办（安全保密管理员）',
    leadership: '单位领导',
    general_manager: '总经理',
  },
  'en-US': {
    dept_head: 'Department head',
    dept_officer: 'Department officer',
    leader_in_charge: 'Leader in charge',
    confidentiality_office: 'Confidentiality office (security administrator)',
    leadership: 'Leadership',
    general_manager: 'General manager',
  },
};

/** The form's marking: the target's level as the viewer may see it (internal when they may not). */
export function approvalFormMarking(r: Pick<RequestDetail, 'targetLevel'>): PrintMarking {
  return r.targetLevel ? { level: r.targetLevel, period: null, condition: null } : INTERNAL_MARKING;
}

export async function printApprovalForm(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  lang: PrintLang,
): Promise<PrintedPdf> {
  const r = await getRequest(ctx, rc, id, 'approval.print');
  const [roles, policy] = await Promise.all([functionalRoles(ctx.db), getClassificationPolicy(ctx)]);
  const w = WORDS[lang];
  const codes = catalogue().codeTexts;
  const at = (iso: string | null) => (iso ? localTime(new Date(iso), policy.timeZone) : '—');
  const groupText = (g: string) => {
    const role = functionalRoleOf(g);
    if (role) {
      const named = roles.find((x) => x.code === role);
      return named ? (lang === 'zh-CN' ? named.nameZh : named.nameEn) : role;
    }
    return GROUPS[lang][g] ?? codes.approverGroup?.[lang][g] ?? g;
  };
  const doc: PrintDocument = {
    title: w.title,
    subtitle: r.number,
    marking: approvalFormMarking(r),
    filename: `${w.title} ${r.number}`,
    blocks: [
      {
        kind: 'fields',
        heading: w.request,
        fields: [
          { label: w.number, value: r.number },
          { label: w.type, value: codes.requestType?.[lang][r.type] ?? r.type },
          { label: w.status, value: PLATFORM_CODE_TEXTS.requestStatus[lang][r.status] },
          { label: w.target, value: r.targetReference },
          { label: w.targetTitle, value: r.targetTitle ?? w.hidden },
          { label: w.requester, value: r.requesterName ?? '—' },
          ...(r.subjectId ? [{ label: w.subject, value: r.subjectName ?? '—' }] : []),
          { label: w.reason, value: r.reason },
          { label: w.createdAt, value: at(r.createdAt) },
          { label: w.decidedAt, value: at(r.decidedAt) },
        ],
      },
      {
        kind: 'table',
        heading: w.chain,
        header: [w.step, w.group, w.mode, w.approvers],
        rows: r.chain.map((s, i) => [
          String(i + 1),
          groupText(s.group),
          w[s.mode],
          s.approvers.map((a) => a.name ?? '—').join('、'),
        ]),
      },
      {
        kind: 'table',
        heading: w.decisions,
        header: [w.step, w.approver, w.decision, w.comment, w.at],
        empty: w.none,
        rows: r.decisions.map((d) => [
          String(d.step + 1),
          (d.approverName ?? '—') + (d.recordedBy ? w.paper.replace('{name}', d.recordedBy.name ?? '—') : ''),
          w[d.decision],
          d.comment ?? '',
          at(d.decidedAt),
        ]),
      },
    ],
  };
  return printDocument(ctx, rc, doc, lang, {
    action: 'approval.print',
    targetType: 'approval_request',
    targetId: id,
    details: { number: r.number, type: r.type },
  });
}
