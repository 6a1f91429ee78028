import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Progress, Select, Upload, type ButtonProps } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { showError, showSuccess } from '../../../app/feedback.js';
import { ASSIGNMENTS_KEY, RECORD_KEY, recordApi } from '../api/records.js';

interface Values {
  courseId: string;
  completedOn: Dayjs;
  note?: string;
}

/** The office records a completion of training held outside Baomi for a person, with its evidence file. */
export function PersonCompletionModal({
  userId,
  open,
  onClose,
}: {
  userId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('training');
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  // One key per completion being recorded: a retried upload records it once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const courses = useQuery({
    queryKey: ['training', 'courses', 'published'],
    queryFn: recordApi.courses,
    enabled: open,
  });
  useEffect(() => {
    if (!open) return;
    setKey(crypto.randomUUID());
    form.resetFields();
    form.setFieldsValue({ completedOn: dayjs() });
    setFile(null);
    setProgress(null);
  }, [open, form]);

  const submit = async (v: Values) => {
    if (!file) return showError(new Error(t('record.external.fileRequired')));
    setProgress(0);
    try {
      const c = await recordApi.recordCompletion(
        userId,
        {
          courseId: v.courseId,
          completedOn: v.completedOn.format('YYYY-MM-DD'),
          note: v.note?.trim() || undefined,
          key,
        },
        file,
        setProgress,
      );
      await qc.invalidateQueries({ queryKey: RECORD_KEY });
      await qc.invalidateQueries({ queryKey: ASSIGNMENTS_KEY });
      showSuccess(t('record.completion.done', { no: c.certificateNo }));
      onClose();
    } catch (e) {
      showError(e);
    } finally {
      setProgress(null);
    }
  };

  return (
    <Modal
      open={open}
      title={t('record.completion.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={progress !== null}
      okButtonProps={{ 'data-testid': 'completion-submit' } as ButtonProps}
      forceRender
    >
      <Alert type="info" showIcon title={t('record.completion.hint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="courseId" label={t('record.completion.course')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={courses.isLoading}
            options={(courses.data?.items ?? []).map((c) => ({ value: c.id, label: c.title }))}
            data-testid="completion-course"
          />
        </Form.Item>
        <Form.Item name="completedOn" label={t('record.completion.completedOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="note" label={t('record.completion.note')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('record.completion.file')} extra={t('record.external.fileHint')} required>
          <Upload
            accept="application/pdf,image/png,image/jpeg"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="completion-file">
              {t('record.external.chooseFile')}
            </Button>
          </Upload>
          {progress !== null && <Progress percent={progress} size="small" />}
        </Form.Item>
      </Form>
    </Modal>
  );
}
