import { useState } from 'react';
import {
  Alert,
  Button,
  type ButtonProps,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { AudienceRule } from '../../../../../src/kernel/training.js';
import { useAbility } from '../../../app/auth.js';
import { errorText, problemOf, showError, showSuccess } from '../../../app/feedback.js';
import { fmtDate } from '../../../app/format.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { reportsApi, type Awareness } from '../api/reports.js';
import { AudienceEditor } from '../components/AudienceEditor.js';
import { AudienceText } from '../components/AudienceText.js';

const KEY = ['training', 'awareness'] as const;

interface Values {
  title: string;
  body: string;
  audience: AudienceRule[];
  intervalDays: number;
  nextOn: Dayjs;
  active: boolean;
}

function AwarenessModal({ message, onClose }: { message: Awareness | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('training');
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const editing = message !== null && message !== 'new' ? message : null;
  // The form mounts with each opening (destroyOnHidden, preserve false): these are its values from the start. A new
  // message goes out from tomorrow (the organisation's today may be ahead of the browser's).
  const initial: Partial<Values> = editing
    ? {
        title: editing.title,
        body: editing.body,
        audience: editing.audience as AudienceRule[],
        intervalDays: editing.intervalDays,
        nextOn: dayjs(editing.nextOn),
        active: editing.active,
      }
    : { audience: [{ kind: 'all' }], intervalDays: 30, nextOn: dayjs().add(1, 'day'), active: true, body: '' };
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        title: v.title,
        body: v.body,
        audience: v.audience as Awareness['audience'],
        intervalDays: v.intervalDays,
        nextOn: v.nextOn.format('YYYY-MM-DD'),
        active: v.active,
      };
      return editing
        ? reportsApi.awareness.update(editing.id, { ...body, version: editing.version })
        : reportsApi.awareness.create(body);
    },
    meta: { quiet: ['validation_failed', 'stale_version'] },
    onSuccess: async () => {
      showSuccess(t('awareness.saved'));
      await qc.invalidateQueries({ queryKey: KEY });
      onClose();
    },
  });
  return (
    <Modal
      open={message !== null}
      title={editing ? t('awareness.edit') : t('awareness.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'awareness-save' } as ButtonProps}
      width={720}
      destroyOnHidden
    >
      {save.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={errorText(save.error)}
          data-testid="awareness-problem"
          data-problem={problemOf(save.error) ?? ''}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="title" label={t('awareness.name')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input data-testid="awareness-title" />
        </Form.Item>
        <Form.Item name="body" label={t('awareness.body')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={5} data-testid="awareness-body" />
        </Form.Item>
        <Form.Item name="audience" label={t('awareness.audience')}>
          <AudienceEditor testId="awareness-audience" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="intervalDays" label={t('awareness.intervalDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={3650} precision={0} data-testid="awareness-interval" />
          </Form.Item>
          <Form.Item name="nextOn" label={t('awareness.nextOn')} rules={[{ required: true }]}>
            <DatePicker data-testid="awareness-next" />
          </Form.Item>
          <Form.Item name="active" label={t('awareness.active')} valuePropName="checked">
            <Switch data-testid="awareness-active" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/**
 * 保密知识提醒 (the security office, TRN-06): the messages sent regularly to chosen people, in the inbox and by
 * e-mail — what, to whom, how often, when next.
 */
export function AwarenessPage() {
  const { t } = useTranslation('training');
  const can = useAbility();
  const qc = useQueryClient();
  const allowed = can('training.manage_awareness');
  const [editing, setEditing] = useState<Awareness | 'new' | null>(null);
  const list = useQuery({ queryKey: KEY, queryFn: reportsApi.awareness.list, enabled: allowed });
  const remove = useMutation({
    mutationFn: (m: Awareness) => reportsApi.awareness.remove(m.id, m.version),
    onSuccess: async () => {
      showSuccess(t('awareness.deleted'));
      await qc.invalidateQueries({ queryKey: KEY });
    },
    onError: showError,
  });
  if (!allowed) return <NotFoundPage forbidden />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="awareness-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('awareness.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="awareness-create">
          {t('awareness.create')}
        </Button>
      </Space>
      <Alert type="info" showIcon title={t('awareness.hint')} />
      <Table<Awareness>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="awareness-table"
        onRow={(m) => ({ 'data-testid': `awareness-row-${m.id}` }) as object}
        expandable={{
          // The server's sanitised rendering of the Markdown body (html: false).
          expandedRowRender: (m) => <div dangerouslySetInnerHTML={{ __html: m.bodyHtml }} />,
        }}
        columns={[
          {
            title: t('awareness.name'),
            key: 'title',
            render: (_, m) => (
              <Space size={4}>
                <span>{m.title}</span>
                {!m.active && <Tag>{t('awareness.inactive')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('awareness.audience'),
            key: 'audience',
            render: (_, m) => (
              <Space orientation="vertical" size={0}>
                <AudienceText rules={m.audience as AudienceRule[]} inline />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('awareness.audienceCount', { count: m.audienceCount })}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('awareness.interval'),
            key: 'every',
            render: (_, m) => t('awareness.every', { days: m.intervalDays }),
          },
          { title: t('awareness.nextOn'), key: 'next', render: (_, m) => fmtDate(m.nextOn) },
          {
            title: t('awareness.lastSentOn'),
            key: 'last',
            render: (_, m) => (m.lastSentOn ? fmtDate(m.lastSentOn) : t('awareness.never')),
          },
          {
            key: 'actions',
            align: 'right',
            render: (_, m) => (
              <Space>
                <Button size="small" onClick={() => setEditing(m)} data-testid="awareness-edit">
                  {t('awareness.edit')}
                </Button>
                <Popconfirm title={t('awareness.deleteConfirm', { title: m.title })} onConfirm={() => remove.mutate(m)}>
                  <Button size="small" danger data-testid="awareness-delete">
                    {t('awareness.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <AwarenessModal
        key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id}
        message={editing}
        onClose={() => setEditing(null)}
      />
    </Space>
  );
}
