import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Space,
  Spin,
  Tag,
  TreeSelect,
  Typography,
  type ButtonProps,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  AGREEMENT_DEFAULTS,
  AGREEMENT_PLACEHOLDERS,
  type AgreementKind,
} from '../../../../../src/kernel/agreements.js';
import { isApiError } from '../../../app/api/client.js';
import { useAbility } from '../../../app/auth.js';
import { showSuccess } from '../../../app/feedback.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { buildTree } from '../../../shared/deptTree.js';
import { api } from '../api.js';
import type { PublishResult, Template, TemplateVersion } from '../contracts.js';
import { AgreementText, ProblemAlert, REPORT_KEY, TEMPLATES_KEY } from '../components/common.js';
import { SETTINGS_KEY } from '../components/SettingsCard.js';
import { VersionsCard, VersionTextModal } from '../components/TemplateVersions.js';
import { PublishedModal } from '../components/PublishedModal.js';

/** Kinds that name a department and/or a post and keep duty descriptions (保密职责, PER-08). */
const SCOPED: readonly AgreementKind[] = ['responsibility', 'other'];

interface Values {
  title: string;
  departmentId: string | null;
  post: string | null;
  validityMonths: number | null;
  graceDays: number | null;
  duties: string | null;
  body: string;
}

const valuesOf = (t: Template): Values => ({
  title: t.title,
  departmentId: t.departmentId,
  post: t.post,
  validityMonths: t.validityMonths,
  graceDays: t.graceDays,
  duties: t.draftDuties,
  body: t.draftBody,
});

/** A value that follows `value` once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return v;
}

const blank = (s: string | null | undefined) => (s && s.trim() ? s : null);

/**
 * One template (保密协议模板): the draft in Markdown with a live preview the server renders for the caller, the
 * department, post, validity, time to sign and duties for the kinds that use them; publishing a version (saying
 * how many must sign it), the versions published, retiring.
 */
