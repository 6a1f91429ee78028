import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, problemOf } from '../../../app/feedback.js';

/**
 * A refused action in words (the module's `problem.<code>` text, else the error's), with the way forward where
 * there is one: a person who may not know a linked carrier asks for access to its secret item in the catalogue;
 * one outside a carrier's own scope needs the leader's permission to be shown it (范围外知悉).
 */
export function ProblemAlert({
  error,
  itemId,
  onShowOutside,
}: {
  error: unknown;
  itemId?: string | null;
  onShowOutside?: () => void;
}) {
  const { t } = useTranslation('carriers');
  if (!error) return null;
  const problem = problemOf(error);
  const askItem = problem === 'needs_item_access' && itemId;
  const askOutside =
    (problem === 'borrower_not_in_scope' ||
      problem === 'reader_outside_scope' ||
      problem === 'recipient_not_in_scope') &&
    onShowOutside !== undefined;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={errorText(error)}
      data-testid="carrier-problem"
      data-problem={problem ?? ''}
      description={
        askItem || askOutside ? (
          <Space orientation="vertical" size={4}>
            {askItem && (
              <span>
                {t('problemHelp.needsItemAccess')}{' '}
                <Link to={`/items/${itemId}`} data-testid="carrier-problem-item">
                  {t('problemHelp.openItem')}
                </Link>
              </span>
            )}
            {askOutside && (
              <span>
                {t('problemHelp.outsideScope')}{' '}
                <Button size="small" onClick={onShowOutside} data-testid="carrier-problem-show-outside">
                  {t('action.show_outside')}
                </Button>
              </span>
            )}
          </Space>
        ) : undefined
      }
    />
  );
}
