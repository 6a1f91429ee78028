import { useState } from 'react';
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  type ButtonProps,
  type TableProps,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api.js';
import {
  type ClassificationSettings,
  type Classifier,
  type ClassifierKind,
  type Level,
} from '../../../app/contracts.js';
import { CLASSIFIER_KINDS } from '../../../../../src/kernel/secret-item.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDate } from '../../../app/format.js';
import { LevelTag } from './common.js';
import { UserPicker } from './UserPicker.js';

interface Values {
  userId: string;
  kind: ClassifierKind;
  maxLevel: Level;
  appointedOn?: Dayjs;
  note?: string;
}

/** Classification authorities (定密责任人): listed for everyone, appointed and revoked by the security administrator. */
export function ClassifiersCard({ settings, manage }: { settings: ClassificationSettings; manage: boolean }) {
  const { t } = useTranslation('classification');
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['classifiers'], queryFn: api.classifiers.list });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const refresh = () => qc.invalidateQueries({ queryKey: ['classifiers'] });
  const appoint = useMutation({
    mutationFn: (v: Values) =>
      api.classifiers.appoint({
        userId: v.userId,
        kind: v.kind,
        maxLevel: v.maxLevel,
        appointedOn: v.appointedOn?.format('YYYY-MM-DD'),
        note: v.note?.trim() || null,
      }),
    onSuccess: async () => {
      showSuccess(t('clsSettings.appointed'));
      setOpen(false);
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (c: Classifier) => api.classifiers.revoke(c.id, c.version),
    onSuccess: async () => {
      showSuccess(t('clsSettings.revokedOk'));
      await refresh();
    },
    onError: refresh,
  });

  const columns: TableProps<Classifier>['columns'] = [
    { title: t('clsSettings.person'), key: 'person', render: (_: unknown, c) => `${c.displayName} (${c.username})` },
    { title: t('clsSettings.kind'), dataIndex: 'kind', render: (k: ClassifierKind) => t(`classifierKind.${k}`) },
    { title: t('clsSettings.maxLevel'), dataIndex: 'maxLevel', render: (l: Level) => <LevelTag level={l} /> },
    { title: t('clsSettings.appointedOn'), dataIndex: 'appointedOn', render: fmtDate },
    { title: t('clsSettings.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
    {
      title: t('clsSettings.state'),
      key: 'state',
      render: (_: unknown, c) =>
        c.revokedAt ? (
          <Tag>
            {t('clsSettings.revoked')} {fmtDate(c.revokedAt)}
          </Tag>
        ) : (
          <Tag color="green">{t('clsSettings.active')}</Tag>
        ),
    },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, c: Classifier) =>
              !c.revokedAt && (
                <Popconfirm
                  title={t('clsSettings.confirmRevoke', { name: c.displayName })}
                  onConfirm={() => revoke.mutate(c)}
                >
                  <Button size="small" danger data-testid={`cls-classifier-revoke-${c.username}`}>
                    {t('clsSettings.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]
      : []),
  ];
  const levels = settings.levels.filter((l) => l.classified && l.inUse);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Alert type="info" showIcon title={t('clsSettings.classifiersHint')} />
        {manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="cls-classifier-appoint"
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ kind: 'designated', appointedOn: dayjs() });
              setOpen(true);
            }}
          >
            {t('clsSettings.appoint')}
          </Button>
        )}
      </Space>
      <div data-testid="cls-classifiers">
        <Table<Classifier>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          pagination={false}
        />
      </div>
      <Modal
        open={open}
        title={t('clsSettings.appoint')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={appoint.isPending}
        okButtonProps={{ 'data-testid': 'classifier-submit' } as ButtonProps}
        forceRender
      >
        <Form<Values> form={form} layout="vertical" onFinish={(v) => appoint.mutate(v)}>
          <Form.Item name="userId" label={t('clsSettings.person')} rules={[{ required: true }]}>
            <UserPicker testid="classifier-user" eligible={{ for: 'classifier' }} />
          </Form.Item>
          <Form.Item name="kind" label={t('clsSettings.kind')} rules={[{ required: true }]}>
            <Select
              data-testid="classifier-kind"
              options={CLASSIFIER_KINDS.map((k) => ({ value: k, label: t(`classifierKind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="maxLevel" label={t('clsSettings.maxLevel')} rules={[{ required: true }]}>
            <Select
              data-testid="classifier-level"
              options={levels.map((l) => ({ value: l.code, label: t(`level.${l.code}`) }))}
            />
          </Form.Item>
          <Form.Item name="appointedOn" label={t('clsSettings.appointedOn')}>
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="note" label={t('clsSettings.note')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
