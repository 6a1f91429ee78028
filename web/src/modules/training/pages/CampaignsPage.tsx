import { useState } from 'react';
import {
  Alert,
  Button,
  type ButtonProps,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { CAMPAIGN_KINDS, type AudienceRule, type CampaignKind } from '../../../../../src/kernel/training.js';
import { useAbility } from '../../../app/auth.js';
import { errorText, problemOf, showError, showSuccess } from '../../../app/feedback.js';
import { fmtDate } from '../../../app/format.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { reportsApi, type Campaign } from '../api/reports.js';
import { AudienceEditor } from '../components/AudienceEditor.js';
import { AudienceText } from '../components/AudienceText.js';

const KEY = ['training', 'campaigns'] as const;

interface Values {
  title: string;
  kind: CampaignKind;
  audience: AudienceRule[];
  dates: [Dayjs, Dayjs];
  body: string;
}

/** A campaign's text as the server rendered it (sanitised HTML: markdown-it, raw HTML escaped). */
function CampaignText({ html }: { html: string }) {
  return (
    <div
      className="baomi-campaign-text"
      style={{ lineHeight: 1.8 }}
      // The server's sanitised rendering (html: false).
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

function FileLink({ c }: { c: Campaign }) {
  const { t } = useTranslation('training');
  if (!c.file) return null;
  return (
    <a href={reportsApi.campaigns.fileUrl(c.id)} target="_blank" rel="noreferrer" data-testid="campaign-file">
      <PaperClipOutlined /> {t('campaign.download')}: {c.file.name}
    </a>
  );
}

/** The editor of a campaign (new, or the one given), then its file. */
function CampaignModal({ campaign, onClose }: { campaign: Campaign | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('training');
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const editing = campaign !== null && campaign !== 'new' ? campaign : null;
  const [current, setCurrent] = useState<Campaign | null>(editing);
  // The form mounts with each opening (destroyOnHidden, preserve false): these are its values from the start.
  const initial: Partial<Values> = editing
    ? {
        title: editing.title,
        kind: editing.kind,
        audience: editing.audience as AudienceRule[],
        dates: [dayjs(editing.startsOn), dayjs(editing.endsOn)],
        body: editing.body,
      }
    : { kind: 'poster', audience: [{ kind: 'all' }], dates: [dayjs(), dayjs().add(30, 'day')], body: '' };
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        title: v.title,
        kind: v.kind,
        audience: v.audience as Campaign['audience'],
        startsOn: v.dates[0].format('YYYY-MM-DD'),
        endsOn: v.dates[1].format('YYYY-MM-DD'),
        body: v.body ?? '',
      };
      return current
        ? reportsApi.campaigns.update(current.id, { ...body, version: current.version })
        : reportsApi.campaigns.create(body);
    },
    meta: { quiet: ['validation_failed', 'stale_version'] },
    onSuccess: async (c) => {
      setCurrent(c);
      showSuccess(t('campaign.saved'));
      await qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const upload = useMutation({
    mutationFn: (file: File) => reportsApi.campaigns.upload(current!.id, current!.version, file),
    meta: { quiet: ['bad_request', 'stale_version'] },
    onSuccess: async (c) => {
      setCurrent(c);
      await qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const error = save.error ?? upload.error;
  return (
    <Modal
      open={campaign !== null}
      title={editing ? t('campaign.edit') : t('campaign.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'campaign-save' } as ButtonProps}
      width={720}
      destroyOnHidden
    >
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={errorText(error)}
          data-testid="campaign-problem"
          data-problem={problemOf(error) ?? ''}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="title" label={t('campaign.name')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input data-testid="campaign-title" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="kind" label={t('campaign.kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 180 }}
              options={CAMPAIGN_KINDS.map((k) => ({ value: k, label: t(`campaign.kinds.${k}`) }))}
              data-testid="campaign-kind"
            />
          </Form.Item>
          <Form.Item name="dates" label={t('campaign.dates')} rules={[{ required: true }]}>
            <DatePicker.RangePicker data-testid="campaign-dates" />
          </Form.Item>
        </Space>
        <Form.Item name="audience" label={t('campaign.audience')}>
          <AudienceEditor testId="campaign-audience" />
        </Form.Item>
        <Form.Item name="body" label={t('campaign.body')} rules={[{ max: 50_000 }]}>
          <Input.TextArea rows={6} data-testid="campaign-body" />
        </Form.Item>
      </Form>
      {current && (
        <Space orientation="vertical">
          <Typography.Text strong>{t('campaign.file')}</Typography.Text>
          <FileLink c={current} />
          <Upload
            accept="application/pdf,image/png,image/jpeg"
            showUploadList={false}
            beforeUpload={(file) => {
              upload.mutate(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="campaign-upload">
              {t('campaign.upload')}
            </Button>
          </Upload>
        </Space>
      )}
    </Modal>
  );
}

/**
 * 保密宣传 (TRN-12): everyone sees the campaigns running now that are meant for them (posters, brochures,
 * articles, with their file); the security office manages every campaign.
 */
export function CampaignsPage() {
  const { t } = useTranslation('training');
  const can = useAbility();
  const qc = useQueryClient();
  const office = can('training.manage_campaigns');
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);
  const mine = useQuery({ queryKey: [...KEY, 'mine'], queryFn: () => reportsApi.campaigns.list(false) });
  const all = useQuery({ queryKey: [...KEY, 'all'], queryFn: () => reportsApi.campaigns.list(true), enabled: office });
  const remove = useMutation({
    mutationFn: (c: Campaign) => reportsApi.campaigns.remove(c.id, c.version),
    onSuccess: async () => {
      showSuccess(t('campaign.deleted'));
      await qc.invalidateQueries({ queryKey: KEY });
    },
    onError: showError,
  });
  if (!can('training.view_campaigns')) return <NotFoundPage forbidden />;

  const current = (
    <List
      loading={mine.isLoading}
      dataSource={mine.data?.items ?? []}
      locale={{ emptyText: <Empty description={t('campaign.empty')} /> }}
      data-testid="campaigns-mine"
      renderItem={(c) => (
        <List.Item key={c.id} data-testid={`campaign-${c.id}`}>
          <Card
            size="small"
            style={{ width: '100%' }}
            title={
              <Space>
                <Tag color="blue">{t(`campaign.kinds.${c.kind}`)}</Tag>
                <span>{c.title}</span>
              </Space>
            }
            extra={
              <Typography.Text type="secondary">
                {fmtDate(c.startsOn)} – {fmtDate(c.endsOn)}
              </Typography.Text>
            }
          >
            <CampaignText html={c.bodyHtml} />
            <FileLink c={c} />
          </Card>
        </List.Item>
      )}
    />
  );

  const manage = (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="campaign-create">
        {t('campaign.create')}
      </Button>
      <Table<Campaign>
        size="small"
        rowKey="id"
        loading={all.isLoading}
        dataSource={all.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="campaigns-all"
        onRow={(c) => ({ 'data-testid': `campaign-row-${c.id}` }) as object}
        columns={[
          { title: t('campaign.name'), dataIndex: 'title' },
          { title: t('campaign.kind'), key: 'kind', render: (_, c) => t(`campaign.kinds.${c.kind}`) },
          {
            title: t('campaign.dates'),
            key: 'dates',
            render: (_, c) => (
              <Space size={4}>
                <span>
                  {fmtDate(c.startsOn)} – {fmtDate(c.endsOn)}
                </span>
                <Tag color={c.current ? 'green' : 'default'}>
                  {c.current ? t('campaign.current') : t('campaign.notCurrent')}
                </Tag>
              </Space>
            ),
          },
          {
            title: t('campaign.audience'),
            key: 'audience',
            render: (_, c) => <AudienceText rules={c.audience as AudienceRule[]} inline />,
          },
          { title: t('campaign.file'), key: 'file', render: (_, c) => <FileLink c={c} /> },
          {
            key: 'actions',
            align: 'right',
            render: (_, c) => (
              <Space>
                <Button size="small" onClick={() => setEditing(c)} data-testid="campaign-edit">
                  {t('campaign.edit')}
                </Button>
                <Popconfirm title={t('campaign.deleteConfirm', { title: c.title })} onConfirm={() => remove.mutate(c)}>
                  <Button size="small" danger data-testid="campaign-delete">
                    {t('campaign.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="campaigns-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('campaign.title')}
      </Typography.Title>
      {office ? (
        <Tabs
          items={[
            { key: 'mine', label: t('campaign.mine'), children: current },
            { key: 'all', label: t('campaign.all'), children: manage },
          ]}
        />
      ) : (
        current
      )}
      <CampaignModal
        key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id}
        campaign={editing}
        onClose={() => setEditing(null)}
      />
    </Space>
  );
}
