import { useState, type ComponentType, type ReactNode } from 'react';
import { Button, Space } from 'antd';
import { CheckOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CarrierAction, CarrierDetail } from '../contracts.js';
import { EditModal, FinaliseModal, type ActionProps } from './actions/RegisterActions.js';

/** A button of the carrier page: shown only when the server's `can` allows its action (`abilities`). */
interface ActionDef {
  key: string;
  ability: CarrierAction;
  /** Shown only in this state of the carrier's movements, besides the ability. */
  when?: (c: CarrierDetail) => boolean;
  icon?: ReactNode;
  primary?: boolean;
  danger?: boolean;
  modal: ComponentType<ActionProps>;
}

const ACTIONS: readonly ActionDef[] = [
  { key: 'finalise', ability: 'carrier.finalise', icon: <CheckOutlined />, primary: true, modal: FinaliseModal },
  { key: 'edit', ability: 'carrier.edit', icon: <EditOutlined />, modal: EditModal },
];

/**
 * The actions the reader may take on this carrier, each opening its dialog: the buttons come strictly from the
 * carrier's `abilities` (the server's `can`), so the page offers only what the server would allow.
 */
export function CarrierActions({ carrier }: { carrier: CarrierDetail }) {
  const { t } = useTranslation('carriers');
  const [open, setOpen] = useState<string | null>(null);
  const offered = ACTIONS.filter((a) => carrier.abilities[a.ability] === true && (a.when?.(carrier) ?? true));
  const showOutside = ACTIONS.find((a) => a.key === 'show_outside');
  const canShowOutside = !!showOutside && carrier.abilities['carrier.show_outside'] === true;
  return (
    <>
      <Space wrap data-testid="carrier-actions">
        {offered.map((a) => (
          <Button
            key={a.key}
            type={a.primary ? 'primary' : 'default'}
            danger={a.danger}
            icon={a.icon}
            onClick={() => setOpen(a.key)}
            data-testid={`carrier-action-${a.key}`}
          >
            {t(`action.${a.key}`)}
          </Button>
        ))}
      </Space>
      {offered.map((a) => (
        <a.modal
          key={a.key}
          carrier={carrier}
          open={open === a.key}
          onClose={() => setOpen(null)}
          onShowOutside={canShowOutside ? () => setOpen('show_outside') : undefined}
        />
      ))}
    </>
  );
}
