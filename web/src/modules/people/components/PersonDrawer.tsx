import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Spin,
  Typography,
  Upload,
  type ButtonProps,
  type UploadFile,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAbility, useCurrentUser } from '../../../app/auth.js';
import { feedback, showSuccess } from '../../../app/feedback.js';
import { fmtDate } from '../../../app/format.js';
import { api } from '../api.js';
import type { PersonAgreements, Signature } from '../contracts.js';
import { ObligationTable, ProblemAlert, REPORT_KEY, SignatureTable } from './common.js';

const SCAN_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];
const MAX_SCAN_BYTES = 20 * 1024 * 1024;

/**
 * One person's agreements (from the report): where they stand, their signatures and withdrawals; the office records
 * a paper signature, withdraws one with a reason, or asks a leaver for the departure NDA — never on its own record.
 */
export function PersonDrawer({ userId, onClose }: { userId: string | null; onClose: () => void }) {
  const { t } = useTranslation('people');
  const can = useAbility();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const key = ['agreements', 'person', userId];
  const person = useQuery({ queryKey: key, queryFn: () => api.people.get(userId!), enabled: userId !== null });
  const [paper, setPaper] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Signature | null>(null);
  const own = userId === me.user.id;
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: key });
    await qc.invalidateQueries({ queryKey: REPORT_KEY });
    await qc.invalidateQueries({ queryKey: ['agreements', 'leavers'] });
  };

  const ask = useMutation({
    mutationFn: () => api.people.askLeaver(userId!),
    onSuccess: async () => {
      showSuccess(t('report.asked'));
      await refresh();
    },
  });

  const p = person.data;
  // The office reads why its actions are missing when saying so reveals nothing: the person is on the page already,
  // and the reason is the reader's own record or the person's status.
  const why =
    !p || p.abilities.recordPaper || p.abilities.askLeaver || !can('agreement.record_paper')
      ? null
      : own
        ? t('report.ownRecord')
        : p.person.status !== 'active'
          ? t('report.inactive')
          : null;
  return (
    <Drawer
      open={userId !== null}
      onClose={onClose}
      size="large"
      width={900}
      title={p ? t('report.personTitle', { name: p.person.displayName }) : ''}
      data-testid="person-drawer"
    >
      {person.isLoading && <Spin />}
      {person.error && <ProblemAlert error={person.error} />}
      {p && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('report.username')}>{p.person.username}</Descriptions.Item>
            <Descriptions.Item label={t('report.department')}>
              {[p.person.departmentName, p.person.post].filter(Boolean).join(' · ')}
            </Descriptions.Item>
            {p.person.leavingSince && (
              <Descriptions.Item label={t('report.leavers')} span={2}>
                {t('report.leaverAsked')} · {fmtDate(p.person.leavingSince)}
              </Descriptions.Item>
            )}
          </Descriptions>
          {why && <Alert type="info" showIcon title={why} data-testid="person-actions-why" />}
          {(p.abilities.recordPaper || p.abilities.askLeaver) && (
            <Space wrap>
              {p.abilities.recordPaper && (
                <Button onClick={() => setPaper(true)} data-testid="person-paper">
                  {t('report.paper')}
                </Button>
              )}
              {p.abilities.askLeaver && (
                <Popconfirm
                  title={t('report.askLeaverConfirm', { name: p.person.displayName })}
                  onConfirm={() => ask.mutate()}
                  okButtonProps={{ 'data-testid': 'person-ask-leaver-confirm' } as ButtonProps}
                >
                  <Button loading={ask.isPending} data-testid="person-ask-leaver">
                    {t('report.askLeaver')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )}
          <ObligationTable obligations={p.obligations} testid="person-obligations" />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('mine.history')}
          </Typography.Title>
          <SignatureTable
            signatures={p.signatures}
            extra={(s) =>
              p.signatures.find((x) => x.id === s.id)?.canWithdraw ? (
                <Button size="small" danger onClick={() => setWithdrawing(s)} data-testid="signature-withdraw">
                  {t('report.withdraw')}
                </Button>
              ) : null
            }
          />
        </Space>
      )}
      {p && (
        <PaperModal
          open={paper}
          person={p}
          onClose={() => setPaper(false)}
          onDone={async () => {
            setPaper(false);
            showSuccess(t('paper.recorded'));
            await refresh();
          }}
        />
      )}
      <WithdrawModal
        signature={withdrawing}
        onClose={() => setWithdrawing(null)}
        onDone={async () => {
          setWithdrawing(null);
          showSuccess(t('withdraw.done'));
          await refresh();
        }}
      />
    </Drawer>
  );
}

