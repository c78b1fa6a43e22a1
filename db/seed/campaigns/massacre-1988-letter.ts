// The letter supporters send to the missions of UN member states for the 1988 campaign. Written in our own
// words from the JVMI statement of 15 April 2025 (docs/sources/); facts as in massacre-1988.ts. Merge fields
// are described in app/letters/merge.ts.
import type { LettersSeed } from "../types";

export const massacre1988Letter: LettersSeed = {
  editable: true,
  maxLength: 4000,
  recipientMode: "residence",
  maxStates: 1,
  maxLettersPerSupporter: 6,
  templates: {
    en: {
      subject: "Request for an independent investigation of the 1988 mass executions in Iran",
      body: `{{salutation}},

I am writing to you as a person living in {{supporter.country}} to ask that {{state}} support accountability for the mass executions of political prisoners in Iran in the summer of 1988.

Thousands of prisoners were executed without fair trial or subjected to enforced disappearance. A newly surfaced audio recording, reported by BBC Persian on 14 April 2025, adds to the evidence: in it, Ayatollah Hossein-Ali Montazeri, then Deputy Supreme Leader, discusses the executions with members of the so-called “Death Commission”. In July 2024, the former UN Special Rapporteur on the situation of human rights in Iran, Professor Javaid Rehman, concluded that the 1988 killings amount to crimes against humanity and genocide.

I respectfully ask {{state}} to:

1. support an independent international investigation into the 1988 massacre;
2. support the Fact-Finding Mission on Iran in investigating the enforced disappearances of 1988 under its expanded mandate;
3. use universal jurisdiction to prosecute those responsible.

The families of the victims have waited more than three decades for the truth. Thank you for your attention to this request.

Yours sincerely,

{{supporter.name}}
{{supporter.city}}`,
    },
    fa: {
      subject: "درخواست تحقیق مستقل دربارهٔ اعدام‌های گستردهٔ سال ۱۳۶۷ در ایران",
      body: `{{salutation}}،

این نامه را به‌عنوان کسی که در {{supporter.country}} زندگی می‌کند می‌نویسم تا از {{state}} بخواهم از پاسخگو کردن مسئولان اعدام گستردهٔ زندانیان سیاسی در تابستان ۱۳۶۷ (۱۹۸۸) در ایران پشتیبانی کند.

هزاران زندانی بدون دادرسی عادلانه اعدام شدند یا قربانی ناپدیدسازی قهری شدند. نوار صوتی تازه‌ای که بی‌بی‌سی فارسی در ۲۵ فروردین ۱۴۰۴ (۱۴ آوریل ۲۰۲۵) از آن خبر داد، بر شواهد موجود می‌افزاید: در این نوار، آیت‌الله حسینعلی منتظری، قائم‌مقام وقت رهبری، با اعضای به‌اصطلاح «هیئت مرگ» دربارهٔ این اعدام‌ها سخن می‌گوید. پروفسور جاوید رحمان، گزارشگر ویژهٔ پیشین سازمان ملل در امور وضعیت حقوق بشر در ایران، در تیر ۱۴۰۳ (ژوئیهٔ ۲۰۲۴) نتیجه گرفت که کشتار ۱۳۶۷ مصداق جنایت علیه بشریت و نسل‌کشی است.

با احترام از {{state}} درخواست می‌کنم:

۱. از تحقیقی مستقل و بین‌المللی دربارهٔ کشتار ۱۳۶۷ پشتیبانی کند؛
۲. از هیئت حقیقت‌یاب دربارهٔ ایران پشتیبانی کند تا در چارچوب مأموریت گسترش‌یافته‌اش، ناپدیدسازی‌های قهری سال ۱۳۶۷ را بررسی کند؛
۳. صلاحیت قضایی جهانی را برای پیگرد مسئولان به کار گیرد.

خانواده‌های قربانیان بیش از سه دهه است که در انتظار حقیقت‌اند. از توجه شما به این درخواست سپاسگزارم.

با احترام،

{{supporter.name}}
{{supporter.city}}`,
    },
  },
};
