import { useEffect, useRef, useState } from 'react';
import { Select, Spin } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api.js';
import type { EligibleQuery, User } from '../../../app/contracts.js';

export interface PickedUser {
  id: string;
  label: string;
}

export const userLabel = (u: Pick<User, 'displayName' | 'username' | 'departmentName'>) =>
  `${u.displayName} (${u.username})${u.departmentName ? ` · ${u.departmentName}` : ''}`;

/**
 * Picks an active person by searching the directory (name or username, Chinese included) as one types.
 * `known` labels values that are set before any search (e.g. "me" as the default custodian).
 */
export function UserPicker({
  value,
  onChange,
  known = [],
  placeholder,
  testid,
  disabled,
  style,
  allowClear,
  anyStatus = false,
  eligible,
}: {
  value?: string | null;
  onChange?: (id: string | undefined, user?: PickedUser) => void;
  known?: PickedUser[];
  placeholder?: string;
  testid?: string;
  disabled?: boolean;
  style?: React.CSSProperties;
  allowClear?: boolean;
  /** Offer people who left or are disabled too (to find what they keep), not only active ones. */
  anyStatus?: boolean;
  /** Offer only people the server finds eligible (a custodian cleared for a level, a classification authority). */
  eligible?: Omit<EligibleQuery, 'q'>;
}) {
  const [input, setInput] = useState('');
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  const labels = useRef(new Map<string, string>());
  for (const k of known) labels.current.set(k.id, k.label);
  useEffect(() => {
    const h = window.setTimeout(() => setTerm(input.trim()), 250);
    return () => window.clearTimeout(h);
  }, [input]);
  const found = useQuery({
    queryKey: ['users', 'pick', term, anyStatus, eligible],
    queryFn: () =>
      eligible
        ? api.directory.eligible({ ...eligible, q: term || undefined })
        : api.directory.users({
            page: 1,
            pageSize: 20,
            q: term || undefined,
            ...(anyStatus ? {} : { status: 'active' as const }),
          }),
    enabled: open,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const options = (found.data?.items ?? []).map((u) => {
    const label = userLabel(u);
    labels.current.set(u.id, label);
    return { value: u.id, label };
  });
  if (value && !options.some((o) => o.value === value))
    options.unshift({ value, label: labels.current.get(value) ?? value });

  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setInput }}
      value={value ?? undefined}
      allowClear={allowClear}
      disabled={disabled}
      placeholder={placeholder}
      style={style}
      options={options}
      open={open}
      onOpenChange={setOpen}
      notFoundContent={found.isFetching ? <Spin size="small" /> : undefined}
      onChange={(id) => onChange?.(id, id ? { id, label: labels.current.get(id) ?? id } : undefined)}
      data-testid={testid}
    />
  );
}
