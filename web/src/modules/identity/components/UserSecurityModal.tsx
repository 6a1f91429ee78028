import { useEffect } from 'react';
import { Alert, Form, Modal, Select, type ButtonProps } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { type UpdateUserSecurityBody, type DirectoryEntry as User } from '../../../app/contracts.js';
import { ADMIN_ROLES, CLEARANCE_CLASSES } from '../../../../../src/kernel/roles.js';
import { showSuccess } from '../../../app/feedback.js';

const NONE = '__none__';

/** Admin role and cleared-person class: the security administrator's fields. */
export function UserSecurityModal({
  user,
  canRole,
  canClearance,
  onClose,
}: {
  user: User | null;
  canRole: boolean;
  canClearance: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const [form] = Form.useForm<{ adminRole: string; clearanceClass: string }>();
  useEffect(() => {
    if (user) form.setFieldsValue({ adminRole: user.adminRole ?? NONE, clearanceClass: user.clearanceClass ?? NONE });
  }, [user, form]);
  const save = useMutation({
    mutationFn: (v: { adminRole: string; clearanceClass: string }) => {
      if (!user) throw new Error('no user');
      const body: UpdateUserSecurityBody = { version: user.version! };
      const role = v.adminRole === NONE ? null : (v.adminRole as User['adminRole']);
      const cls = v.clearanceClass === NONE ? null : (v.clearanceClass as User['clearanceClass']);
      if (canRole && role !== user.adminRole) body.adminRole = role;
      if (canClearance && cls !== user.clearanceClass) body.clearanceClass = cls;
      return api.users.updateSecurity(user.id, body);
    },
    onSuccess: async () => {
      showSuccess(t('user.updated'));
      await qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
    onError: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
  return (
    <Modal
      open={user !== null}
      title={t('user.securityTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'security-submit' } as ButtonProps}
      forceRender
    >
      <Alert type="info" showIcon message={t('roles.sodNote')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="adminRole" label={t('user.adminRole')}>
          <Select
            disabled={!canRole}
            data-testid="security-admin-role"
            options={[
              { value: NONE, label: t('user.noAdminRole') },
              ...ADMIN_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) })),
            ]}
          />
        </Form.Item>
        <Form.Item name="clearanceClass" label={t('user.clearanceClass')}>
          <Select
            disabled={!canClearance}
            data-testid="security-clearance"
            options={[
              { value: NONE, label: t('user.noClearance') },
              ...CLEARANCE_CLASSES.map((c) => ({ value: c, label: t(`clearance.${c}`) })),
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
