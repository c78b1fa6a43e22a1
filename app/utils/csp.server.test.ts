import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { documentCsp, inlineScriptHashes } from "./csp.server";

const sha = (s: string) => `'sha256-${crypto.createHash("sha256").update(s).digest("base64")}'`;

describe("document CSP", () => {
  it("allows each inline script by its hash and ignores external ones", () => {
    const html = `<script>window.a=1</script><script type="module">import "/build/x.js"</script><script src="/build/y.js"></script>`;
    expect(inlineScriptHashes(html)).toEqual([sha("window.a=1"), sha('import "/build/x.js"')]);
    const csp = documentCsp(html);
    expect(csp).toContain(`script-src 'self' ${sha("window.a=1")}`);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("forbids all scripts on a page that has none", () => {
    expect(documentCsp("<p>text</p>")).toContain("script-src 'none'");
  });
});
