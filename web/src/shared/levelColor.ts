import type { Level } from '../app/contracts.js';

/** Colours of level and marking tags: the higher the level, the hotter the colour. */
export const LEVEL_COLOR: Readonly<Record<Level, string>> = {
  top_secret: 'red',
  secret: 'volcano',
  confidential: 'gold',
  core_commercial: 'magenta',
  ordinary_commercial: 'purple',
  internal: 'blue',
  public: 'default',
};
