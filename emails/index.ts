// Every email the platform sends: one module per message, each returning { subject, text, html } in the
// recipient's language. The outbox stores a template name and its data; rendering happens at delivery.
import type { Locale } from "../app/i18n";
import { dataCopy, type DataCopyData } from "./data-copy";
import { dataErase, type DataEraseData } from "./data-erase";
import { letter, type LetterData } from "./letter";
import { letterConfirm, type LetterConfirmData } from "./letter-confirm";
import { letterReceipt, type LetterReceiptData } from "./letter-receipt";
import { signatureAlready, type SignatureAlreadyData } from "./signature-already";
import { signatureConfirm, type SignatureConfirmData } from "./signature-confirm";
import { signatureThanks, type SignatureThanksData } from "./signature-thanks";

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateData {
  "signature-confirm": SignatureConfirmData;
  "signature-already": SignatureAlreadyData;
  "signature-thanks": SignatureThanksData;
  letter: LetterData;
  "letter-confirm": LetterConfirmData;
  "letter-receipt": LetterReceiptData;
  "data-copy": DataCopyData;
  "data-erase": DataEraseData;
}

export type TemplateName = keyof TemplateData;

const templates: { [K in TemplateName]: (locale: Locale, data: TemplateData[K]) => EmailContent } = {
  "signature-confirm": signatureConfirm,
  "signature-already": signatureAlready,
  "signature-thanks": signatureThanks,
  letter,
  "letter-confirm": letterConfirm,
  "letter-receipt": letterReceipt,
  "data-copy": dataCopy,
  "data-erase": dataErase,
};

export function isTemplateName(name: string): name is TemplateName {
  return name in templates;
}

export function renderEmail<K extends TemplateName>(template: K, locale: Locale, data: TemplateData[K]): EmailContent {
  return templates[template](locale, data);
}
