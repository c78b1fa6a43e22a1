// The English message catalogue. Every user-facing string of the interface lives here and in fa.ts, which
// must define exactly the same keys (the compiler checks). Campaign content is data, not messages.
export const en = {
  "site.name": "Campaigns for accountability",
  "site.skipToContent": "Skip to main content",
  "site.primaryNav": "Main",
  "site.languageNav": "Language",
  "site.otherLanguage": "فارسی",
  "site.noThirdParties":
    "This site loads nothing from other hosts: no analytics, no fonts or scripts from elsewhere, no tracking cookies.",
  "site.footerNav": "About this site",
  "site.home": "Campaign",

  "campaign.contents": "On this page",
  "campaign.sign": "Sign the petition",
  "campaign.write": "Write to a UN representative",
  "campaign.writeSoon": "Letters to UN representatives open soon.",
  "campaign.callToActionHeading": "Act now",
  "campaign.quote.translationNote": "Translated from the English text of the statement.",
  "campaign.fallbackNotice": "Not yet translated: shown in English.",
  "campaign.timeline.approximate": "about",
  "campaign.sources.published": (p: { date: string }) => `Published ${p.date}.`,
  "campaign.petitionProgress": (p: { count: string; goal: string }) => `${p.count} of ${p.goal} signatures`,

  "error.notFound.title": "Page not found",
  "error.notFound.body": "There is no page at this address. It may have moved, or the link may be mistyped.",
  "error.generic.title": "Something went wrong",
  "error.generic.body":
    "The page could not be shown because of an error on our side. Nothing you entered has been lost; please try again in a moment.",
  "error.tooLarge.title": "Too much text",
  "error.tooLarge.body": "What you sent is larger than this form accepts. Please go back, shorten it and send it again.",
  "error.crossSite.title": "Request refused",
  "error.crossSite.body": "This form was sent from another website, so it was not accepted. Please use the form on this site.",
  "error.badRequest.title": "The request could not be read",
  "error.badRequest.body": "Your browser sent something this site could not read. Please go back and try again.",
  "error.backHome": "Go to the campaign page",
  "error.status": (p: { status: string }) => `Error ${p.status}`,
};

export type Messages = typeof en;
export type MessageKey = keyof Messages;
