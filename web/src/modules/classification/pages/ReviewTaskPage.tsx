import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { LeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import {
  ACCESS_DECISIONS,
  ANNUAL_DECISIONS,
  type AccessEntry,
  type DecideReviewBody,
  type Level,
  type ReviewDecision,
  type ReviewTaskDetail,
} from '../../../app/contracts.js';
import { rankOf } from '../../../../../src/kernel/levels.js';
import { feedback, showSuccess } from '../../../app/feedback.js';
import { fmtDate, fmtDateTime } from '../../../app/format.js';
import { LevelTag, useClassificationSettings, useClearanceRank } from '../components/common.js';
import { ScopeTag } from '../components/ScopeEditor.js';
import { TERM_DEFAULTS, TermFields, termOf, type TermValues } from '../components/TermFields.js';

interface Values extends TermValues {
  decision: ReviewDecision;
  level?: Level;
  comment?: string;
}

const entryKey = (a: AccessEntry) => (a.kind === 'grant' ? `grant:${a.grantId}` : `${a.kind}:${a.ref}`);

function DecisionForm({ task }: { task: ReviewTaskDetail }) {
  const { t } = useTranslation('classification');
  const qc = useQueryClient();
  const settings = useClassificationSettings();
  const clearance = useClearanceRank();
  const [form] = Form.useForm<Values>();
  const decision = Form.useWatch('decision', form);
  const level = Form.useWatch('level', form);
  const [selected, setSelected] = useState<string[]>([]);
  const annual = task.campaignKind === 'annual';

  const decide = useMutation({
    mutationFn: (v: Values) => {
      const body: DecideReviewBody = {
        version: task.version,
        decision: v.decision,
        comment: v.comment?.trim() || null,
      };
      if (v.decision === 'reclassify') Object.assign(body, { level: v.level, ...termOf(v) });
      if (v.decision === 'extend') body.period = termOf({ ...v, termKind: 'period' }).period;
      if (v.decision === 'revoke') {
        const chosen = task.access.filter((a) => selected.includes(entryKey(a)));
        body.revokeGrantIds = chosen.filter((a) => a.kind === 'grant' && a.grantId).map((a) => a.grantId!);
        body.removeScope = chosen
          .filter((a) => a.kind !== 'grant')
          .map((a) => ({ kind: a.kind as 'user' | 'department' | 'role', ref: a.ref }));
      }
      return api.reviews.decide(task.id, body);
    },
    onSuccess: async () => {
      showSuccess(t('review.decided'));
      await qc.invalidateQueries({ queryKey: ['review-tasks'] });
      await qc.invalidateQueries({ queryKey: ['requests'] });
      await qc.invalidateQueries({ queryKey: ['items'] });
      await qc.invalidateQueries({ queryKey: ['review-campaigns'] });
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        feedback.current?.message.warning(t('error.stale_version'));
        await qc.invalidateQueries({ queryKey: ['review-tasks'] });
      }
    },
    meta: { quiet: ['stale_version'] },
  });

  const columns: TableProps<AccessEntry>['columns'] = [
    {
      title: t('review.accessKind'),
      key: 'kind',
      width: 160,
      render: (_: unknown, a) => (
        <Tag color={a.kind === 'grant' ? 'orange' : 'blue'}>
          {a.kind === 'grant' ? t('review.grantEntry') : t(`scopeKind.${a.kind}`)}
        </Tag>
      ),
    },
    {
      title: t('review.who'),
      key: 'who',
      render: (_: unknown, a) =>
        a.kind === 'grant' ? (a.label ?? a.ref) : <ScopeTag item={{ kind: a.kind, ref: a.ref, label: a.label }} />,
    },
    { title: t('review.expiresAt'), dataIndex: 'expiresAt', width: 180, render: fmtDateTime },
  ];
  const levels = (settings.data?.levels ?? []).filter((l) => l.inUse && l.classified && l.code !== task.itemLevel);
  const maxYears = (code: Level | undefined) => settings.data?.levels.find((l) => l.code === code)?.maxYears ?? null;

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ ...TERM_DEFAULTS, decision: annual ? 'keep' : 'confirm' }}
      onFinish={(v) => {
        if (v.decision === 'revoke' && selected.length === 0) {
          feedback.current?.message.warning(t('review.nothingSelected'));
          return;
        }
        decide.mutate(v);
      }}
    >
      <Alert
        type="info"
        showIcon
        title={annual ? t('review.annualHint') : t('review.accessHint')}
        style={{ marginBottom: 16 }}
      />
      {!annual && (
        <Card size="small" title={t('review.access')} style={{ marginBottom: 16 }}>
          <Table<AccessEntry>
            rowKey={entryKey}
            size="small"
            pagination={false}
            columns={columns}
            dataSource={task.access}
            rowSelection={
              decision === 'revoke'
                ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
                : undefined
            }
            data-testid="review-access"
          />
          {decision === 'revoke' && <Typography.Text type="secondary">{t('review.selectToRevoke')}</Typography.Text>}
        </Card>
      )}
      <Form.Item name="decision" label={t('review.decision')}>
        <Radio.Group
          data-testid="review-decision"
          options={(annual ? ANNUAL_DECISIONS : ACCESS_DECISIONS).map((d) => ({
            value: d,
            label: t(`reviewDecision.${d}`),
          }))}
        />
      </Form.Item>
      {decision === 'reclassify' && (
        <>
          <Form.Item name="level" label={t('change.newLevel')} rules={[{ required: true }]}>
            <Select
              style={{ maxWidth: 240 }}
              data-testid="review-level"
              options={levels.map((l) => ({
                value: l.code,
                label: t(`level.${l.code}`),
                disabled: rankOf(l.code) > clearance,
              }))}
            />
          </Form.Item>
          <TermFields maxYears={maxYears(level)} prefix="review" />
        </>
      )}
      {decision === 'extend' && (
        <TermFields
          maxYears={maxYears(task.itemLevel)}
          periodOnly
          periodLabel={t('change.newPeriod')}
          prefix="review"
        />
      )}
      <Form.Item name="comment" label={t('review.comment')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="review-comment" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={decide.isPending} data-testid="review-decide-submit">
        {t('review.decide')}
      </Button>
    </Form>
  );
}

