/** Texts of the records part of training (namespace `training`), in both languages; keys must match. */
export const recordTexts = {
  'zh-CN': {},
  'en-US': {},
};