export function TemplateEditorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('people');
  const can = useAbility();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const key = [...TEMPLATES_KEY, id];
  const tpl = useQuery({ queryKey: key, queryFn: () => api.templates.get(id) });
  const departments = useQuery({ queryKey: ['departments'], queryFn: api.directory.departments, staleTime: 60_000 });
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: api.settings.get, meta: { quiet: true } });
  const [confirming, setConfirming] = useState(false);
  const [published, setPublished] = useState<PublishResult | null>(null);
  const [reading, setReading] = useState<TemplateVersion | null>(null);
  const [dirty, setDirty] = useState(false);
  const manage = can('agreement.manage_templates') && tpl.data?.status === 'active';

  useEffect(() => {
    if (tpl.data) {
      form.setFieldsValue(valuesOf(tpl.data));
      setDirty(false);
    }
  }, [tpl.data, form]);

  const body = (Form.useWatch('body', form) as string | undefined) ?? '';
  const duties = (Form.useWatch('duties', form) as string | null | undefined) ?? null;
  const previewOf = useDebounced({ body, duties: blank(duties) }, 400);
  const preview = useQuery({
    queryKey: ['agreements', 'preview', previewOf.body, previewOf.duties],
    queryFn: () => api.templates.preview(previewOf.body, previewOf.duties),
    enabled: previewOf.body.trim().length > 0,
    placeholderData: keepPreviousData,
    meta: { quiet: true },
    retry: false,
  });

  const save = useMutation({
    mutationFn: (v: Values) =>
      api.templates.update(id, {
        version: tpl.data!.version,
        title: v.title.trim(),
        departmentId: v.departmentId ?? null,
        post: blank(v.post)?.trim() ?? null,
        validityMonths: v.validityMonths ?? null,
        graceDays: v.graceDays ?? null,
        duties: SCOPED.includes(tpl.data!.kind) ? blank(v.duties) : null,
        body: v.body,
      }),
    meta: { quiet: ['stale_version'] },
    onSuccess: (next) => {
      qc.setQueryData(key, next);
      void qc.invalidateQueries({ queryKey: TEMPLATES_KEY, exact: true });
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        await qc.invalidateQueries({ queryKey: key });
        form.setFields([{ name: 'body', errors: [t('editor.conflict')] }]);
      }
    },
  });

  const publish = useMutation({
    mutationFn: async () => {
      let version = tpl.data!.version;
      if (dirty) version = (await save.mutateAsync(await form.validateFields())).version;
      return api.templates.publish(id, version);
    },
    onSuccess: async (r) => {
      setConfirming(false);
      setPublished(r);
      qc.setQueryData(key, r.template);
      await qc.invalidateQueries({ queryKey: TEMPLATES_KEY });
      await qc.invalidateQueries({ queryKey: ['agreements'] });
    },
  });

  const retire = useMutation({
    mutationFn: () => api.templates.retire(id, tpl.data!.version),
    onSuccess: async (next) => {
      showSuccess(t('editor.retired'));
      qc.setQueryData(key, next);
      await qc.invalidateQueries({ queryKey: TEMPLATES_KEY });
    },
  });

  // Before a new version: the people the current one applies to, each of whom must sign the new one (the report).
  const applies = useQuery({
    queryKey: [...REPORT_KEY, 'template', id],
    queryFn: () => api.report.list({ kind: tpl.data!.kind, limit: 200 }),
    enabled: confirming && (tpl.data?.currentVersion ?? 0) > 0 && can('agreement.view_reports'),
    meta: { quiet: true },
  });
  const resigners = applies.data
    ? {
        count: applies.data.items.filter((r) => r.obligations.some((o) => o.templateId === id)).length,
        more: applies.data.nextCursor !== null,
      }
    : null;

  if (tpl.isLoading) return <Spin />;
  if (!tpl.data) return <NotFoundPage />;
  const d = tpl.data;
  const scoped = SCOPED.includes(d.kind);
  const tree = buildTree(departments.data?.items ?? []);
  const grace = settings.data?.settings.graceDays ?? AGREEMENT_DEFAULTS.graceDays;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/agreement-templates">
        <ArrowLeftOutlined /> {t('editor.back')}
      </Link>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="template-heading">
            {d.title}
          </Typography.Title>
          <Tag>{t(`kind.${d.kind}`)}</Tag>
          <Tag color={d.status === 'active' ? 'green' : 'default'}>{t(`templateStatus.${d.status}`)}</Tag>
          <Typography.Text type="secondary" data-testid="template-current">
            {d.currentVersion > 0 ? t('common.version', { n: d.currentVersion }) : t('common.unpublished')}
          </Typography.Text>
        </Space>
        {manage && (
          <Space>
            <Button onClick={() => form.submit()} loading={save.isPending} data-testid="template-save">
              {t('editor.saveDraft')}
            </Button>
            <Button type="primary" onClick={() => setConfirming(true)} data-testid="template-publish">
              {t('editor.publish')}
            </Button>
            {d.currentVersion > 0 && (
              <Popconfirm
                title={t('editor.retireConfirm')}
                onConfirm={() => retire.mutate()}
                okButtonProps={{ 'data-testid': 'template-retire-confirm' } as ButtonProps}
              >
                <Button danger data-testid="template-retire">
                  {t('editor.retire')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )}
      </Space>
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!manage}
        onValuesChange={() => setDirty(true)}
        onFinish={(v) =>
          save.mutate(v, {
            onSuccess: () => {
              setDirty(false);
              showSuccess(t('editor.saved'));
            },
          })
        }
        data-testid="template-form"
      >
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t('editor.name')} rules={[{ required: true, whitespace: true, max: 200 }]}>
                <Input maxLength={200} data-testid="template-title" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="validityMonths" label={t('editor.validityMonths')} extra={t('editor.validityHint')}>
                <InputNumber min={1} max={600} style={{ width: '100%' }} data-testid="template-validity" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="graceDays" label={t('editor.graceDays')} extra={t('editor.graceHint', { n: grace })}>
                <InputNumber min={0} max={365} style={{ width: '100%' }} data-testid="template-grace" />
              </Form.Item>
            </Col>
            {scoped && (
              <>
                <Col xs={24} md={12}>
                  <Form.Item name="departmentId" label={t('editor.department')} extra={t('editor.departmentHint')}>
                    <TreeSelect
                      allowClear
                      treeDefaultExpandAll
                      treeData={tree}
                      showSearch
                      treeNodeFilterProp="title"
                      data-testid="template-department"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="post" label={t('editor.post')} extra={t('editor.postHint')} rules={[{ max: 100 }]}>
                    <Input maxLength={100} data-testid="template-post" />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item
                    name="duties"
                    label={t('editor.duties')}
                    extra={t('editor.dutiesHint', { p: '{{duties}}' })}
                    rules={[{ max: 10_000 }]}
                  >
                    <Input.TextArea rows={4} data-testid="template-duties" />
                  </Form.Item>
                </Col>
              </>
            )}
          </Row>
        </Card>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('editor.body')}>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t('editor.placeholders')}{' '}
                {AGREEMENT_PLACEHOLDERS.map((p) => (
                  <Typography.Text code key={p}>{`{{${p}}}`}</Typography.Text>
                ))}
              </Typography.Paragraph>
              <Form.Item name="body" rules={[{ required: true, whitespace: true, max: 50_000 }]} style={{ margin: 0 }}>
                <Input.TextArea
                  autoSize={{ minRows: 18, maxRows: 40 }}
                  style={{ fontFamily: 'monospace' }}
                  data-testid="template-body"
                />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('editor.preview')} extra={t('editor.previewHint')}>
              {preview.error && <ProblemAlert error={preview.error} />}
              {!body.trim() ? (
                <Typography.Text type="secondary">{t('editor.previewEmpty')}</Typography.Text>
              ) : preview.data ? (
                <div data-testid="template-preview" data-stale={preview.isFetching ? 'true' : 'false'}>
                  <AgreementText html={preview.data.html} testid="template-preview-text" />
                </div>
              ) : (
                <Spin />
              )}
            </Card>
          </Col>
        </Row>
      </Form>
      {save.error && !isApiError(save.error) ? null : <ProblemAlert error={save.error} />}
      <VersionsCard versions={d.versions} onRead={setReading} />

      <Modal
        open={confirming}
        title={t('editor.publishTitle')}
        onCancel={() => setConfirming(false)}
        onOk={() => publish.mutate()}
        confirmLoading={publish.isPending}
        okText={t('editor.publish')}
        okButtonProps={{ 'data-testid': 'template-publish-confirm' } as ButtonProps}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('editor.publishConfirm', { n: d.currentVersion + 1 })}</Typography.Text>
          {resigners && (
            <Typography.Text strong data-testid="template-publish-resigners" data-count={resigners.count}>
              {t('editor.publishResign', { count: resigners.count, more: resigners.more ? '+' : '' })}
            </Typography.Text>
          )}
          {dirty && <Alert type="info" showIcon title={t('editor.publishUnsaved')} />}
          <ProblemAlert error={publish.error} />
        </Space>
      </Modal>

      <PublishedModal published={published} onClose={() => setPublished(null)} />

      <VersionTextModal templateId={id} reading={reading} onClose={() => setReading(null)} />
    </Space>
  );
}
