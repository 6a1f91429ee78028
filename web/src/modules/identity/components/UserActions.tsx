import { useState } from 'react';
import { Button, Dropdown, type MenuProps } from 'antd';
import { DownOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { DirectoryEntry as User } from '../../../app/contracts.js';
import { feedback, showSuccess } from '../../../app/feedback.js';
import { useHoldings } from './Holdings.js';

type Simple = 'disable' | 'enable' | 'unlock' | 'reset-mfa';

/** The per-row action menu of the Users page. */
export function UserActions({
  user,
  canManage: pageManage,
  canSecurity: pageSecurity,
  canHandOver: pageHandOver,
  onEdit,
  onSecurity,
  onDepart,
  onHandOver,
  onOtp,
}: {
  user: User;
  canManage: boolean;
  canSecurity: boolean;
  /** May hand this person's holdings over (the security administrator, not on itself). */
  canHandOver: boolean;
  onEdit: (u: User) => void;
  onSecurity: (u: User) => void;
  onDepart: (u: User) => void;
  onHandOver: (u: User) => void;
  onOtp: (otp: string, u: User) => void;
}) {
  const { t } = useTranslation('identity');
  // The page's abilities say what the reader may do to someone; the row's, what to this person (the sysadmin
  // may not touch an administrator's account or its own, the security administrator not its own).
  const canManage = pageManage && user.abilities?.manage === true;
  const canSecurity = pageSecurity && user.abilities?.security === true;
  const canHandOver = pageHandOver && user.abilities?.handOver === true;
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ['users'] });
  // What the person holds is asked when the menu opens: hand-over is offered to whoever holds something.
  const [open, setOpen] = useState(false);
  const holdings = useHoldings(user.id, open && canHandOver);
  const transferable = holdings.data?.modules.reduce((n, m) => n + m.holdings.filter((h) => h.transferable).length, 0);
  const simple = useMutation({
    mutationFn: (a: Simple) => api.users.action(user.id, a, user.version!),
    onSuccess: async () => {
      showSuccess(t('user.done'));
      await refresh();
    },
    onError: refresh,
  });
  const reset = useMutation({
    mutationFn: () => api.users.resetPassword(user.id, user.version!),
    onSuccess: async (r) => {
      onOtp(r.oneTimePassword, user);
      await refresh();
    },
    onError: refresh,
  });
  const confirm = (text: string, run: () => void) =>
    feedback.current?.modal.confirm({ title: t('common.confirm'), content: text, onOk: run });

  const name = user.displayName;
  const departed = user.status === 'departed';
  const items: MenuProps['items'] = [];
  if (canManage) {
    items.push({ key: 'edit', label: t('user.edit'), disabled: departed });
    if (user.status === 'active') items.push({ key: 'disable', label: t('user.disable') });
    if (user.status === 'disabled') items.push({ key: 'enable', label: t('user.enable') });
    if (user.locked) items.push({ key: 'unlock', label: t('user.unlock') });
    items.push(
      { key: 'reset-password', label: t('user.resetPassword'), disabled: departed },
      { key: 'reset-mfa', label: t('user.resetMfa'), disabled: departed || !user.mfaEnabled },
      { type: 'divider' },
      { key: 'depart', label: t('user.depart'), danger: true, disabled: departed },
    );
  }
  if (canHandOver)
    items.unshift({
      key: 'hand-over',
      label: (
        <span data-testid="user-action-hand-over">
          {transferable ? `${t('departure.handOver')} (${transferable})` : t('departure.handOver')}
        </span>
      ),
      disabled: transferable === 0,
    });
  if (canSecurity) items.unshift({ key: 'security', label: t('user.security'), disabled: departed });
  if (items.length === 0) return null;

  const onClick: MenuProps['onClick'] = ({ key }) => {
    switch (key) {
      case 'edit':
        return onEdit(user);
      case 'security':
        return onSecurity(user);
      case 'depart':
        return onDepart(user);
      case 'hand-over':
        return onHandOver(user);
      case 'disable':
        return void confirm(t('user.confirmDisable', { name }), () => simple.mutate('disable'));
      case 'enable':
        return void confirm(t('user.confirmEnable', { name }), () => simple.mutate('enable'));
      case 'unlock':
        return void confirm(t('user.confirmUnlock', { name }), () => simple.mutate('unlock'));
      case 'reset-mfa':
        return void confirm(t('user.confirmResetMfa', { name }), () => simple.mutate('reset-mfa'));
      case 'reset-password':
        return void confirm(t('user.confirmResetPassword', { name }), () => reset.mutate());
    }
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} onOpenChange={setOpen}>
      <Button size="small" loading={simple.isPending || reset.isPending} data-testid={`user-actions-${user.username}`}>
        {t('common.actions')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
