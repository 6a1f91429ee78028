import type { ReactNode } from 'react';
import { Alert, Button, Form, Input, Space } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../app/feedback.js';
import { mfaApi, type FactorKind, type Proof } from './mfaApi.js';

/** What the person typed to prove it is them, and whether they chose their security key for the second part. */
export interface ProofInput {
  password: string;
  code?: string;
  useKey: boolean;
}

/** The server's `Proof`: the password, plus a code or (after a touch of the key) an assertion. */
export async function buildProof(v: ProofInput): Promise<Proof> {
  if (v.useKey) return { password: v.password, assertion: await mfaApi.me.keyProof() };
  const code = v.code?.trim();
  return { password: v.password, ...(code ? { code } : {}) };
}

/**
 * Re-authentication before a factor is added: the password again and, for a person who has a factor already, a
 * code from the app or token or a touch of a security key (the server asks for one of them). `children` are the
 * form's other fields (a key's name), submitted with it.
 */
export function ProofForm<V extends object>({
  kinds,
  pending,
  error,
  onSubmit,
  children,
  initialValues,
}: {
  kinds: readonly FactorKind[];
  pending: boolean;
  error: unknown;
  onSubmit: (v: V & ProofInput) => void;
  children?: ReactNode;
  initialValues?: Partial<V>;
}) {
  const { t } = useTranslation('identity');
  const [form] = Form.useForm<V & ProofInput>();
  const hasCode = kinds.includes('app') || kinds.includes('token');
  const hasKey = kinds.includes('security_key');
  const needsFactor = kinds.length > 0;

  async function withKey() {
    // Everything but the code must be valid before the key is touched.
    const names = Object.keys(form.getFieldsValue()).filter((n) => n !== 'code');
    const v = await form.validateFields(names).catch(() => null);
    if (v) onSubmit({ ...(v as V & ProofInput), code: undefined, useKey: true });
  }

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={initialValues}
      onFinish={(v) => onSubmit({ ...v, useKey: false })}
    >
      <Alert type="info" showIcon message={needsFactor ? t('mfa.proof.hintFactor') : t('mfa.proof.hint')} />
      {children}
      <Form.Item
        name="password"
        label={t('mfa.proof.password')}
        rules={[{ required: true, message: t('mfa.proof.passwordRequired') }]}
        style={{ marginTop: 16 }}
      >
        <Input.Password autoComplete="current-password" data-testid="proof-password" />
      </Form.Item>
      {hasCode && (
        <Form.Item
          name="code"
          label={t('mfa.proof.code')}
          rules={[{ required: true, pattern: /^\s*\d{6,8}\s*$/, message: t('mfa.signIn.codeRequired') }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} data-testid="proof-code" />
        </Form.Item>
      )}
      {error ? (
        <Alert
          type="error"
          showIcon
          message={errorText(error)}
          style={{ marginBottom: 16 }}
          data-testid="proof-error"
        />
      ) : null}
      <Space wrap>
        {(hasCode || !needsFactor) && (
          <Button type="primary" htmlType="submit" loading={pending} data-testid="proof-submit">
            {t('mfa.proof.next')}
          </Button>
        )}
        {hasKey && (
          <Button
            type={hasCode ? 'default' : 'primary'}
            icon={<KeyOutlined />}
            loading={pending}
            onClick={() => void withKey()}
            data-testid="proof-key"
          >
            {t('mfa.proof.withKey')}
          </Button>
        )}
      </Space>
    </Form>
  );
}
