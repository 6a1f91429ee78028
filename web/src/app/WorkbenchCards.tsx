import { Card, Col, Empty, Row, Statistic } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from './api/shell.js';

/**
 * The caller's to-do cards (GET /api/workbench): each module's count of what needs the person's attention, computed
 * on the server through the module's own list filter, linking to the list it counts. A card's text is its module's
 * `card.<name>` (key `<module>.<name>`); a card no module names is shown by its key.
 */
export function WorkbenchCards() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['workbench'], queryFn: api.workbench, meta: { quiet: true } });
  // What waits for the person first; the rest keep the modules' order (a stable sort).
  const cards = [...(q.data?.cards ?? [])].sort((a, b) => Number(b.count > 0) - Number(a.count > 0));
  if (q.isSuccess && cards.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench:noTodo')} />;
  return (
    <Row gutter={[16, 16]} data-testid="workbench">
      {cards.map((c) => {
        const [module, name] = c.key.split('.', 2) as [string, string];
        return (
          <Col key={c.key} xs={24} sm={12} lg={8} xl={6}>
            <Link to={c.link.web} data-testid={`card-${c.key}`}>
              <Card size="small" hoverable>
                <Statistic
                  title={t(`${module}:card.${name}`, { defaultValue: c.key })}
                  value={c.count}
                  valueStyle={c.count > 0 && /overdue|due|to_sign/.test(name) ? { color: '#cf1322' } : undefined}
                />
              </Card>
            </Link>
          </Col>
        );
      })}
    </Row>
  );
}
