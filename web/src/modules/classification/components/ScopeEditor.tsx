import { useMemo, useState } from 'react';
import { Empty, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { ApartmentOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '../api.js';
import { type ScopeEntry, type ScopeKind } from '../../../app/contracts.js';
import { BUSINESS_ROLES } from '../../../../../src/kernel/roles.js';
import { buildTree } from '../../../shared/deptTree.js';
import { UserPicker } from './UserPicker.js';

/** A scope entry with the name shown to people (null for roles: they are translated). */
export interface ScopeItem {
  kind: ScopeKind;
  ref: string;
  label: string | null;
}

const KIND_ICON: Record<ScopeKind, React.ReactNode> = {
  user: <UserOutlined />,
  department: <ApartmentOutlined />,
  role: <TeamOutlined />,
};
const KIND_COLOR: Record<ScopeKind, string> = { user: 'blue', department: 'cyan', role: 'geekblue' };

export const toEntries = (items: readonly ScopeItem[]): ScopeEntry[] => items.map(({ kind, ref }) => ({ kind, ref }));

/** How a scope entry is named: people and departments by their label, roles translated. */
export function scopeItemText(t: TFunction, item: ScopeItem): string {
  return item.kind === 'role' ? t(`identity:role.${item.ref}`, { defaultValue: item.ref }) : (item.label ?? item.ref);
}

/** "Adds: …; Removes: …" for a scope change as a request or the history recorded it. */
export function scopeChangeText(
  t: TFunction,
  d: { added?: readonly ScopeItem[]; removed?: readonly ScopeItem[] },
): string {
  const list = (items: readonly ScopeItem[]) => items.map((i) => scopeItemText(t, i)).join(t('common.listSep'));
  return [
    d.added?.length ? t('approval.scopeAdded', { list: list(d.added) }) : '',
    d.removed?.length ? t('approval.scopeRemoved', { list: list(d.removed) }) : '',
  ]
    .filter(Boolean)
    .join(t('common.listSep'));
}

export function ScopeTag({ item, onClose }: { item: ScopeItem; onClose?: () => void }) {
  const { t } = useTranslation('classification');
  const text = scopeItemText(t, item);
  return (
    <Tag
      icon={KIND_ICON[item.kind]}
      color={KIND_COLOR[item.kind]}
      closable={!!onClose}
      onClose={onClose}
      data-testid={`scope-tag-${item.kind}`}
    >
      {text}
    </Tag>
  );
}

/** The need-to-know scope (知悉范围): people, departments (with their sub-departments) and roles. */
export function ScopeEditor({
  value = [],
  onChange,
  disabled,
}: {
  value?: ScopeItem[];
  onChange?: (v: ScopeItem[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('classification');
  const depts = useQuery({ queryKey: ['departments'], queryFn: api.directory.departments });
  const tree = useMemo(() => buildTree(depts.data?.items ?? []), [depts.data]);
  const [picker, setPicker] = useState(0); // bumps to clear the pickers after each pick
  const has = (kind: ScopeKind, ref: string) => value.some((s) => s.kind === kind && s.ref === ref);
  const add = (item: ScopeItem) => {
    if (!has(item.kind, item.ref)) onChange?.([...value, item]);
    setPicker((n) => n + 1);
  };
  const remove = (i: number) => onChange?.(value.filter((_, j) => j !== i));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="scope-editor">
      {!disabled && (
        <Space wrap key={picker}>
          <UserPicker
            placeholder={`+ ${t('scopeKind.user')}`}
            style={{ width: 240 }}
            testid="scope-add-user"
            onChange={(id, u) => id && add({ kind: 'user', ref: id, label: u?.label ?? null })}
          />
          <TreeSelect<string>
            treeData={tree}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            placeholder={`+ ${t('scopeKind.department')}`}
            style={{ width: 220 }}
            data-testid="scope-add-dept"
            onChange={(id) =>
              id &&
              add({ kind: 'department', ref: id, label: depts.data?.items.find((d) => d.id === id)?.name ?? null })
            }
          />
          <Select<string>
            placeholder={`+ ${t('scopeKind.role')}`}
            style={{ width: 180 }}
            data-testid="scope-add-role"
            options={BUSINESS_ROLES.map((r) => ({
              value: r,
              label: t(`identity:role.${r}`),
              disabled: has('role', r),
            }))}
            onChange={(r) => r && add({ kind: 'role', ref: r, label: null })}
          />
        </Space>
      )}
      <div data-testid="scope-list">
        {value.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={<Typography.Text type="secondary">{t('item.scopeEmpty')}</Typography.Text>}
            style={{ margin: 0 }}
          />
        ) : (
          <Space size={[0, 8]} wrap>
            {value.map((s, i) => (
              <ScopeTag key={`${s.kind}:${s.ref}`} item={s} onClose={disabled ? undefined : () => remove(i)} />
            ))}
          </Space>
        )}
      </div>
    </Space>
  );
}
