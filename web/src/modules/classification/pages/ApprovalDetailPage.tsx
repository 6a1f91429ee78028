import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Input,
  Popconfirm,
  Result,
  Space,
  Spin,
  Steps,
  Tag,
  Typography,
  type ButtonProps,
} from 'antd';
import { CheckCircleTwoTone, ClockCircleOutlined, CloseCircleTwoTone, LeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { useCurrentUser } from '../../../app/auth.js';
import type { GrantAction, Level, RequestDetail, SecrecyPeriod } from '../../../app/contracts.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDateTime } from '../../../app/format.js';
import { LevelTag, RequestStatusTag, actionsText, periodText } from '../components/common.js';
import { scopeChangeText, type ScopeItem } from '../components/ScopeEditor.js';
import { ItemFactsCard } from '../components/ItemFactsCard.js';

type StepStatus = 'wait' | 'process' | 'finish' | 'error';

function stepStatus(r: RequestDetail, i: number): StepStatus {
  if (r.status === 'approved') return 'finish';
  if (i < r.currentStep) return 'finish';
  if (i > r.currentStep) return 'wait';
  if (r.status === 'pending') return 'process';
  return r.status === 'rejected' ? 'error' : 'wait';
}

function payloadText(t: TFunction, r: RequestDetail): string | null {
  const p = r.payload;
  switch (r.type) {
    case 'access_grant':
      return t('approval.accessPayload', { actions: actionsText(t, (p.actions ?? []) as GrantAction[]), days: p.days });
    case 'reclassify': {
      const term = p.period
        ? t('approval.newPeriod', { period: periodText(t, p.period as SecrecyPeriod) })
        : p.declassifyCondition
          ? t('approval.payloadCondition', { c: p.declassifyCondition })
          : '';
      return [t('approval.newLevel', { level: t(`level.${p.level as Level}`) }), term]
        .filter(Boolean)
        .join(t('common.listSep'));
    }
    case 'extend':
      return t('approval.newPeriod', { period: periodText(t, p.period as SecrecyPeriod) });
    case 'declassify':
      return t(`declassifyReason.${p.declassifyReason as string}`, { defaultValue: String(p.declassifyReason ?? '') });
    case 'rescope':
      return scopeChangeText(t, p as { added?: ScopeItem[]; removed?: ScopeItem[] });
    default:
      return null;
  }
}

export function ApprovalDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('classification');
  const me = useCurrentUser();
  const qc = useQueryClient();
  const key = ['requests', 'detail', id];
  const detail = useQuery({ queryKey: key, queryFn: () => api.requests.get(id), meta: { quiet: true } });
  const [comment, setComment] = useState('');
  const [conflict, setConflict] = useState(false);

  const after = async (r: RequestDetail, text: string) => {
    setConflict(false);
    setComment('');
    showSuccess(text);
    qc.setQueryData(key, r);
    await qc.invalidateQueries({ queryKey: ['requests'] });
    await qc.invalidateQueries({ queryKey: ['items'] });
  };
  const onStale = async (e: unknown) => {
    if (isApiError(e) && e.code === 'stale_version') {
      setConflict(true);
      await qc.invalidateQueries({ queryKey: ['requests'] });
    }
  };
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      api.requests.decide(id, { version: detail.data!.version, decision, comment: comment.trim() || null }),
    onSuccess: (r, d) => after(r, d === 'approve' ? t('approval.approved') : t('approval.rejected')),
    onError: onStale,
    meta: { quiet: ['stale_version'] },
  });
  const withdraw = useMutation({
    mutationFn: () => api.requests.withdraw(id, detail.data!.version),
    onSuccess: (r) => after(r, t('approval.withdrawn')),
    onError: onStale,
    meta: { quiet: ['stale_version'] },
  });

  if (detail.isLoading) return <Spin />;
  if (!detail.data)
    return <Result status="404" title={t('error.not_found')} extra={<Link to="/approvals">{t('common.back')}</Link>} />;
  const r = detail.data;
  const decisionOf = (step: number, approverId: string) =>
    r.decisions.find((d) => d.step === step && d.approverId === approverId);
  // Four eyes: who approved an earlier step takes no later one.
  const approvedEarlier = (step: number, approverId: string) =>
    r.decisions.some((d) => d.step < step && d.approverId === approverId && d.decision === 'approved');
  const payload = payloadText(t, r);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1100 }}>
      <Link to="/approvals">
        <LeftOutlined /> {t('approval.title')}
      </Link>
      <Space wrap align="center">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="approval-heading">
          {t('approval.detailTitle', { number: r.number })}
        </Typography.Title>
        <Tag>{t(`requestType.${r.type}`)}</Tag>
        <span data-testid="approval-status" data-status={r.status}>
          <RequestStatusTag status={r.status} />
        </span>
      </Space>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setConflict(false) }}
          title={t('approval.conflict')}
          data-testid="approval-conflict"
        />
      )}
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="approval-details">
        <Descriptions.Item label={t('approval.item')} span={2}>
          <Space size={4} wrap>
            <Link to={`/items/${r.itemId}`}>{r.itemNumber}</Link>
            {r.itemTitle && <span>{r.itemTitle}</span>}
            {r.itemLevel && <LevelTag level={r.itemLevel} />}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('approval.requester')}>
          {r.requesterName ?? '—'}
          {r.requesterId === me.user.id ? t('approval.self') : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('approval.subject')}>{r.subjectName ?? '—'}</Descriptions.Item>
        {payload && (
          <Descriptions.Item label={t('approval.payload')} span={2}>
            {payload}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('approval.reason')} span={2}>
          {r.reason}
        </Descriptions.Item>
        <Descriptions.Item label={t('approval.createdAt')}>{fmtDateTime(r.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={r.status === 'pending' ? t('approval.expiresAt') : t('approval.decidedAt')}>
          {fmtDateTime(r.status === 'pending' ? r.expiresAt : r.decidedAt)}
        </Descriptions.Item>
      </Descriptions>

      {r.itemFacts && <ItemFactsCard facts={r.itemFacts} />}

      <Card size="small" title={t('approval.chain')}>
        <Steps
          orientation="vertical"
          size="small"
          current={
            r.status === 'pending' || r.status === 'rejected'
              ? r.currentStep
              : r.status === 'approved'
                ? r.chain.length
                : -1
          }
          data-testid="approval-steps"
          items={r.chain.map((s, i) => ({
            status: stepStatus(r, i),
            title: (
              <Space size={4}>
                {t(`approverGroup.${s.group}`)}
                <Tag style={{ marginLeft: 4 }}>{t(`stepMode.${s.mode}`)}</Tag>
              </Space>
            ),
            content: (
              <Space orientation="vertical" size={2} style={{ paddingBottom: 8 }}>
                {s.approvers.map((a) => {
                  const d = decisionOf(i, a.id);
                  return (
                    <Space
                      key={a.id}
                      size={6}
                      align="start"
                      data-testid={`approval-step-${i}-${d ? d.decision : 'open'}`}
                    >
                      {d?.decision === 'approved' ? (
                        <CheckCircleTwoTone twoToneColor="#52c41a" />
                      ) : d?.decision === 'rejected' ? (
                        <CloseCircleTwoTone twoToneColor="#cf1322" />
                      ) : (
                        <ClockCircleOutlined style={{ color: '#999' }} />
                      )}
                      <Typography.Text>{a.name ?? a.id}</Typography.Text>
                      {d ? (
                        <Typography.Text type="secondary">
                          {fmtDateTime(d.decidedAt)}
                          {d.comment ? ` · ${d.comment}` : ''}
                        </Typography.Text>
                      ) : approvedEarlier(i, a.id) ? (
                        <Typography.Text type="secondary">{t('approval.approvedEarlier')}</Typography.Text>
                      ) : stepStatus(r, i) === 'process' ? (
                        <Typography.Text type="secondary">{t('approval.waiting')}</Typography.Text>
                      ) : null}
                    </Space>
                  );
                })}
              </Space>
            ),
          }))}
        />
      </Card>

      {r.canDecide && (
        <Card size="small" title={t('approval.comment')} data-testid="approval-decide">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Input.TextArea
              rows={3}
              maxLength={1000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              placeholder={t('approval.commentPlaceholder')}
              data-testid="approval-comment"
            />
            <Space>
              <Button
                type="primary"
                loading={decide.isPending && decide.variables === 'approve'}
                disabled={decide.isPending}
                onClick={() => decide.mutate('approve')}
                data-testid="approval-approve"
              >
                {t('approval.approve')}
              </Button>
              <Popconfirm
                title={t('approval.confirmReject')}
                onConfirm={() => decide.mutate('reject')}
                okButtonProps={{ danger: true, 'data-testid': 'approval-reject-confirm' } as ButtonProps}
              >
                <Button
                  danger
                  loading={decide.isPending && decide.variables === 'reject'}
                  disabled={decide.isPending}
                  data-testid="approval-reject"
                >
                  {t('approval.reject')}
                </Button>
              </Popconfirm>
            </Space>
          </Space>
        </Card>
      )}
      {r.canWithdraw && (
        <Popconfirm
          title={t('approval.confirmWithdraw')}
          onConfirm={() => withdraw.mutate()}
          okButtonProps={{ 'data-testid': 'approval-withdraw-confirm' } as ButtonProps}
        >
          <Button loading={withdraw.isPending} data-testid="approval-withdraw">
            {t('approval.withdraw')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
