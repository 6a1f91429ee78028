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
import {
  CheckCircleTwoTone,
  ClockCircleOutlined,
  PrinterOutlined,
  CloseCircleTwoTone,
  FileTextOutlined,
  LeftOutlined,
  PaperClipOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { useCurrentUser } from '../../../app/auth.js';
import type { RequestDecision, RequestDetail } from '../../../app/contracts.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDateTime } from '../../../app/format.js';
import { useRequestTypes } from '../../../app/requestTypes.js';
import { PaperRecordModal, recordableApprovers } from '../components/PaperRecordModal.js';
import { PayloadView } from '../components/PayloadView.js';
import { REQUESTS_KEY } from '../components/queries.js';
import { LevelTag, RequestStatusTag, useGroupText, useRequestTypeText } from '../components/texts.js';

type StepStatus = 'wait' | 'process' | 'finish' | 'error';

function stepStatus(r: RequestDetail, i: number): StepStatus {
  if (r.status === 'approved') return 'finish';
  if (i < r.currentStep) return 'finish';
  if (i > r.currentStep) return 'wait';
  if (r.status === 'pending') return 'process';
  return r.status === 'rejected' ? 'error' : 'wait';
}

/** A decision signed on paper and recorded by the confidentiality office on the approver's behalf, with its scan. */
function PaperTag({ r, d, testid }: { r: RequestDetail; d: RequestDecision; testid: string }) {
  const { t } = useTranslation('approvals');
  if (!d.recordedBy) return null;
  return (
    <>
      <Tag icon={<FileTextOutlined />} color="gold" data-testid={testid}>
        {t('approval.paperRecorded', { name: d.recordedBy.name ?? d.recordedBy.id })}
        {d.signedOn ? ` · ${t('paper.signed', { date: d.signedOn })}` : ''}
        {d.hasEvidence ? ` · ${t('approval.paperEvidence')}` : ''}
      </Tag>
      {d.evidenceId && (
        <Typography.Link
          href={api.requests.evidenceHref(r.id, d.evidenceId)}
          target="_blank"
          rel="noopener noreferrer"
          data-testid={`${testid}-scan`}
        >
          <PaperClipOutlined /> {t('paper.viewScan')}
        </Typography.Link>
      )}
    </>
  );
}

/**
 * One request of any type: what it is about (the target's reference, title and level), who asked and why,
 * the type's own view of its target and payload (registered by the module owning the type), the chain with
 * every decision, and deciding or withdrawing it.
 */
export function ApprovalDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('approvals');
  const me = useCurrentUser();
  const qc = useQueryClient();
  const registry = useRequestTypes();
  const typeText = useRequestTypeText();
  const groupText = useGroupText();
  const key = ['requests', 'detail', id];
  const detail = useQuery({ queryKey: key, queryFn: () => api.requests.get(id), meta: { quiet: true } });
  const [comment, setComment] = useState('');
  const [conflict, setConflict] = useState(false);
  const [recording, setRecording] = useState(false);

  const after = async (r: RequestDetail, text: string) => {
    setConflict(false);
    setComment('');
    showSuccess(text);
    qc.setQueryData(key, r);
    await qc.invalidateQueries({ queryKey: REQUESTS_KEY });
    for (const k of registry[r.type]?.refreshes ?? []) await qc.invalidateQueries({ queryKey: k });
  };
  const onStale = async (e: unknown) => {
    if (isApiError(e) && e.code === 'stale_version') {
      setConflict(true);
      await qc.invalidateQueries({ queryKey: REQUESTS_KEY });
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
  const def = registry[r.type];
  const Details = def?.details ?? PayloadView;
  const targetPath = def?.targetPath?.(r) ?? null;
  const decisionOf = (step: number, approverId: string) =>
    r.decisions.find((d) => d.step === step && d.approverId === approverId);
  // Four eyes: who approved an earlier step takes no later one.
  const approvedEarlier = (step: number, approverId: string) =>
    r.decisions.some((d) => d.step < step && d.approverId === approverId && d.decision === 'approved');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1100 }}>
      <Link to="/approvals">
        <LeftOutlined /> {t('approval.title')}
      </Link>
      <Space wrap align="center">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="approval-heading">
          {t('approval.detailTitle', { number: r.number })}
        </Typography.Title>
        <Tag data-testid="approval-type">{typeText(r.type)}</Tag>
        <span data-testid="approval-status" data-status={r.status}>
          <RequestStatusTag status={r.status} />
        </span>
        <Button
          size="small"
          icon={<PrinterOutlined />}
          href={api.requests.printUrl(r.id, i18n.language.startsWith('en') ? 'en-US' : 'zh-CN')}
          data-testid="approval-print"
        >
          {t('approval.print')}
        </Button>
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
        <Descriptions.Item label={t('approval.target')} span={2}>
          <Space size={4} wrap data-testid="approval-target">
            {targetPath ? <Link to={targetPath}>{r.targetReference}</Link> : <span>{r.targetReference}</span>}
            {r.targetTitle && <span>{r.targetTitle}</span>}
            {r.targetLevel && <LevelTag level={r.targetLevel} />}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('approval.requester')}>
          {r.requesterName ?? '—'}
          {r.requesterId === me.user.id ? t('approval.self') : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('approval.subject')}>{r.subjectName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('approval.reason')} span={2}>
          {r.reason}
        </Descriptions.Item>
        <Descriptions.Item label={t('approval.createdAt')}>{fmtDateTime(r.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={r.status === 'pending' ? t('approval.expiresAt') : t('approval.decidedAt')}>
          {fmtDateTime(r.status === 'pending' ? r.expiresAt : r.decidedAt)}
        </Descriptions.Item>
      </Descriptions>

      <Details request={r} />

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
                {groupText(s.group, r.type)}
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
                      wrap
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
                        <>
                          <Typography.Text type="secondary">
                            {fmtDateTime(d.decidedAt)}
                            {d.comment ? ` · ${d.comment}` : ''}
                          </Typography.Text>
                          <PaperTag r={r} d={d} testid={`approval-step-${i}-paper`} />
                        </>
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
      {r.canRecordPaper && recordableApprovers(r, me.user.id).length > 0 && (
        <>
          <Button icon={<FileTextOutlined />} onClick={() => setRecording(true)} data-testid="approval-record-paper">
            {t('paper.record')}
          </Button>
          <PaperRecordModal
            request={r}
            open={recording}
            onClose={() => setRecording(false)}
            onRecorded={(next) => after(next, t('paper.recorded'))}
            onError={onStale}
          />
        </>
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
