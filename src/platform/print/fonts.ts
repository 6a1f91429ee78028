import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/**
 * The CJK font printouts are set in (ADR 0020): the folder `BAOMI_PRINT_FONT_DIR` names when set (`Regular` and
 * `Bold` OTF/TTF files), else Noto Sans CJK from the system's `fonts-noto-cjk` when it is
 * installed (the Simplified Chinese face of the collection, chosen by its PostScript name), else Noto Sans
 * Hans (OFL) from the optional `@embedpdf/fonts-sc` package. Each is embedded as a subset by pdfkit.
 */
export interface FontFace {
  file: string;
  /** The face of a collection (.ttc) to use; null for a single-face file. */
  postscriptName: string | null;
}

export interface PrintFont {
  source: 'system' | 'package' | 'configured';
  regular: FontFace;
  bold: FontFace;
}

const SYSTEM_DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk'];

function systemFont(): PrintFont | null {
  for (const dir of SYSTEM_DIRS) {
    const regular = path.join(dir, 'NotoSansCJK-Regular.ttc');
    const bold = path.join(dir, 'NotoSansCJK-Bold.ttc');
    if (fs.existsSync(regular) && fs.existsSync(bold))
      return {
        source: 'system',
        regular: { file: regular, postscriptName: 'NotoSansCJKsc-Regular' },
        bold: { file: bold, postscriptName: 'NotoSansCJKsc-Bold' },
      };
  }
  return null;
}

function packageFont(): PrintFont | null {
  try {
    // The package exports only its entry point (dist/); its fonts sit beside dist/.
    const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
    const dir = path.join(path.dirname(entry), '..', 'fonts');
    const regular = path.join(dir, 'NotoSansHans-Regular.otf');
    const bold = path.join(dir, 'NotoSansHans-Bold.otf');
    if (!fs.existsSync(regular) || !fs.existsSync(bold)) return null;
    return {
      source: 'package',
      regular: { file: regular, postscriptName: null },
      bold: { file: bold, postscriptName: null },
    };
  } catch {
    return null; // an optional dependency left out (npm install --omit=optional)
  }
}

function configuredFont(dir: string | undefined): PrintFont | null {
  if (!dir) return null;
  const pick = (weight: string) =>
    ['otf', 'ttf'].map((ext) => path.join(dir, `${weight}.${ext}`)).find((f) => fs.existsSync(f));
  const regular = pick('Regular');
  const bold = pick('Bold') ?? regular;
  if (!regular || !bold) return null;
  return {
    source: 'configured',
    regular: { file: regular, postscriptName: null },
    bold: { file: bold, postscriptName: null },
  };
}

/** The font to print with, in the order above; null when none is installed (printing then answers 503). */
export function findPrintFont(env: NodeJS.ProcessEnv = process.env): PrintFont | null {
  return configuredFont(env.BAOMI_PRINT_FONT_DIR) ?? systemFont() ?? packageFont();
}
