import { useState } from 'react';
import {
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
  type ButtonProps,
  type TableProps,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api.js';
import { REVIEW_KINDS, type Campaign, type ReviewKind } from '../../../app/contracts.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDate } from '../../../app/format.js';
import { ReviewTaskTable } from './ReviewTaskTable.js';

interface Values {
  kind: ReviewKind;
  title: string;
  dueOn: Dayjs;
}

/** Review campaigns (security administrator): start an annual or access review, follow progress, close. */
export function CampaignsCard() {
  const { t } = useTranslation('classification');
  const qc = useQueryClient();
  const campaigns = useQuery({ queryKey: ['review-campaigns'], queryFn: api.reviews.campaigns });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<Values>();
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['review-campaigns'] });
    await qc.invalidateQueries({ queryKey: ['review-tasks'] }); // the tasks and their count
  };
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.reviews.createCampaign({ kind: v.kind, title: v.title.trim(), dueOn: v.dueOn.format('YYYY-MM-DD') }),
    onSuccess: async (r) => {
      showSuccess(t('review.created', { n: r.tasks }));
      setCreating(false);
      await refresh();
    },
  });
  const close = useMutation({
    mutationFn: (id: string) => api.reviews.closeCampaign(id),
    onSuccess: async () => {
      showSuccess(t('review.closed'));
      await refresh();
    },
  });
  const openCreate = () => {
    form.resetFields();
    const kind: ReviewKind = 'annual';
    form.setFieldsValue({
      kind,
      title: t('review.titleDefault', { kind: t(`reviewKind.${kind}`), date: dayjs().format('YYYY') }),
      dueOn: dayjs().add(1, 'month'),
    });
    setCreating(true);
  };

  const columns: TableProps<Campaign>['columns'] = [
    { title: t('review.campaignTitle'), dataIndex: 'title' },
    {
      title: t('review.kind'),
      dataIndex: 'kind',
      render: (k: ReviewKind) => <Tag color={k === 'annual' ? 'blue' : 'purple'}>{t(`reviewKind.${k}`)}</Tag>,
    },
    {
      title: t('review.status'),
      dataIndex: 'status',
      render: (s: Campaign['status']) => (
        <Tag color={s === 'open' ? 'processing' : 'default'}>
          {s === 'open' ? t('review.open') : t('review.closedState')}
        </Tag>
      ),
    },
    { title: t('review.dueOn'), dataIndex: 'dueOn', render: fmtDate },
    {
      title: t('review.progress'),
      key: 'progress',
      width: 200,
      render: (_: unknown, c) => (
        <Progress
          size="small"
          percent={c.taskCount ? Math.round((c.doneCount / c.taskCount) * 100) : 0}
          format={() => `${c.doneCount}/${c.taskCount}`}
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, c) =>
        c.status === 'open' && (
          <Popconfirm title={t('review.confirmClose')} onConfirm={() => close.mutate(c.id)}>
            <Button size="small" data-testid={`review-campaign-close-${c.id}`}>
              {t('review.close')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={openCreate} data-testid="review-campaign-create">
          {t('review.createCampaign')}
        </Button>
      </Space>
      <div data-testid="review-campaigns">
        <Table<Campaign>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={campaigns.data?.items ?? []}
          loading={campaigns.isFetching}
          locale={{ emptyText: t('review.noCampaigns') }}
          pagination={false}
          expandable={{
            expandedRowRender: (c) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text strong>{t('review.tasksOf', { title: c.title })}</Typography.Text>
                <ReviewTaskTable campaignId={c.id} showReviewer testid={`review-campaign-tasks-${c.id}`} />
              </Space>
            ),
          }}
        />
      </div>
      <Modal
        open={creating}
        title={t('review.createCampaign')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'review-campaign-submit' } as ButtonProps}
        forceRender
      >
        <Form<Values> form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="kind" label={t('review.kind')}>
            <Radio.Group
              data-testid="review-campaign-kind"
              options={REVIEW_KINDS.map((k) => ({ value: k, label: t(`reviewKind.${k}`) }))}
              onChange={(e) =>
                form.setFieldValue(
                  'title',
                  t('review.titleDefault', {
                    kind: t(`reviewKind.${e.target.value as ReviewKind}`),
                    date: dayjs().format('YYYY'),
                  }),
                )
              }
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('review.campaignTitle')}
            rules={[{ required: true, whitespace: true, max: 200 }]}
          >
            <Input maxLength={200} data-testid="review-campaign-title" />
          </Form.Item>
          <Form.Item name="dueOn" label={t('review.dueOn')} rules={[{ required: true }]}>
            <DatePicker
              format="YYYY-MM-DD"
              disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              data-testid="review-campaign-due"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