export function ReviewTaskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('classification');
  const task = useQuery({
    queryKey: ['review-tasks', 'detail', id],
    queryFn: () => api.reviews.task(id),
    meta: { quiet: true },
  });
  if (task.isLoading) return <Spin />;
  if (!task.data)
    return <Result status="404" title={t('error.not_found')} extra={<Link to="/reviews">{t('common.back')}</Link>} />;
  const r = task.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1000 }}>
      <Link to="/reviews">
        <LeftOutlined /> {t('review.title')}
      </Link>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('review.taskHeading', { title: r.campaignTitle })}
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="review-task-details">
        <Descriptions.Item label={t('review.kind')}>{t(`reviewKind.${r.campaignKind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('review.dueOn')}>{fmtDate(r.dueOn)}</Descriptions.Item>
        <Descriptions.Item label={t('review.item')}>
          <Link to={`/items/${r.itemId}`}>{r.itemNumber}</Link> {r.itemTitle}
        </Descriptions.Item>
        <Descriptions.Item label={t('item.level')}>
          <LevelTag level={r.itemLevel} />
        </Descriptions.Item>
        <Descriptions.Item label={t('item.secrecyUntil')}>{fmtDate(r.itemSecrecyUntil)}</Descriptions.Item>
        <Descriptions.Item label={t('review.reviewer')}>{r.reviewerName ?? '—'}</Descriptions.Item>
        {r.status === 'done' && (
          <>
            <Descriptions.Item label={t('review.decision')}>
              {r.decision ? t(`reviewDecision.${r.decision}`, { defaultValue: r.decision }) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('approval.decidedAt')}>{fmtDateTime(r.decidedAt)}</Descriptions.Item>
            {r.comment && (
              <Descriptions.Item label={t('review.comment')} span={2}>
                {r.comment}
              </Descriptions.Item>
            )}
            {r.requestId && (
              <Descriptions.Item label={t('review.requestCreated')} span={2}>
                <Link to={`/approvals/${r.requestId}`}>{t('item.viewRequest')}</Link>
              </Descriptions.Item>
            )}
          </>
        )}
      </Descriptions>
      {r.status === 'pending' && <DecisionForm key={r.version} task={r} />}
    </Space>
  );
}
