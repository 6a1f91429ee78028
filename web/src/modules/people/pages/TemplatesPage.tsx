import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Segmented, Space, Tag, Typography, type ButtonProps } from 'antd';
import { PagedTable } from '../../../shared/PagedTable.js';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AGREEMENT_KINDS, type AgreementKind } from '../../../../../src/kernel/agreements.js';
import { useAbility } from '../../../app/auth.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDateTime } from '../../../app/format.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { api } from '../api.js';
import type { TemplateSummary } from '../contracts.js';
import { TEMPLATES_KEY } from '../components/common.js';
import { SettingsCard } from '../components/SettingsCard.js';

/** A new template's first draft: a heading and the person's placeholders, for the office to write on. */
const STARTER: Record<'zh-CN' | 'en-US', (title: string) => string> = {
  'zh-CN': (title) => `# ${title}\n\n本人 {{name}}（{{department}}）承诺：\n\n1. \n\n签署日期：{{date}}\n`,
  'en-US': (title) => `# ${title}\n\nI, {{name}} ({{department}}), undertake:\n\n1. \n\nSigned on {{date}}\n`,
};

/** 保密协议模板 (the security office; heads and officers read): the templates by kind, a new one. */
export function TemplatesPage() {
  const { t, i18n } = useTranslation('people');
  const can = useAbility();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const kind = (params.get('kind') ?? '') as AgreementKind | '';
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ kind: AgreementKind; title: string }>();
  const list = useQuery({ queryKey: TEMPLATES_KEY, queryFn: api.templates.list });
  const manage = can('agreement.manage_templates');

  const create = useMutation({
    mutationFn: (v: { kind: AgreementKind; title: string }) =>
      api.templates.create({
        kind: v.kind,
        title: v.title.trim(),
        departmentId: null,
        post: null,
        validityMonths: v.kind === 'responsibility' ? 12 : null,
        graceDays: null,
        body: STARTER[i18n.language === 'en-US' ? 'en-US' : 'zh-CN'](v.title.trim()),
        duties: null,
      }),
    onSuccess: async (tpl) => {
      showSuccess(t('templates.created'));
      setCreating(false);
      await qc.invalidateQueries({ queryKey: TEMPLATES_KEY });
      navigate(`/agreement-templates/${tpl.id}`);
    },
  });

  if (!can('agreement.view_templates') && !manage) return <NotFoundPage forbidden />;
  const rows = (list.data?.items ?? []).filter((r) => !kind || r.kind === kind);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('templates.title')}
        </Typography.Title>
        {manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.setFieldsValue({ kind: kind || 'nda', title: '' });
              setCreating(true);
            }}
            data-testid="template-create"
          >
            {t('templates.create')}
          </Button>
        )}
      </Space>
      <Alert type="info" showIcon title={t('templates.hint')} />
      <Segmented
        value={kind}
        onChange={(v) => setParams(v ? { kind: String(v) } : {}, { replace: true })}
        options={[
          { value: '', label: t('templates.all') },
          ...AGREEMENT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
        ]}
        data-testid="template-kinds"
      />
      <Card size="small">
        <PagedTable<TemplateSummary>
          listKey="templates"
          size="small"
          rowKey="id"
          loading={list.isLoading}
          rows={rows}
          data-testid="template-table"
          onRow={(r) => ({ 'data-testid': `template-row-${r.id}` }) as object}
          columns={[
            {
              title: t('templates.name'),
              key: 'title',
              render: (_, r) => (
                <Link to={`/agreement-templates/${r.id}`} data-testid="template-open">
                  {r.title}
                </Link>
              ),
            },
            { title: t('templates.kind'), key: 'kind', render: (_, r) => t(`kind.${r.kind}`) },
            {
              title: t('templates.department'),
              key: 'scope',
              render: (_, r) =>
                [r.departmentName ?? t('templates.everyone'), r.post ?? (r.departmentId ? '' : null)]
                  .filter(Boolean)
                  .join(' · '),
            },
            {
              title: t('templates.current'),
              key: 'current',
              render: (_, r) => (
                <Space size={4}>
                  {r.currentVersion > 0 ? t('common.version', { n: r.currentVersion }) : t('common.unpublished')}
                  {r.draftChanged && r.currentVersion > 0 && <Tag>{t('common.draft')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('templates.validity'),
              key: 'validity',
              render: (_, r) => (r.validityMonths ? t('common.months', { n: r.validityMonths }) : t('common.forever')),
            },
            {
              title: t('templates.status'),
              key: 'status',
              render: (_, r) => (
                <Tag color={r.status === 'active' ? 'green' : 'default'}>{t(`templateStatus.${r.status}`)}</Tag>
              ),
            },
            { title: t('templates.updated'), key: 'updated', render: (_, r) => fmtDateTime(r.updatedAt) },
          ]}
        />
      </Card>
      {can('agreement.manage_settings') && <SettingsCard />}
      <Modal
        open={creating}
        title={t('templates.createTitle')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'template-create-submit' } as ButtonProps}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="kind" label={t('templates.kind')} rules={[{ required: true }]}>
            <Segmented
              options={AGREEMENT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              data-testid="template-create-kind"
            />
          </Form.Item>
          <Form.Item name="title" label={t('templates.name')} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input maxLength={200} data-testid="template-create-title" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
