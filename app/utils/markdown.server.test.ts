import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown.server";

describe("renderMarkdown", () => {
  it("renders emphasis, lists and links", () => {
    const html = renderMarkdown("**Bold** and a [link](https://example.org).\n\n1. one\n2. two");
    expect(html).toContain("<strong>Bold</strong>");
    expect(html).toContain('<a href="https://example.org">link</a>');
    expect(html).toContain("<ol>");
  });

  it("escapes raw HTML and drops script URLs", () => {
    const html = renderMarkdown("<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[x](javascript:alert%281%29) [y](data:text/html;base64,PHNjcmlwdD4=)");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain('<a href="">x</a>');
    expect(html).not.toMatch(/href="(javascript|data):/i);
  });
});
