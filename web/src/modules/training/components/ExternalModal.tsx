import { useEffect, useState } from 'react';
import { Button, DatePicker, Form, Input, Modal, Progress, Upload, type ButtonProps } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { showError, showSuccess } from '../../../app/feedback.js';
import { RECORD_KEY, recordApi } from '../api/records.js';

interface Values {
  title: string;
  provider: string;
  completedOn: Dayjs;
  expiresOn?: Dayjs | null;
  certificateNo?: string;
  note?: string;
}

const ACCEPT = 'application/pdf,image/png,image/jpeg';

/** Records an external certificate (TRN-11) of `userId` — one's own, or the office's for someone — with its file. */
export function ExternalModal({ userId, open, onClose }: { userId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('training');
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  // One key per certificate being added: a retried upload records it once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  useEffect(() => {
    if (!open) return;
    setKey(crypto.randomUUID());
    form.resetFields();
    setFile(null);
    setProgress(null);
  }, [open, form]);

  const submit = async (v: Values) => {
    if (!file) return showError(new Error(t('record.external.fileRequired')));
    setProgress(0);
    try {
      await recordApi.recordExternal(
        userId,
        {
          title: v.title.trim(),
          provider: v.provider.trim(),
          completedOn: v.completedOn.format('YYYY-MM-DD'),
          expiresOn: v.expiresOn ? v.expiresOn.format('YYYY-MM-DD') : undefined,
          certificateNo: v.certificateNo?.trim() || undefined,
          note: v.note?.trim() || undefined,
          fileName: file.name.slice(0, 200),
          key,
        },
        file,
        setProgress,
      );
      await qc.invalidateQueries({ queryKey: RECORD_KEY });
      showSuccess(t('record.external.recorded'));
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
      title={t('record.external.addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={progress !== null}
      okButtonProps={{ 'data-testid': 'external-submit' } as ButtonProps}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="title"
          label={t('record.external.name')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input data-testid="external-title" />
        </Form.Item>
        <Form.Item
          name="provider"
          label={t('record.external.provider')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input data-testid="external-provider" />
        </Form.Item>
        <Form.Item name="completedOn" label={t('record.external.completedOn')} rules={[{ required: true }]}>
          <DatePicker data-testid="external-completed-on" />
        </Form.Item>
        <Form.Item name="expiresOn" label={t('record.external.expiresOn')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="certificateNo" label={t('record.external.certificateNo')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={t('record.external.note')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('record.external.file')} extra={t('record.external.fileHint')} required>
          <Upload
            accept={ACCEPT}
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="external-file">
              {t('record.external.chooseFile')}
            </Button>
          </Upload>
          {progress !== null && <Progress percent={progress} size="small" />}
        </Form.Item>
      </Form>
    </Modal>
  );
}
