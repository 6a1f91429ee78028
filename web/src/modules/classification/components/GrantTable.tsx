import { useState } from 'react';
import {
  Alert,
  Button,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Tag,
  Typography,
  type ButtonProps,
  type TableProps,
} from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type GrantQuery } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import type { GrantListItem as Grant } from '../../../app/contracts.js';
import { feedback, showSuccess } from '../../../app/feedback.js';
import { fmtDateTime } from '../../../app/format.js';
import { LevelTag, actionsText } from './common.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { usePagedQuery } from '../../../shared/usePagedQuery.js';
import { BulkRevoke } from './BulkRevoke.js';

type Dialog = { kind: 'revoke' | 'review'; grant: Grant } | null;

function GrantState({ g }: { g: Grant }) {
  const { t } = useTranslation('classification');
  if (g.revokedAt) return <Tag color="red">{t('grant.revoked')}</Tag>;
  return g.active ? <Tag color="green">{t('grant.active')}</Tag> : <Tag>{t('grant.expired')}</Tag>;
}

/**
 * Grants of one view (mine, managed, emergency), optionally of one item. Each row's actions are its abilities
 * from the server: revoke (give back, one's own) one or several at once; review another's emergency access.
 */
export function GrantTable({
  view,
  itemId,
  active,
  showItem = true,
  testid = 'grants-table',
}: {
  view: GrantQuery['view'];
  itemId?: string;
  active?: boolean;
  showItem?: boolean;
  testid?: string;
}) {
  const { t } = useTranslation('classification');
  const qc = useQueryClient();
  const grants = usePagedQuery({ queryKey: ['grants'], filters: { view, itemId, active }, fetch: api.grants.list });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<{ reason?: string; verdict?: 'justified' | 'unjustified'; note?: string }>();
  const verdict = Form.useWatch('verdict', form);

  const refresh = () => qc.invalidateQueries({ queryKey: ['grants'] });
  const act = useMutation({
    mutationFn: async (v: { reason?: string; verdict?: 'justified' | 'unjustified'; note?: string }) => {
      if (!dialog) return;
      if (dialog.kind === 'revoke')
        await api.grants.revoke(dialog.grant.id, dialog.grant.version, v.reason?.trim() ?? '');
      else
        await api.grants.review(dialog.grant.id, {
          version: dialog.grant.version,
          verdict: v.verdict ?? 'justified',
          note: v.note?.trim() || null,
        });
    },
    onSuccess: async () => {
      showSuccess(dialog?.kind === 'revoke' ? t('grant.revoked_ok') : t('grant.reviewed'));
      setDialog(null);
      await refresh();
      await qc.invalidateQueries({ queryKey: ['items'] });
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        feedback.current?.message.warning(t('error.stale_version'));
        setDialog(null);
        await refresh();
      }
    },
    meta: { quiet: ['stale_version'] },
  });
  const open = (d: Dialog) => {
    form.resetFields();
    if (d?.kind === 'review') form.setFieldsValue({ verdict: 'justified' });
    setDialog(d);
  };

  const columns: TableProps<Grant>['columns'] = [
    ...(showItem
      ? [
          {
            title: t('review.item'),
            key: 'item',
            width: 220,
            render: (_: unknown, g: Grant) => (
              <Space orientation="vertical" size={0}>
                <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                  <Link to={`/items/${g.itemId}`}>{g.itemNumber}</Link>
                  <LevelTag level={g.itemLevel} />
                </Space>
                <Typography.Text ellipsis={{ tooltip: g.itemTitle }} style={{ maxWidth: 200 }}>
                  {g.itemTitle}
                </Typography.Text>
              </Space>
            ),
          },
        ]
      : []),
    { title: t('grant.grantee'), dataIndex: 'granteeName', render: (v: string | null) => v ?? '—' },
    { title: t('grant.actions'), dataIndex: 'actions', width: 130, render: (a: Grant['actions']) => actionsText(t, a) },
    {
      title: t('grant.source'),
      key: 'source',
      render: (_: unknown, g) => (
        <Space size={4} wrap>
          <Tag color={g.source === 'emergency' ? 'red' : 'blue'}>{t(`grantSource.${g.source}`)}</Tag>
          {g.reviewStatus && (
            <Tag color={g.reviewStatus === 'unjustified' ? 'red' : g.reviewStatus === 'justified' ? 'green' : 'orange'}>
              {t(`grantReview.${g.reviewStatus}`)}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t('grant.reason'), dataIndex: 'reason', ellipsis: true },
    { title: t('grant.grantedAt'), dataIndex: 'grantedAt', width: 140, render: fmtDateTime },
    { title: t('grant.expiresAt'), dataIndex: 'expiresAt', width: 140, render: fmtDateTime },
    { title: t('grant.state'), key: 'state', render: (_: unknown, g) => <GrantState g={g} /> },
    {
      title: t('common.actions'),
      // Not 'actions': that is the granted actions' column (a column's id names its kept settings).
      key: 'ops',
      // Kept in view at the right edge: on a laptop's 1280 px the other columns scroll under it, the actions never.
      fixed: 'right',
      width: view === 'emergency' ? 150 : 100,
      render: (_: unknown, g) => (
        <Space size={0}>
          {g.canReview && view === 'emergency' && (
            <Button
              type="link"
              size="small"
              onClick={() => open({ kind: 'review', grant: g })}
              data-testid={`grant-review-${g.id}`}
            >
              {t('grant.review')}
            </Button>
          )}
          {g.canRevoke && (
            <Button
              type="link"
              size="small"
              danger
              onClick={() => open({ kind: 'revoke', grant: g })}
              data-testid={`grant-revoke-${g.id}`}
            >
              {view === 'mine' ? t('grant.giveBack') : t('grant.revoke')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid={testid}>
      <PagedTable<Grant>
        paged={grants}
        listKey={itemId ? 'item-grants' : 'grants'}
        // A row is chosen only when the server says its revoking would be accepted (the list's abilities).
        selection={{
          selectable: (g) => g.canRevoke,
          actions: (rows, clear) => <BulkRevoke rows={rows} clear={clear} own={view === 'mine'} />,
        }}
        rowKey="id"
        size="small"
        columns={columns}
        locale={{ emptyText: t('grant.empty') }}
        scroll={{ x: 1000 }}
      />
      <Modal
        open={dialog !== null}
        title={dialog?.kind === 'review' ? t('grant.reviewTitle') : t('grant.revokeTitle')}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        confirmLoading={act.isPending}
        okButtonProps={{ danger: dialog?.kind === 'revoke', 'data-testid': 'grant-dialog-submit' } as ButtonProps}
        forceRender
      >
        {dialog && (
          <Typography.Paragraph>
            {dialog.grant.itemNumber} {dialog.grant.itemTitle} · {dialog.grant.granteeName} ·{' '}
            {actionsText(t, dialog.grant.actions)}
            <br />
            <Typography.Text type="secondary">
              {t('grant.reason')}: {dialog.grant.reason}
            </Typography.Text>
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" onFinish={(v) => act.mutate(v)}>
          {dialog?.kind === 'revoke' ? (
            <Form.Item
              name="reason"
              label={t('grant.revokeReason')}
              rules={[{ required: true, whitespace: true, max: 1000 }]}
            >
              <Input.TextArea rows={2} maxLength={1000} data-testid="grant-revoke-reason" />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="verdict" label={t('grant.verdict')}>
                <Radio.Group
                  data-testid="grant-verdict"
                  options={(['justified', 'unjustified'] as const).map((v) => ({
                    value: v,
                    label: t(`grantReview.${v}`),
                  }))}
                />
              </Form.Item>
              {verdict === 'unjustified' && (
                <Alert type="warning" showIcon title={t('grant.unjustifiedHint')} style={{ marginBottom: 16 }} />
              )}
              <Form.Item name="note" label={t('grant.note')} rules={[{ max: 1000 }]}>
                <Input.TextArea rows={2} maxLength={1000} data-testid="grant-review-note" />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </div>
  );
}
