import { Alert, Button, Form, Input, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import type { StageResponse } from '../../../app/contracts.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * What the policy asks of a password, from the public rules (lengths and character classes): anyone changing a
 * password may read them, unlike the account policy, which only administrators may.
 */
export function PasswordRules() {
  const { t } = useTranslation('identity');
  const rules = useQuery({
    queryKey: ['password-rules'],
    queryFn: () => api.auth.passwordRules(),
  });
  if (!rules.data) return null;
  const r = rules.data;
  const classes = r.classes.map((c) => t(`auth.charClass.${c}`)).join(t('auth.listSeparator'));
  return (
    <Alert
      type="info"
      showIcon
      message={t('auth.pwRulesTitle')}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="pw-rules">
          <li>{t('auth.ruleLength', { min: r.minLength, max: r.maxLength })}</li>
          <li>{t('auth.ruleClasses', { n: r.minClasses, classes })}</li>
          <li>{t('auth.ruleNoUsername')}</li>
          <li>{t('auth.ruleReused')}</li>
        </ul>
      }
    />
  );
}

/** Which policy rules the server said the password broke (details of a `password_policy` error). */
function problemLines(e: unknown, t: (k: string, o?: Record<string, unknown>) => string): string[] {
  if (!isApiError(e) || e.code !== 'password_policy') return [];
  const d = e.details as { problems?: unknown } | unknown[] | undefined;
  const list = Array.isArray(d) ? d : Array.isArray(d?.problems) ? d.problems : [];
  return list.map((p) => {
    const x = p as { rule?: string; min?: number; history?: number };
    switch (x.rule) {
      case 'min_length':
        return t('auth.ruleMinLength', { n: x.min });
      case 'min_classes':
        return t('auth.ruleMinClasses', { n: x.min });
      case 'contains_username':
        return t('auth.ruleNoUsername');
      case 'reused':
        return x.history ? t('auth.ruleHistory', { n: x.history }) : t('auth.ruleReused');
      default:
        return String(x.rule ?? '');
    }
  });
}

/** Current + new + confirm. Calls POST /api/auth/password; the session is rotated and a new CSRF token returned. */
export function PasswordForm({ onDone }: { onDone: (r: StageResponse) => void | Promise<void> }) {
  const { t } = useTranslation('identity');
  const [form] = Form.useForm<Values>();
  const change = useMutation({
    mutationFn: (v: Values) => api.auth.changePassword(v.currentPassword, v.newPassword),
    onSuccess: async (r) => {
      form.resetFields();
      await onDone(r);
    },
    meta: { quiet: ['password_policy'] },
  });
  const problems = problemLines(change.error, t);
  return (
    <Form form={form} layout="vertical" onFinish={(v) => change.mutate(v)} requiredMark={false}>
      <Form.Item
        name="currentPassword"
        label={t('auth.pwCurrent')}
        rules={[{ required: true, message: t('auth.passwordRequired') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="pw-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('auth.pwNew')}
        rules={[{ required: true, message: t('auth.passwordRequired') }]}
      >
        <Input.Password autoComplete="new-password" data-testid="pw-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('auth.pwConfirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('auth.passwordRequired') },
          ({ getFieldValue }) => ({
            validator: (_r, v) =>
              !v || v === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('auth.pwMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="pw-confirm" />
      </Form.Item>
      {problems.length > 0 && (
        <Alert
          type="error"
          style={{ marginBottom: 16 }}
          message={t('error.password_policy')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="pw-submit">
        {t('common.submit')}
      </Button>
      <Typography.Text />
    </Form>
  );
}
