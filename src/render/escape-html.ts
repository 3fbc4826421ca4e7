// Kept while the exam's HTML and the XML exports move onto `html` (src/render/html.ts); one implementation.
export { escapeHtml } from './html.ts';
