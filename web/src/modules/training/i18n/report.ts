/** Texts of the reports part of training (namespace `training`), in both languages; keys must match. */
export const reportTexts = {
  'zh-CN': {},
  'en-US': {},
};
