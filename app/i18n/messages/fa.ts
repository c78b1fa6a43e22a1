// کاتالوگ پیام‌های فارسی: باید دقیقاً همان کلیدهای en.ts را داشته باشد.
import type { Messages } from "./en";

export const fa: Messages = {
  "site.name": "کارزارهای دادخواهی",
  "site.skipToContent": "رفتن به محتوای اصلی",
  "site.primaryNav": "اصلی",
  "site.languageNav": "زبان",
  "site.otherLanguage": "English",
  "site.noThirdParties":
    "این وبگاه هیچ چیزی از میزبان‌های دیگر بارگذاری نمی‌کند: نه آمارگیر، نه قلم یا اسکریپت بیرونی، نه کوکی ردیابی.",
  "site.footerNav": "دربارهٔ این وبگاه",
  "site.home": "کارزار",

  "campaign.contents": "در این صفحه",
  "campaign.sign": "امضای دادخواست",
  "campaign.write": "نامه به نمایندگان کشورها در سازمان ملل",
  "campaign.writeSoon": "بخش نامه‌نگاری به نمایندگان کشورها در سازمان ملل به‌زودی باز می‌شود.",
  "campaign.callToActionHeading": "اکنون اقدام کنید",
  "campaign.quote.translationNote": "ترجمه از متن انگلیسی بیانیه.",
  "campaign.fallbackNotice": "هنوز ترجمه نشده است: متن انگلیسی نمایش داده می‌شود.",
  "campaign.timeline.approximate": "حدود",
  "campaign.sources.published": (p) => `تاریخ انتشار: ${p.date}.`,
  "campaign.petitionProgress": (p) => `${p.count} امضا از ${p.goal}`,

  "error.notFound.title": "صفحه پیدا نشد",
  "error.notFound.body": "در این نشانی صفحه‌ای وجود ندارد. ممکن است جابه‌جا شده باشد یا پیوند اشتباه نوشته شده باشد.",
  "error.generic.title": "خطایی رخ داد",
  "error.generic.body":
    "به دلیل خطایی در سمت ما، صفحه نمایش داده نشد. چیزی از آنچه وارد کرده‌اید از دست نرفته است؛ لطفاً چند لحظه بعد دوباره تلاش کنید.",
  "error.tooLarge.title": "متن بیش از حد طولانی است",
  "error.tooLarge.body": "آنچه فرستادید از اندازه‌ای که این فرم می‌پذیرد بزرگ‌تر است. لطفاً بازگردید، آن را کوتاه کنید و دوباره بفرستید.",
  "error.crossSite.title": "درخواست پذیرفته نشد",
  "error.crossSite.body": "این فرم از وبگاه دیگری فرستاده شده بود و پذیرفته نشد. لطفاً از فرم همین وبگاه استفاده کنید.",
  "error.badRequest.title": "درخواست خوانده نشد",
  "error.badRequest.body": "مرورگر شما چیزی فرستاد که این وبگاه نتوانست بخواند. لطفاً بازگردید و دوباره تلاش کنید.",
  "error.backHome": "رفتن به صفحهٔ کارزار",
  "error.status": (p) => `خطای ${p.status}`,
};
