/** Texts of the courses part of training (namespace `training`), in both languages; keys must match. */
export const courseTexts = {
  'zh-CN': {},
  'en-US': {},
};
