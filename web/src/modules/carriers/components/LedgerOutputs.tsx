import { useState } from 'react';
import { Button } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type CarrierFilters } from '../api.js';
import { ApiError } from '../../../app/api/client.js';
import { showError } from '../../../app/feedback.js';
import { currentLocale } from '../../../app/i18n/index.js';

/** The file name the server gave (`filename*=UTF-8''…` or `filename="…"`). */
function filenameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star?.[1]) return decodeURIComponent(star[1]);
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Fetches a printout and saves it: unlike following a link, a refusal (a ledger too long to print, no right to
 * this ledger) is shown in words instead of replacing the page.
 */
async function download(url: string, fallback: string): Promise<void> {
  const r = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/pdf, application/json' } });
  if (!r.ok) {
    const body = (await r.json().catch(() => null)) as {
      error?: { code?: string; message?: string; details?: unknown };
    } | null;
    throw new ApiError(
      r.status,
      (body?.error?.code ?? 'unknown') as ApiError['code'],
      body?.error?.message ?? r.statusText,
      body?.error?.details,
    );
  }
  const href = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = filenameOf(r.headers.get('content-disposition'), fallback);
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/**
 * The ledger the list shows, on paper (a marked PDF through the platform's printing, audited) and as XLSX or CSV,
 * in the reader's language; the same filters as the list, so what is printed is what is shown.
 */
export function LedgerOutputs({ filters }: { filters: CarrierFilters }) {
  const { t } = useTranslation('carriers');
  const [printing, setPrinting] = useState(false);
  const lang = currentLocale();
  const print = async () => {
    setPrinting(true);
    try {
      await download(api.carriers.printUrl(filters, lang), 'ledger.pdf');
    } catch (e) {
      showError(e);
    } finally {
      setPrinting(false);
    }
  };
  return (
    <>
      <Button icon={<PrinterOutlined />} loading={printing} onClick={() => void print()} data-testid="carrier-print">
        {t('list.print')}
      </Button>
      <Button
        icon={<DownloadOutlined />}
        href={api.carriers.exportUrl('xlsx', filters, lang)}
        data-testid="carrier-export-xlsx"
      >
        {t('list.exportXlsx')}
      </Button>
      <Button
        icon={<DownloadOutlined />}
        href={api.carriers.exportUrl('csv', filters, lang)}
        data-testid="carrier-export-csv"
      >
        {t('list.exportCsv')}
      </Button>
    </>
  );
}
