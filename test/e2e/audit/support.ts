/** The audit trail page as a test drives it: the grouped action filter (several actions, picked by name). */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { noDropdown } from '../../helpers/browser.js';

/** The trail's rows that show every one of `texts`. */
export function trailRows(page: Page, ...texts: string[]): Locator {
  let rows = page.getByTestId('audit-table').locator('tbody tr.ant-table-row');
  for (const text of texts) rows = rows.filter({ hasText: text });
  return rows;
}

/**
 * Sets the trail's action filter to exactly the actions named (their names in the reader's language, as the
 * options show them): clears it, then picks each by typing its name and clicking the option that is exactly
 * it, again until its tag shows (an option clicked while the dropdown opens is sometimes ignored).
 */
export async function pickActions(page: Page, names: readonly string[]): Promise<void> {
  const field = page.locator('[data-testid="audit-action"]:visible').first();
  const tags = () => field.locator('.ant-select-selection-item').allInnerTexts();
  const clear = field.locator('.ant-select-clear');
  await expect
    .poll(
      async () => {
        if ((await tags()).length === 0) return true;
        await field.hover();
        await clear.click({ timeout: 2_000 }).catch(() => undefined);
        return (await tags()).length === 0;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  for (const name of names) {
    const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: exact });
    await expect
      .poll(
        async () => {
          if ((await tags()).some((t) => t.trim() === name)) return true;
          if (!(await option.first().isVisible())) {
            await field.click();
            await field.locator('input').fill(name);
          }
          await option
            .first()
            .click({ timeout: 2_000 })
            .catch(() => undefined);
          return (await tags()).some((t) => t.trim() === name);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
  }
  await page.keyboard.press('Escape');
  await noDropdown(page);
}
