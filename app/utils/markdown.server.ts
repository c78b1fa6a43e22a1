// Markdown to HTML for content written by staff. micromark is safe by default: raw HTML in the source is
// escaped and dangerous link protocols (javascript:, data:) are dropped, so the output can be inserted as is.
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

export function renderMarkdown(markdown: string): string {
  return micromark(markdown, {
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
}
