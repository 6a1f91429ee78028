/** Texts of the sessions part of training (namespace `training`), in both languages; keys must match. */
export const sessionTexts = {
  'zh-CN': {},
  'en-US': {},
};
