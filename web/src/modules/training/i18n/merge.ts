/** Merges the texts of training's parts into one namespace: nested groups (`problem`, `perm`, `nav`...) are joined. */
type TextTree = { [key: string]: string | TextTree };

export function mergeTexts<T extends TextTree>(...parts: TextTree[]): T {
  const out: TextTree = {};
  for (const part of parts)
    for (const [k, v] of Object.entries(part)) {
      const prev = out[k];
      if (typeof v === 'object' && typeof prev === 'object') out[k] = mergeTexts(prev, v);
      else if (prev !== undefined) throw new Error(`training texts: the key ${k} is given twice`);
      else out[k] = v;
    }
  return out as T;
}
