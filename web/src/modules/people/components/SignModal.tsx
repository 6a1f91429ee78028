import { useEffect, useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal, Space, Spin, Typography, type ButtonProps } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../app/auth.js';
import { api } from '../api.js';
import type { Obligation, SignAnswer } from '../contracts.js';
import { AgreementText, ProblemAlert } from './common.js';

interface Values {
  password: string;
  totpCode?: string;
}

/**
 * Reading an agreement and signing it: the rendered text (with the person's duties for a responsibility letter),
 * then the password re-entered (and the authenticator's code when the person has one) to confirm it is them.
 * A signed agreement opens read-only.
 */
export function SignModal({
  obligation,
  onClose,
  onSigned,
}: {
  obligation: Obligation | null;
  onClose: () => void;
  onSigned: (answer: SignAnswer) => void | Promise<void>;
}) {
  const { t } = useTranslation('people');
  const me = useMe().data;
  const [form] = Form.useForm<Values>();
  const [agreed, setAgreed] = useState(false);
  const open = obligation !== null;
  const readOnly = obligation?.state === 'signed';
  const mfa = me?.user.mfaEnabled === true;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setAgreed(false);
  }, [open, form, obligation?.templateId]);

  const text = useQuery({
    queryKey: ['agreements', 'text', obligation?.templateId, obligation?.versionId],
    queryFn: () => api.mine.text(obligation!.templateId),
    enabled: open,
  });

  const sign = useMutation({
    mutationFn: (v: Values) =>
      api.mine.sign({
        versionId: obligation!.versionId,
        password: v.password,
        ...(mfa && v.totpCode ? { totpCode: v.totpCode.trim() } : {}),
      }),
    meta: { quiet: ['validation_failed', 'conflict', 'forbidden', 'unprocessable'] },
    onSuccess: async (answer) => {
      await onSigned(answer);
    },
  });
  useEffect(() => {
    if (!open) sign.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const duties = text.data?.dutiesHtml ?? null;
  return (
    <Modal
      open={open}
      width={820}
      title={obligation ? t('sign.title', { name: obligation.title }) : ''}
      onCancel={onClose}
      onOk={() => (readOnly ? onClose() : form.submit())}
      okText={readOnly ? t('common.close') : t('sign.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={sign.isPending}
      okButtonProps={{ disabled: !readOnly && (!agreed || !text.data), 'data-testid': 'sign-submit' } as ButtonProps}
      cancelButtonProps={{ style: readOnly ? { display: 'none' } : undefined }}
      destroyOnHidden
      forceRender
    >
      {obligation && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="sign-modal">
          <Typography.Text type="secondary">
            {t(`kind.${obligation.kind}`)} · {t('sign.version', { n: obligation.versionNo })}
          </Typography.Text>
          {text.isLoading && <Spin />}
          {text.error && <ProblemAlert error={text.error} />}
          {text.data && <AgreementText html={text.data.html} />}
          {duties && (
            <Alert
              type="info"
              title={t('mine.duties')}
              description={<AgreementText html={duties} testid="agreement-duties-text" />}
              data-testid="agreement-duties"
            />
          )}
          {!readOnly && (
            <>
              <Alert type="warning" showIcon title={t('sign.readFirst')} />
              <ProblemAlert error={sign.error} />
              <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="sign-agree">
                {t('sign.agree')}
              </Checkbox>
              <Form<Values>
                form={form}
                layout="vertical"
                onFinish={(v) => agreed && sign.mutate(v)}
                data-testid="sign-form"
              >
                <Form.Item
                  name="password"
                  label={t('sign.password')}
                  extra={t('sign.passwordHint')}
                  rules={[{ required: true }]}
                >
                  <Input.Password autoComplete="current-password" data-testid="sign-password" />
                </Form.Item>
                {mfa && (
                  <Form.Item
                    name="totpCode"
                    label={t('sign.totp')}
                    extra={t('sign.totpHint')}
                    rules={[{ required: true, pattern: /^\d{6}$/ }]}
                  >
                    <Input
                      inputMode="numeric"
                      maxLength={6}
                      autoComplete="one-time-code"
                      style={{ maxWidth: 160 }}
                      data-testid="sign-totp"
                    />
                  </Form.Item>
                )}
              </Form>
            </>
          )}
        </Space>
      )}
    </Modal>
  );
}
