import { useRef, useState } from 'react';
import { Space, Tag } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import type { EligibleQuery } from '../../../app/contracts.js';
import { UserPicker, type PickedUser } from './shared.js';

/**
 * Several people, picked one at a time from the directory (key holders, readers, people to show a carrier to):
 * the value is their ids; `known` names those set before any search.
 */
export function PeopleField({
  value = [],
  onChange,
  known = [],
  testid,
  placeholder,
  eligible,
  exclude = [],
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  known?: PickedUser[];
  testid: string;
  placeholder?: string;
  eligible?: Omit<EligibleQuery, 'q'>;
  /** People who may not be chosen here (e.g. the custodian among the readers). */
  exclude?: readonly string[];
}) {
  const labels = useRef(new Map<string, string>());
  for (const k of known) labels.current.set(k.id, k.label);
  const [picker, setPicker] = useState(0); // bumps to clear the picker after each pick
  const add = (id: string | undefined, u?: PickedUser) => {
    if (id && u) labels.current.set(id, u.label);
    if (id && !value.includes(id) && !exclude.includes(id)) onChange?.([...value, id]);
    setPicker((n) => n + 1);
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testid}>
      <UserPicker
        key={picker}
        placeholder={placeholder}
        style={{ width: '100%' }}
        testid={`${testid}-add`}
        eligible={eligible}
        onChange={add}
      />
      {value.length > 0 && (
        <Space size={[0, 8]} wrap data-testid={`${testid}-list`}>
          {value.map((id) => (
            <Tag
              key={id}
              icon={<UserOutlined />}
              color="blue"
              closable
              onClose={() => onChange?.(value.filter((x) => x !== id))}
            >
              {labels.current.get(id) ?? id}
            </Tag>
          ))}
        </Space>
      )}
    </Space>
  );
}
