import { useEffect } from 'react';
import { Button, Card, Form, InputNumber, Space, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { showError, showSuccess } from '../feedback.js';
import { jobKey, workbenchApi, type JobSettings } from './api.js';

type Job = JobSettings['jobs'][number];
const KEY = ['settings', 'jobs'] as const;

/**
 * How often each scheduled job runs (the system administrator's, shown above the job-run history): whole seconds
 * within each job's bounds; the server checks them again. A job left at its built-in interval follows it.
 */
export function JobIntervalsCard() {
  const { t } = useTranslation('workbench');
  const qc = useQueryClient();
  const [form] = Form.useForm<Record<string, number>>();
  const current = useQuery({ queryKey: KEY, queryFn: workbenchApi.jobSettings });
  const jobs = current.data?.jobs ?? [];
  useEffect(() => {
    if (current.data)
      form.setFieldsValue(Object.fromEntries(current.data.jobs.map((j) => [j.name, j.intervalSeconds])));
  }, [current.data, form]);
  const save = useMutation({
    mutationFn: (intervals: Record<string, number>) =>
      workbenchApi.saveJobSettings({ version: current.data?.version ?? 0, intervals }),
    onSuccess: async () => {
      showSuccess(t('intervals.saved'));
      await qc.invalidateQueries({ queryKey: KEY });
    },
    onError: () => qc.invalidateQueries({ queryKey: KEY }),
  });
  const jobText = (job: string) => t(jobKey(job), { defaultValue: job });
  // Run now: the job starts in the background; its run shows in the history below when it ends.
  const runNow = useMutation({
    mutationFn: (name: string) => workbenchApi.runJob(name),
    onSuccess: async (_r, name) => {
      showSuccess(t('intervals.started', { job: jobText(name) }));
      await qc.invalidateQueries({ queryKey: ['job-runs'] });
    },
    onError: (e) => showError(e),
  });
  return (
    <Card title={t('intervals.title')} data-testid="job-intervals" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('intervals.hint')}</Typography.Paragraph>
      {/* The form's field names are job names with dots: an array path keeps antd from reading them as nesting. */}
      <Form form={form} disabled={current.isLoading} onFinish={(v) => save.mutate(v)}>
        <Table<Job>
          rowKey="name"
          size="small"
          pagination={false}
          loading={current.isLoading}
          dataSource={jobs}
          columns={[
            { key: 'job', title: t('runs.job'), render: (_: unknown, j) => jobText(j.name) },
            {
              key: 'interval',
              title: t('intervals.interval'),
              render: (_: unknown, j) => (
                <Form.Item name={[j.name]} noStyle rules={[{ required: true }]}>
                  <InputNumber<number>
                    min={j.minSeconds}
                    max={j.maxSeconds}
                    precision={0}
                    style={{ width: 160 }}
                    data-testid={`interval-${j.name}`}
                    aria-label={`${jobText(j.name)}: ${t('intervals.interval')}`}
                  />
                </Form.Item>
              ),
            },
            {
              key: 'bounds',
              title: t('intervals.limits'),
              render: (_: unknown, j) => (
                <Typography.Text type="secondary">
                  {t('intervals.builtIn', { n: j.defaultSeconds })} ·{' '}
                  {t('intervals.bounds', { min: j.minSeconds, max: j.maxSeconds })}
                </Typography.Text>
              ),
            },
            {
              key: 'run',
              title: t('intervals.run'),
              render: (_: unknown, j) => (
                <Button
                  size="small"
                  loading={runNow.isPending && runNow.variables === j.name}
                  onClick={() => runNow.mutate(j.name)}
                  data-testid={`run-now-${j.name}`}
                  aria-label={`${t('intervals.runNow')}: ${jobText(j.name)}`}
                >
                  {t('intervals.runNow')}
                </Button>
              ),
            },
          ]}
        />
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="intervals-save">
            {t('common.save')}
          </Button>
          <Typography.Text type="secondary">
            {t('common.version')}: {current.data?.version ?? '—'}
          </Typography.Text>
        </Space>
      </Form>
    </Card>
  );
}
