import { useEffect } from 'react';
import { Button, Card, Descriptions, Form, InputNumber, Space, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../feedback.js';
import { fmtDateTime } from '../format.js';
import { workbenchApi, type BackupSchedule } from './api.js';

const KEY = ['settings', 'backup'] as const;

interface Fields {
  enabled: boolean;
  keepCount: number | null;
  keepDays: number | null;
  drillEnabled: boolean;
}

const hours = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;

/**
 * Scheduled backups (the system administrator's, above the job-run history): on or off, how many backups and days
 * to keep, the restore drill. The folder is the server's (BAOMI_BACKUP_DIR), shown but never chosen here; the
 * intervals are the `backup` and `backup.drill` jobs' intervals in the card below.
 */
export function BackupScheduleCard() {
  const { t } = useTranslation('workbench');
  const qc = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const current = useQuery({ queryKey: KEY, queryFn: workbenchApi.backupSchedule });
  const s: BackupSchedule | undefined = current.data;
  useEffect(() => {
    if (s)
      form.setFieldsValue({
        enabled: s.enabled,
        keepCount: s.keepCount,
        keepDays: s.keepDays,
        drillEnabled: s.drillEnabled,
      });
  }, [s, form]);
  const save = useMutation({
    mutationFn: (v: Fields) =>
      workbenchApi.saveBackupSchedule({
        version: s?.version ?? 0,
        enabled: v.enabled,
        keepCount: v.keepCount ?? null,
        keepDays: v.keepDays ?? null,
        drillEnabled: v.drillEnabled,
      }),
    onSuccess: async () => {
      showSuccess(t('schedule.saved'));
      await qc.invalidateQueries({ queryKey: KEY });
    },
    onError: () => qc.invalidateQueries({ queryKey: KEY }),
  });
  return (
    <Card title={t('schedule.title')} data-testid="backup-schedule" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('schedule.hint')}</Typography.Paragraph>
      {s && (
        // Vertical, and the folder breaks anywhere: a long path or label must not widen a phone's page.
        <Descriptions column={1} size="small" layout="vertical" style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('schedule.folder')}>
            <Typography.Text code data-testid="backup-folder" style={{ wordBreak: 'break-all' }}>
              {s.targetDir}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('schedule.every')}>
            {t('schedule.intervals', {
              backup: hours(s.intervalSeconds),
              drill: hours(s.drillIntervalSeconds),
              overdue: hours(s.overdueAfterSeconds),
            })}
          </Descriptions.Item>
          {s.enabledAt && <Descriptions.Item label={t('schedule.since')}>{fmtDateTime(s.enabledAt)}</Descriptions.Item>}
        </Descriptions>
      )}
      <Form form={form} layout="inline" disabled={current.isLoading} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="enabled" label={t('schedule.enabled')} valuePropName="checked">
          <Switch data-testid="backup-enabled" />
        </Form.Item>
        <Form.Item name="keepCount" label={t('schedule.keepCount')}>
          <InputNumber<number>
            min={1}
            max={s?.keepCountMax}
            precision={0}
            placeholder={t('schedule.noLimit')}
            data-testid="backup-keep-count"
          />
        </Form.Item>
        <Form.Item name="keepDays" label={t('schedule.keepDays')}>
          <InputNumber<number>
            min={1}
            max={s?.keepDaysMax}
            precision={0}
            placeholder={t('schedule.noLimit')}
            data-testid="backup-keep-days"
          />
        </Form.Item>
        <Form.Item name="drillEnabled" label={t('schedule.drill')} valuePropName="checked">
          <Switch data-testid="backup-drill" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="backup-schedule-save">
            {t('common.save')}
          </Button>
          <Typography.Text type="secondary">
            {t('common.version')}: {s?.version ?? '—'}
          </Typography.Text>
        </Space>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('schedule.keepHint')}
      </Typography.Paragraph>
    </Card>
  );
}
