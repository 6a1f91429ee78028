import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api.js';

/** Picks a secret item the person may see, searching the catalogue (number, title or basis) as one types. */
export function ItemPicker({
  value,
  onChange,
  placeholder,
  testid,
}: {
  value?: string | null;
  onChange?: (id: string | undefined) => void;
  placeholder?: string;
  testid?: string;
}) {
  const [input, setInput] = useState('');
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const h = window.setTimeout(() => setTerm(input.trim()), 250);
    return () => window.clearTimeout(h);
  }, [input]);
  const found = useQuery({
    queryKey: ['items', 'pick', term],
    queryFn: () => api.items.list({ q: term || undefined, limit: 20 }),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setInput }}
      allowClear
      value={value ?? undefined}
      placeholder={placeholder}
      open={open}
      onOpenChange={setOpen}
      loading={found.isFetching}
      options={(found.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.number} ${i.title}` }))}
      onChange={(id) => onChange?.(id)}
      data-testid={testid}
    />
  );
}
