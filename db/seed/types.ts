// The shape of a campaign as the seed writes it into the database. Staff edit the same data later
// through the staff pages; nothing here is read by the running platform except through the database.
import type { Locale } from "../../app/i18n/locales";

/** Text that exists per language. English is required; a missing Persian entry falls back (visibly) to English. */
export type PerLocale<T> = { en: T } & Partial<Record<Exclude<Locale, "en">, T>>;

export interface CampaignSeed {
  slug: string;
  /** Shown at "/" when true. Exactly one campaign should be featured. */
  featured: boolean;
  /** Path of a self-hosted share image under public/ (1200×630 PNG). */
  shareImage?: string;
  translations: PerLocale<{
    /** Page title and main heading. */
    title: string;
    /** One or two sentences under the heading, also used as the share description. */
    summary: string;
  }>;
  /** Ordered page sections. `kind` says how the section is rendered. */
  sections: SectionSeed[];
  quotations: QuotationSeed[];
  timeline: TimelineEventSeed[];
  sources: SourceSeed[];
  petitions: PetitionSeed[];
  /** The letter supporters may send to UN member states' missions, and the rules for it. */
  letters?: LettersSeed;
}

export interface LettersSeed {
  editable: boolean;
  maxLength: number;
  recipientMode: "residence" | "any_state" | "group";
  maxStates: number;
  maxLettersPerSupporter: number;
  /** Subject and body with merge fields (see app/letters/merge.ts). */
  templates: PerLocale<{ subject: string; body: string }>;
}

export type SectionKind =
  /** Markdown prose (headings inside are level 3 and below). */
  | "prose"
  /** Renders the campaign's quotations, in order, after the optional Markdown intro. */
  | "quotations"
  /** Renders the campaign's timeline after the optional Markdown intro. */
  | "timeline"
  /** Renders the list of sources after the optional Markdown intro. */
  | "sources"
  /** Markdown prose followed by the two calls to action (sign, write). */
  | "call_to_action";

export interface SectionSeed {
  /** Stable identifier, also the HTML id used for in-page links (e.g. "background"). */
  key: string;
  kind: SectionKind;
  translations: PerLocale<{ heading: string; bodyMd: string }>;
}

export interface QuotationSeed {
  key: string;
  translations: PerLocale<{
    /** What the remark is about, e.g. "On Ahmad Khomeini's role". */
    topic: string;
    /** The exact words. In English: verbatim from the source statement, including its ellipses and brackets. */
    text: string;
    /** Who said it, where, and where it was reported. */
    attribution: string;
    /** True when this text is our translation rather than the words as published in this language. */
    isTranslation: boolean;
  }>;
}

export interface TimelineEventSeed {
  /** ISO date, as precise as the source allows: "1988", "1988-12", "1988-12-30". */
  date: string;
  /** Optional qualifier when the source gives only an approximate time. */
  approximate?: boolean;
  translations: PerLocale<{ title: string; description: string }>;
}

export interface SourceSeed {
  key: string;
  /** Only a URL that is known to be exact; never a guessed one. */
  url?: string;
  /** ISO date of publication when known. */
  publishedOn?: string;
  translations: PerLocale<{ title: string; publisher: string; note?: string }>;
}

export interface PetitionSeed {
  slug: string;
  /** The first goal. Once reached, the displayed goal steps up to the next milestone. */
  goal: number;
  status: "open" | "closed";
  translations: PerLocale<{
    title: string;
    /** To whom the petition is addressed. */
    addressee: string;
    /** The petition text in Markdown. */
    bodyMd: string;
  }>;
}
