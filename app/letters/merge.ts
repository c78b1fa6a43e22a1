// Filling a letter template: merge fields in double braces are replaced for each recipient, in the browser
// (live preview) and on the server (the letter that is sent), by the same function.
//
//   {{salutation}}        the recipient's formal salutation ("Excellency")
//   {{state}}             the member state the recipient represents
//   {{recipient}}         the recipient's name ("Permanent Mission of Iceland to the United Nations")
//   {{supporter.name}}    the writer's name, or "A verified supporter from <country>" when they withhold it
//   {{supporter.city}}    the writer's city (empty when they withhold their name)
//   {{supporter.country}} the writer's country of residence
//
// A line that holds only a field which came out empty is removed, so a withheld city leaves no gap.

export const mergeFields = ["salutation", "state", "recipient", "supporter.name", "supporter.city", "supporter.country"] as const;
export type MergeField = (typeof mergeFields)[number];
export type MergeValues = Record<MergeField, string>;

const fieldPattern = /\{\{\s*([a-z.]+)\s*\}\}/g;

export function fillTemplate(template: string, values: MergeValues): string {
  const lines = template.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  for (const line of lines) {
    const hadField = fieldPattern.test(line);
    fieldPattern.lastIndex = 0;
    const filled = line.replace(fieldPattern, (whole, name: string) =>
      (mergeFields as readonly string[]).includes(name) ? values[name as MergeField] : whole,
    );
    if (hadField && filled.trim() === "") continue;
    out.push(filled);
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

/** Fields in a text that are not merge fields (shown to staff editing a template). */
export function unknownFields(template: string): string[] {
  return [...template.matchAll(fieldPattern)].map((m) => m[1]!).filter((name) => !(mergeFields as readonly string[]).includes(name));
}

export interface Writer {
  name: string;
  city: string;
  country: string;
  /** False: the letter is signed "A verified supporter from <country>", with no name or city. */
  reachable: boolean;
}

/** The supporter's part of the merge values. `withheldName` is the localised "A verified supporter from …". */
export function writerValues(writer: Writer, withheldName: string): Pick<MergeValues, "supporter.name" | "supporter.city" | "supporter.country"> {
  return writer.reachable
    ? { "supporter.name": writer.name, "supporter.city": writer.city, "supporter.country": writer.country }
    : { "supporter.name": withheldName, "supporter.city": "", "supporter.country": writer.country };
}

/**
 * A mailto: link with the letter filled in. Mail clients reject very long links (about 2,000 characters
 * is the safe limit), so a long body is cut at a paragraph and ends with a note to paste the full text.
 */
export function mailtoLink({ to, subject, body, cutNote }: { to: string | null; subject: string; body: string; cutNote: string }, limit = 2000): { href: string; complete: boolean } {
  const build = (text: string) =>
    `mailto:${to ? encodeURIComponent(to).replace(/%40/g, "@") : ""}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(text.replace(/\n/g, "\r\n"))}`;
  let href = build(body);
  if (href.length <= limit) return { href, complete: true };
  const paragraphs = body.split("\n\n");
  while (paragraphs.length > 1) {
    paragraphs.pop();
    href = build(`${paragraphs.join("\n\n")}\n\n${cutNote}`);
    if (href.length <= limit) return { href, complete: false };
  }
  return { href: build(cutNote), complete: false };
}
