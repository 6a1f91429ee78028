import { useEffect, useRef, useState } from 'react';
import { Select, Spin } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api.js';

/** How a person is named in pickers and role lists: name (username) · department. */
export const personLabel = (p: { displayName: string; username: string; departmentName: string | null }) =>
  `${p.displayName} (${p.username})${p.departmentName ? ` · ${p.departmentName}` : ''}`;

/**
 * Picks an active person from the directory, searching by name or username as one types (the server decides
 * again when the choice is saved).
 */
export function PersonPicker({
  value,
  onChange,
  placeholder,
  testid,
  style,
}: {
  value?: string | null;
  onChange?: (id: string | undefined) => void;
  placeholder?: string;
  testid?: string;
  style?: React.CSSProperties;
}) {
  const [input, setInput] = useState('');
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  const labels = useRef(new Map<string, string>());
  useEffect(() => {
    const h = window.setTimeout(() => setTerm(input.trim()), 250);
    return () => window.clearTimeout(h);
  }, [input]);
  const found = useQuery({
    queryKey: ['users', 'pick-person', term],
    queryFn: () => api.users.list({ page: 1, pageSize: 20, q: term || undefined, status: 'active' }),
    enabled: open,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const options = (found.data?.items ?? []).map((u) => {
    const label = personLabel(u);
    labels.current.set(u.id, label);
    return { value: u.id, label };
  });
  if (value && !options.some((o) => o.value === value))
    options.unshift({ value, label: labels.current.get(value) ?? value });
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setInput }}
      value={value ?? undefined}
      allowClear
      placeholder={placeholder}
      style={style}
      options={options}
      open={open}
      onOpenChange={setOpen}
      notFoundContent={found.isFetching ? <Spin size="small" /> : undefined}
      onChange={(id) => onChange?.(id)}
      data-testid={testid}
    />
  );
}