interface PaperValues {
  versionId: string;
  signedOn: Dayjs;
}

/** A paper agreement signed by hand: which version, when, and its scan. */
function PaperModal({
  open,
  person,
  onClose,
  onDone,
}: {
  open: boolean;
  person: PersonAgreements;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('people');
  const [form] = Form.useForm<PaperValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [percent, setPercent] = useState(0);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setFiles([]);
  }, [open, form]);
  const versions = person.obligations
    .filter((o) => o.state !== 'signed')
    .map((o) => ({ value: o.versionId, label: `${o.title} · ${t('common.version', { n: o.versionNo })}` }));

  const record = useMutation({
    mutationFn: (v: PaperValues) =>
      api.people.recordPaper(
        { userId: person.person.id, versionId: v.versionId, signedOn: v.signedOn.format('YYYY-MM-DD') },
        files[0]!.originFileObj as File,
        setPercent,
      ),
    meta: { quiet: ['validation_failed', 'conflict', 'unprocessable'] },
    onSuccess: onDone,
  });

  return (
    <Modal
      open={open}
      title={t('paper.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('paper.submit')}
      confirmLoading={record.isPending}
      okButtonProps={{ disabled: files.length === 0, 'data-testid': 'paper-submit' } as ButtonProps}
      forceRender
    >
      <Alert type="info" showIcon title={t('paper.hint')} style={{ marginBottom: 16 }} />
      <ProblemAlert error={record.error} />
      <Form<PaperValues>
        form={form}
        layout="vertical"
        initialValues={{ signedOn: dayjs(), versionId: versions[0]?.value }}
        onFinish={(v) => record.mutate(v)}
      >
        <Form.Item name="versionId" label={t('paper.version')} rules={[{ required: true }]}>
          <Select options={versions} data-testid="paper-version" />
        </Form.Item>
        <Form.Item name="signedOn" label={t('paper.signedOn')} rules={[{ required: true }]}>
          <DatePicker
            format="YYYY-MM-DD"
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            data-testid="paper-signed-on"
          />
        </Form.Item>
        <Form.Item label={t('paper.scan')} required>
          <Upload
            accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            maxCount={1}
            fileList={files.map((f) => ({ ...f, percent: record.isPending ? percent : f.percent }))}
            beforeUpload={(file) => {
              if (!SCAN_TYPES.includes(file.type)) {
                feedback.current?.message.error(t('paper.badType'));
                return Upload.LIST_IGNORE;
              }
              if (file.size > MAX_SCAN_BYTES) {
                feedback.current?.message.error(t('paper.tooLarge'));
                return Upload.LIST_IGNORE;
              }
              return false;
            }}
            onChange={({ fileList }) => setFiles(fileList.slice(-1))}
            data-testid="paper-scan"
          >
            <Button icon={<UploadOutlined />} data-testid="paper-scan-choose">
              {t('paper.choose')}
            </Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Withdrawing a signature: a record of its own, with the reason; the person must sign again. */
function WithdrawModal({
  signature,
  onClose,
  onDone,
}: {
  signature: Signature | null;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('people');
  const [form] = Form.useForm<{ reason: string }>();
  useEffect(() => {
    if (signature) form.resetFields();
  }, [signature, form]);
  const withdraw = useMutation({
    mutationFn: (v: { reason: string }) => api.signatures.withdraw(signature!.id, v.reason.trim()),
    meta: { quiet: ['validation_failed', 'conflict'] },
    onSuccess: onDone,
  });
  return (
    <Modal
      open={signature !== null}
      title={t('withdraw.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('withdraw.submit')}
      okButtonProps={{ danger: true, 'data-testid': 'withdraw-submit' } as ButtonProps}
      confirmLoading={withdraw.isPending}
      forceRender
    >
      <Alert type="warning" showIcon title={t('withdraw.hint')} style={{ marginBottom: 16 }} />
      <ProblemAlert error={withdraw.error} />
      {signature && (
        <Typography.Paragraph>
          {signature.templateTitle} · {t('common.version', { n: signature.versionNo })} · {fmtDate(signature.signedOn)}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => withdraw.mutate(v)}>
        <Form.Item name="reason" label={t('withdraw.reason')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="withdraw-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
