import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Radio, Select, Upload, type ButtonProps } from 'antd';
import type { UploadFile, UploadProps } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type EvidenceAnswer } from '../api.js';
import { useCurrentUser } from '../../../app/auth.js';
import type { RequestDetail } from '../../../app/contracts.js';
import { feedback, showError } from '../../../app/feedback.js';

const MAX_BYTES = 10 * 1024 * 1024;
const TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

interface Values {
  approverId: string;
  decision: 'approve' | 'reject';
  signedOn: Dayjs;
  comment?: string;
}

/**
 * Whose paper decision may be recorded on the current step: its approvers who have not decided it, approved no
 * earlier step (four eyes), and are not the recorder. The page offers recording only when there is one.
 */
export function recordableApprovers(r: RequestDetail, recorderId: string): RequestDetail['chain'][number]['approvers'] {
  const step = r.chain[r.currentStep];
  const taken = new Set(
    r.decisions
      .filter((d) => d.step === r.currentStep || (d.step < r.currentStep && d.decision === 'approved'))
      .map((d) => d.approverId),
  );
  return (step?.approvers ?? []).filter((a) => !taken.has(a.id) && a.id !== recorderId);
}

/**
 * The confidentiality office records a decision an approver of the current step signed on paper: whose, which,
 * the date signed, the comment, and the scanned form — uploaded as soon as it is chosen (with its progress), and
 * recorded with the decision. The server judges the approver as if they decided in Baomi.
 */
export function PaperRecordModal({
  request: r,
  open,
  onClose,
  onRecorded,
  onError,
}: {
  request: RequestDetail;
  open: boolean;
  onClose: () => void;
  onRecorded: (r: RequestDetail) => Promise<void>;
  onError: (e: unknown) => Promise<void>;
}) {
  const { t } = useTranslation('approvals');
  const me = useCurrentUser();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [evidence, setEvidence] = useState<EvidenceAnswer | null>(null);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setFiles([]);
    setEvidence(null);
  }, [open, form]);

  const approvers = recordableApprovers(r, me.user.id);

  const record = useMutation({
    mutationFn: (v: Values) =>
      api.requests.recordPaper(r.id, {
        version: r.version,
        approverId: v.approverId,
        decision: v.decision,
        signedOn: v.signedOn.format('YYYY-MM-DD'),
        comment: v.comment?.trim() || null,
        evidenceId: evidence!.evidenceId,
      }),
    onSuccess: async (next) => {
      await onRecorded(next);
      onClose();
    },
    onError: async (e) => {
      await onError(e);
      onClose();
    },
    meta: { quiet: ['stale_version'] },
  });

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    if (!TYPES.includes(file.type)) {
      feedback.current?.message.error(t('paper.badType'));
      return Upload.LIST_IGNORE;
    }
    if (file.size > MAX_BYTES) {
      feedback.current?.message.error(t('paper.tooLarge'));
      return Upload.LIST_IGNORE;
    }
    return true;
  };
  const customRequest: UploadProps['customRequest'] = ({ file, onProgress, onSuccess, onError: failed }) => {
    setEvidence(null);
    api.requests
      .uploadEvidence(r.id, file as File, (percent) => onProgress?.({ percent }))
      .then((ev) => {
        setEvidence(ev);
        onSuccess?.(ev);
      })
      .catch((e: unknown) => {
        showError(e);
        failed?.(e as Error);
      });
  };

  return (
    <Modal
      open={open}
      title={t('paper.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={record.isPending}
      okText={t('paper.submit')}
      okButtonProps={{ disabled: !evidence, 'data-testid': 'paper-submit' } as ButtonProps}
      forceRender
    >
      <Alert type="info" showIcon title={t('paper.hint')} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ decision: 'approve', signedOn: dayjs(), approverId: approvers[0]?.id }}
        onFinish={(v) => record.mutate(v)}
        data-testid="paper-form"
      >
        <Form.Item
          name="approverId"
          label={t('paper.approver')}
          rules={[{ required: true }]}
          extra={approvers.length === 0 ? t('paper.noApprover') : undefined}
        >
          <Select
            data-testid="paper-approver"
            options={approvers.map((a) => ({ value: a.id, label: a.name ?? a.id }))}
          />
        </Form.Item>
        <Form.Item name="decision" label={t('paper.decision')}>
          <Radio.Group data-testid="paper-decision">
            <Radio value="approve" data-testid="paper-decision-approve">
              {t('paper.approve')}
            </Radio>
            <Radio value="reject" data-testid="paper-decision-reject">
              {t('paper.reject')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="signedOn" label={t('paper.signedOn')} rules={[{ required: true }]}>
          <DatePicker
            format="YYYY-MM-DD"
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            data-testid="paper-signed-on"
          />
        </Form.Item>
        <Form.Item name="comment" label={t('paper.comment')} rules={[{ max: 1000 }]}>
          <Input.TextArea
            rows={2}
            maxLength={1000}
            placeholder={t('paper.commentPlaceholder')}
            data-testid="paper-comment"
          />
        </Form.Item>
        <Form.Item label={t('paper.scan')} extra={t('paper.scanHint')} required>
          <Upload
            accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            maxCount={1}
            fileList={files}
            beforeUpload={beforeUpload}
            customRequest={customRequest}
            onChange={({ fileList }) => setFiles(fileList)}
            onRemove={() => setEvidence(null)}
            data-testid="paper-scan"
          >
            <Button icon={<UploadOutlined />} data-testid="paper-scan-choose">
              {t('paper.choose')}
            </Button>
          </Upload>
          {evidence && <span data-testid="paper-scan-uploaded" data-sha256={evidence.sha256} />}
        </Form.Item>
      </Form>
    </Modal>
  );
}
