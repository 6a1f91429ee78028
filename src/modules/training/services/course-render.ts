import MarkdownIt from 'markdown-it';

/**
 * Course texts (a course's description, a text material) written in Markdown, rendered on the server to sanitised
 * HTML as people's agreement texts are: raw HTML escaped (markdown-it `html: false`), links only to http, https and
 * mailto targets, no images (a course page loads nothing from elsewhere).
 */
const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
md.disable('image');
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

export function courseMarkdownToHtml(markdown: string): string {
  return md.render(markdown);
}

/** Is this a link a material may point to (http or https, with a host)? */
export function isWebLink(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
