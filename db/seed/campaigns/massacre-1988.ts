// The 1988 massacre campaign.
//
// Every fact, name, date and figure below comes from one source: the public statement by Justice for the
// Victims of the 1988 Massacre in Iran (JVMI), London, 15 April 2025, kept in
// docs/sources/source-statement-2025-04-15.txt. Prose is our own paraphrase; the English quotation texts are
// copied verbatim from the statement (massacre-1988.test.ts checks this). The Persian quotation texts are our
// translation of JVMI's English, not Montazeri's original words, and are marked as such.
import type { CampaignSeed } from "../types";
import { massacre1988Letter } from "./massacre-1988-letter";

const EN_QUOTE_ATTRIBUTION =
  "Ayatollah Hossein-Ali Montazeri, in the recording of his second meeting with members of the Death Commission (Qom, believed to be 30 December 1988). Reported by BBC Persian on 14 April 2025; quoted in JVMI’s statement of 15 April 2025.";

const FA_QUOTE_ATTRIBUTION =
  "آیت‌الله حسینعلی منتظری، در نوار دومین دیدارش با اعضای «هیئت مرگ» (قم، که گمان می‌رود در ۹ دی ۱۳۶۷ / ۳۰ دسامبر ۱۹۸۸ بوده باشد). به گزارش بی‌بی‌سی فارسی در ۲۵ فروردین ۱۴۰۴ (۱۴ آوریل ۲۰۲۵) و به نقل از بیانیهٔ JVMI در ۲۶ فروردین ۱۴۰۴ (۱۵ آوریل ۲۰۲۵).";

export const massacre1988: CampaignSeed = {
  slug: "1988-massacre",
  featured: true,
  shareImage: "/images/share/1988-massacre.png",
  letters: massacre1988Letter,
  translations: {
    en: {
      title: "Justice for the victims of Iran’s 1988 massacre",
      summary:
        "A newly surfaced recording of Ayatollah Montazeri’s second meeting with members of the “Death Commission” adds to the evidence about the mass execution of political prisoners in Iran in 1988. We call for an independent international investigation and for those responsible to be brought to justice.",
    },
    fa: {
      title: "عدالت برای قربانیان کشتار ۱۳۶۷ در ایران",
      summary:
        "نوار صوتی تازه‌ای از دومین دیدار آیت‌الله منتظری با اعضای «هیئت مرگ» شواهد بیشتری دربارهٔ اعدام گستردهٔ زندانیان سیاسی در ایران در سال ۱۳۶۷ (۱۹۸۸) به دست می‌دهد. ما خواستار تحقیقی مستقل و بین‌المللی و محاکمهٔ مسئولان این جنایات هستیم.",
    },
  },

  sections: [
    {
      key: "background",
      kind: "prose",
      translations: {
        en: {
          heading: "Background: the killings of 1988",
          bodyMd: `In the summer of 1988, thousands of political prisoners in Iran were executed extrajudicially or subjected to enforced disappearance. Most of them were members and supporters of the People’s Mojahedin Organisation of Iran (PMOI, also known as the MEK); others belonged to other political groups. The killings followed a fatwa issued by Ayatollah Ruhollah Khomeini, then Iran’s Supreme Leader.

In August 2016 an audio recording was released of a meeting between Ayatollah Hossein-Ali Montazeri, then Deputy Supreme Leader, and the Tehran commission that has come to be known as the “Death Commission”. On that tape Montazeri voiced strong opposition to the executions, calling them, in the words quoted by Justice for the Victims of the 1988 Massacre in Iran (JVMI), “the greatest crime committed during the Islamic Republic”. According to JVMI, the recording confirmed that the killings were deliberate and organised, implicated senior officials, and showed that prisoners were sentenced to death for their political beliefs after brief, arbitrary trials.

This campaign is built on a statement that JVMI published in London on 15 April 2025. The facts, figures and quotations on this page are drawn from that statement.`,
        },
        fa: {
          heading: "پیشینه: کشتار ۱۳۶۷",
          bodyMd: `در تابستان ۱۳۶۷ (۱۹۸۸)، هزاران زندانی سیاسی در ایران به‌طور فراقضایی اعدام شدند یا قربانی ناپدیدسازی قهری شدند. بیشتر آنان اعضا و هواداران سازمان مجاهدین خلق ایران بودند و شماری نیز به دیگر گروه‌های سیاسی تعلق داشتند. این کشتار در پی فتوایی صورت گرفت که آیت‌الله روح‌الله خمینی، رهبر وقت جمهوری اسلامی، صادر کرده بود.

در اوت ۲۰۱۶ (۱۳۹۵)، نوار صوتی دیدار آیت‌الله حسینعلی منتظری، قائم‌مقام وقت رهبری، با هیئتی در تهران که به «هیئت مرگ» شهرت یافته است منتشر شد. منتظری در این نوار با اعدام‌ها قاطعانه مخالفت می‌کند و، به تعبیری که نهاد «عدالت برای قربانیان قتل‌عام ۱۹۸۸ در ایران» (JVMI) در بیانیه‌ای به انگلیسی از او نقل کرده است، آن‌ها را «بزرگ‌ترین جنایتی که در دوران جمهوری اسلامی رخ داده است» می‌خواند. به گفتهٔ JVMI، این نوار نشان داد که کشتار عامدانه و سازمان‌یافته بوده است، پای مقام‌های ارشد را به میان کشید و آشکار کرد که زندانیان در محاکمه‌هایی کوتاه و خودسرانه، به سبب عقاید سیاسی‌شان، به مرگ محکوم می‌شدند.

این کمپین بر پایهٔ بیانیه‌ای بنا شده است که JVMI در ۲۶ فروردین ۱۴۰۴ (۱۵ آوریل ۲۰۲۵) در لندن منتشر کرد. واقعیت‌ها، ارقام و نقل‌قول‌های این صفحه از همان بیانیه گرفته شده است.`,
        },
      },
    },
    {
      key: "recording",
      kind: "prose",
      translations: {
        en: {
          heading: "The second recording",
          bodyMd: `On 14 April 2025 BBC Persian reported on a newly surfaced audio recording of a second meeting between Montazeri and members of the Death Commission. JVMI has reviewed the recording. It is incomplete: some segments are reported to have been removed.

The meeting is believed to have taken place at Montazeri’s residence in Qom on 30 December 1988, three months before he was dismissed as Deputy Supreme Leader. Three members of the commission were present:

- Hosseinali Nayyeri, religious judge
- Morteza Eshraqi, Tehran prosecutor
- Ebrahim Raisi, deputy prosecutor

Mostafa Pour-Mohammadi, the representative of the Intelligence Ministry, who had attended the first meeting with Montazeri, was not present at the second.

In JVMI’s assessment, what Montazeri says in the new recording corroborates the findings of the earlier tape and extends them.`,
        },
        fa: {
          heading: "نوار دوم",
          bodyMd: `بی‌بی‌سی فارسی در ۲۵ فروردین ۱۴۰۴ (۱۴ آوریل ۲۰۲۵) از نوار صوتی تازه‌ای خبر داد که دومین دیدار منتظری با اعضای هیئت مرگ را ثبت کرده است. JVMI این نوار را بررسی کرده است. نوار کامل نیست و گفته می‌شود بخش‌هایی از آن حذف شده است.

گمان می‌رود این دیدار در ۹ دی ۱۳۶۷ (۳۰ دسامبر ۱۹۸۸) در اقامتگاه منتظری در قم برگزار شده باشد؛ یعنی سه ماه پیش از برکناری او از مقام قائم‌مقامی رهبری. سه تن از اعضای هیئت در این دیدار حضور داشتند:

- حسینعلی نیری، حاکم شرع
- مرتضی اشراقی، دادستان تهران
- ابراهیم رئیسی، معاون دادستان

مصطفی پورمحمدی، نمایندهٔ وزارت اطلاعات، که در دیدار نخست با منتظری حضور داشت، در دیدار دوم غایب بود.

به ارزیابی JVMI، آنچه منتظری در نوار تازه می‌گوید یافته‌های نوار پیشین را تأیید می‌کند و دامنهٔ آن‌ها را گسترده‌تر می‌کند.`,
        },
      },
    },
    {
      key: "revelations",
      kind: "prose",
      translations: {
        en: {
          heading: "What the recording reveals",
          bodyMd: `JVMI identifies five key revelations in the recording. In summary:

1. **A second fatwa.** Montazeri refers to a second fatwa from Khomeini, allegedly prompted by Nayyeri, that justified executing leftist prisoners on charges of apostasy. Whether a prisoner was an apostate was decided by interrogating them about their religious beliefs and political affiliations.
2. **The scale and brutality of the executions.** Montazeri speaks of the mass execution of 300 women prisoners, two of them French nationals, who had been captured during the PMOI’s “Eternal Light” operation in Kermanshah province, in western Iran. He recounts that Sadegh Khalkhali, a judicial official, confirmed they had been executed and brushed aside his plea to spare the two foreign nationals for the diplomatic leverage they might have offered. For JVMI, the account shows how indiscriminate the killings were, with women prisoners put to death in disregard of international norms.
3. **Women and the law.** Montazeri voices grave concern at the execution of women prisoners and questions whether Islamic jurisprudence gave any basis for it. He recalls the case of a young woman whose file was brought to him from Shiraz: her will, full of references to the Quran and other Islamic texts, bore witness to her faith, yet she was executed for her political sympathies alone. He argues that, even within the authorities’ own legal framework, women who had neither taken up arms nor renounced Islam could not be classed as *mohareb* (“enemies of God”), and he cites scholarly opinion, including that of Ibn Idris, against executing women classed as *mohareb*.
4. **Responsibility at the highest level.** The recording again points to the direct involvement of senior officials, among them Ahmad Khomeini, the Supreme Leader’s son, and the Ministry of Intelligence. Montazeri recalls Ahmad Khomeini urging the execution of “10,000” PMOI supporters merely for reading the group’s publications or statements, which in JVMI’s view indicates that the killings were planned in advance at the top of the state.
5. **Public backlash.** Montazeri describes a growing public disillusionment with the way the country was governed. The executions, he observes, had deepened resentment and lent weight to the opposition’s criticisms; far from suppressing dissent, the harsh treatment was alienating the victims’ families and increasing sympathy for the PMOI.`,
        },
        fa: {
          heading: "آنچه نوار آشکار می‌کند",
          bodyMd: `JVMI پنج نکتهٔ کلیدی را در این نوار برجسته می‌کند. خلاصهٔ آن‌ها چنین است:

1. **فتوای دوم.** منتظری از فتوای دومی از سوی خمینی یاد می‌کند که گفته می‌شود به تحریک نیری صادر شده بود و اعدام زندانیان چپ‌گرا را به اتهام ارتداد روا می‌شمرد. مرتد بودن زندانیان از راه بازجویی دربارهٔ باورهای دینی و وابستگی‌های سیاسی‌شان تعیین می‌شد.
2. **گستره و بی‌رحمی اعدام‌ها.** منتظری به اعدام دسته‌جمعی ۳۰۰ زندانی زن، از جمله دو تبعهٔ فرانسه، اشاره می‌کند که در جریان عملیات «فروغ جاویدان» (مرصاد) سازمان مجاهدین خلق در استان کرمانشاه، در غرب ایران، دستگیر شده بودند. او از گفت‌وگویی با صادق خلخالی، از مقام‌های قضایی، یاد می‌کند که اعدام آنان را تأیید کرد و درخواست منتظری برای زنده نگه داشتن دو تبعهٔ خارجی را، که می‌توانستند اهرمی دیپلماتیک باشند، نادیده گرفت. به نظر JVMI، این روایت نشان می‌دهد که کشتار تا چه اندازه بی‌تمایز بود و زندانیان زن بی‌اعتنا به هنجارهای بین‌المللی اعدام شدند.
3. **زنان و نقض موازین قانونی.** منتظری از اعدام زندانیان زن ابراز نگرانی شدید می‌کند و مبنای فقهی این اعدام‌ها را زیر سؤال می‌برد. او از پروندهٔ زن جوانی یاد می‌کند که از شیراز نزد او آورده شد: وصیت‌نامهٔ این زن، سرشار از ارجاع به قرآن و متون اسلامی، گواه ایمان او بود، اما او تنها به سبب گرایش‌های سیاسی‌اش اعدام شد. منتظری استدلال می‌کند که حتی در چارچوب قوانین خود حکومت، زنانی که نه سلاح به دست گرفته و نه از اسلام روی گردانده بودند نمی‌توانستند «محارب» شمرده شوند، و به آرای فقیهان، از جمله ابن ادریس، استناد می‌کند که با اعدام زنانِ محارب مخالف‌اند.
4. **مسئولیت در بالاترین سطوح.** نوار بار دیگر از دست داشتن مستقیم مقام‌های ارشد، از جمله احمد خمینی، پسر رهبر وقت، و وزارت اطلاعات حکایت می‌کند. منتظری به یاد می‌آورد که احمد خمینی خواستار اعدام «۱۰٬۰۰۰» هوادار سازمان مجاهدین خلق شده بود، تنها به این دلیل که نشریات یا بیانیه‌های این سازمان را می‌خواندند؛ به نظر JVMI، این نشان می‌دهد که کشتار در بالاترین سطوح حکومت از پیش طراحی شده بود.
5. **واکنش عمومی.** منتظری از سرخوردگی فزایندهٔ مردم از شیوهٔ حکمرانی سخن می‌گوید. به گفتهٔ او، اعدام‌ها بر رنجش مردم افزوده و انتقادهای گروه‌های مخالف را در نظرها موجه‌تر کرده بود؛ و این رفتار سخت‌گیرانه، به‌جای خاموش کردن صدای مخالفان، خانواده‌های قربانیان را از حکومت دور می‌کرد و بر همدلی با سازمان مجاهدین خلق می‌افزود.`,
        },
      },
    },
    {
      key: "remarks",
      kind: "quotations",
      translations: {
        en: {
          heading: "In Montazeri’s words",
          bodyMd:
            "The passages below are Montazeri’s words in the recording as reported by BBC Persian on 14 April 2025 and quoted in English in JVMI’s statement of 15 April 2025.",
        },
        fa: {
          heading: "به روایت منتظری",
          bodyMd:
            "آنچه در ادامه می‌آید سخنان منتظری در این نوار است، به گزارش بی‌بی‌سی فارسی در ۲۵ فروردین ۱۴۰۴ (۱۴ آوریل ۲۰۲۵) و به نقل انگلیسی در بیانیهٔ JVMI در ۲۶ فروردین ۱۴۰۴ (۱۵ آوریل ۲۰۲۵)؛ متن فارسی این نقل‌قول‌ها ترجمهٔ ما از متن انگلیسی بیانیه است و عین کلمات منتظری نیست.",
        },
      },
    },
    {
      key: "implications",
      kind: "prose",
      translations: {
        en: {
          heading: "What this means for human rights",
          bodyMd: `According to JVMI, the new recording strengthens the case for recognising the 1988 massacre as both a crime against humanity and genocide, the conclusion reached by Professor Javaid Rehman, the former UN Special Rapporteur on the situation of human rights in Iran, in his Atrocity Crimes report published in July 2024. JVMI holds that the deliberate targeting of a particular group of prisoners, the scale of the killings and their systematic concealment, of which the incomplete state of this very recording is evidence, meet the legal thresholds for both crimes under international law.

JVMI also identifies four violations that the recording brings into focus:

- **Extrajudicial executions.** Prisoners were killed without fair trial, often on vague or fabricated charges.
- **Gender-based violence.** Women prisoners, many of whom were not combatants, were executed, reflecting a pattern of misogyny and disregard for the protections of international humanitarian law.
- **Suppression of dissent.** The killings were intended to eliminate political opposition, in violation of the fundamental rights to freedom of thought and of association.
- **Ongoing impunity.** As Professor Rehman has noted, many of those responsible, judges, prosecutors and intelligence officials among them, still hold senior positions, which underlines the absence of accountability.`,
        },
        fa: {
          heading: "پیامدها از منظر حقوق بشر",
          bodyMd: `به گفتهٔ JVMI، نوار تازه استدلال‌ها برای شناختن کشتار ۱۳۶۷ به‌عنوان جنایت علیه بشریت و نسل‌کشی را تقویت می‌کند؛ همان نتیجه‌ای که پروفسور جاوید رحمان، گزارشگر ویژهٔ پیشین سازمان ملل دربارهٔ وضعیت حقوق بشر در ایران، در گزارش «جنایات فجیع» (Atrocity Crimes) خود که در ژوئیهٔ ۲۰۲۴ (۱۴۰۳) منتشر شد به آن رسیده بود. از نگاه JVMI، هدف قرار دادن عامدانهٔ گروهی مشخص از زندانیان، ابعاد کشتار و پنهان‌کاری نظام‌مند دربارهٔ آن، که ناقص بودن همین نوار خود گواهی بر آن است، آستانه‌های حقوقی لازم برای هر دو جنایت را در حقوق بین‌الملل برآورده می‌کند.

JVMI همچنین چهار نقض مشخص را برمی‌شمارد که این نوار آن‌ها را برجسته می‌کند:

- **اعدام‌های فراقضایی.** زندانیان بدون دادرسی منصفانه و اغلب بر پایهٔ اتهام‌های مبهم یا ساختگی کشته شدند.
- **خشونت مبتنی بر جنسیت.** اعدام زندانیان زن، که بسیاری از آنان در نبرد شرکت نداشتند، نشان‌دهندهٔ الگویی از زن‌ستیزی و بی‌اعتنایی به حمایت‌های حقوق بشردوستانهٔ بین‌المللی است.
- **سرکوب مخالفان.** هدف کشتار ریشه‌کن کردن مخالفان سیاسی بود و حقوق بنیادین آزادی اندیشه و آزادی انجمن را نقض کرد.
- **مصونیت از مجازات که همچنان ادامه دارد.** چنان‌که پروفسور رحمان یادآور شده است، بسیاری از عاملان، از جمله قاضیان، دادستان‌ها و مقام‌های اطلاعاتی، همچنان در مناصب ارشد هستند؛ امری که نبود پاسخ‌گویی را آشکار می‌کند.`,
        },
      },
    },
    {
      key: "timeline",
      kind: "timeline",
      translations: {
        en: {
          heading: "Timeline",
          bodyMd: "Key dates, as given in JVMI’s statement of 15 April 2025.",
        },
        fa: {
          heading: "گاه‌شمار",
          bodyMd: "رویدادهای مهم، بر پایهٔ تاریخ‌هایی که در بیانیهٔ JVMI در ۲۶ فروردین ۱۴۰۴ (۱۵ آوریل ۲۰۲۵) آمده است.",
        },
      },
    },
    {
      key: "action",
      kind: "call_to_action",
      translations: {
        en: {
          heading: "What we are asking for",
          bodyMd: `JVMI has restated its commitment to seeking justice for the victims of the 1988 massacre, and says that the new evidence makes two steps urgent:

1. **An independent international investigation.** The United Nations and other bodies should establish an independent inquiry into the massacre, building on the documentation and survivor testimony that already exist. In particular, the Fact-Finding Mission on Iran (FFMI), whose mandate was expanded in early April 2025, should investigate the crimes against humanity associated with the enforced disappearances of 1988, which JVMI describes as ongoing.
2. **Accountability.** Those responsible, whatever positions they hold today, should be prosecuted for crimes against humanity before international or hybrid tribunals, and the Member States of the United Nations should use universal jurisdiction to bring the perpetrators of the 1988 massacre to trial.

We invite you to sign the petition in support of these demands, and to write to your country’s representatives at the United Nations asking them to act on them.`,
        },
        fa: {
          heading: "آنچه می‌خواهیم",
          bodyMd: `JVMI بر تعهد خود به دادخواهی برای قربانیان کشتار ۱۳۶۷ تأکید کرده و می‌گوید این شواهد تازه ضرورت فوری دو اقدام را نشان می‌دهد:

1. **تحقیق مستقل بین‌المللی.** سازمان ملل متحد و دیگر نهادها باید تحقیقی مستقل دربارهٔ این کشتار آغاز کنند که بر مستندات موجود و شهادت بازماندگان استوار باشد. به‌ویژه، هیئت حقیقت‌یاب دربارهٔ ایران (FFMI)، که دامنهٔ مأموریتش در اوایل آوریل ۲۰۲۵ (فروردین ۱۴۰۴) گسترش یافت، باید جنایات علیه بشریتِ مرتبط با ناپدیدسازی‌های قهری سال ۱۳۶۷ را، که به گفتهٔ JVMI همچنان ادامه دارند، بررسی کند.
2. **پاسخ‌گویی.** عاملان، هر جایگاهی که امروز داشته باشند، باید به اتهام جنایت علیه بشریت در دادگاه‌های بین‌المللی یا ترکیبی محاکمه شوند، و کشورهای عضو سازمان ملل متحد باید با به‌کارگیری صلاحیت قضایی جهانی، عاملان کشتار ۱۳۶۷ را تحت پیگرد قرار دهند.

از شما دعوت می‌کنیم در پشتیبانی از این خواسته‌ها دادخواست را امضا کنید و به نمایندگان کشورتان در سازمان ملل متحد نامه بنویسید و از آنان بخواهید برای تحقق این خواسته‌ها اقدام کنند.`,
        },
      },
    },
    {
      key: "sources",
      kind: "sources",
      translations: {
        en: {
          heading: "Sources",
          bodyMd:
            "This campaign is built on JVMI’s statement of 15 April 2025. The other items listed are sources referred to in that statement; they are not linked because the statement gives no addresses for them.",
        },
        fa: {
          heading: "منابع",
          bodyMd:
            "این کمپین بر پایهٔ بیانیهٔ JVMI در ۲۶ فروردین ۱۴۰۴ (۱۵ آوریل ۲۰۲۵) تهیه شده است. دیگر موارد فهرست منابعی‌اند که آن بیانیه به آن‌ها اشاره می‌کند؛ چون بیانیه نشانی‌ای برای آن‌ها به دست نمی‌دهد، پیوندی به آن‌ها نداده‌ایم.",
        },
      },
    },
  ],

  // In the statement's order. English `text` is verbatim from the statement, without the outer quotation marks.
  quotations: [
    {
      key: "ahmad-khomeini",
      translations: {
        en: {
          topic: "On Ahmad Khomeini’s Role",
          text: "I told Ahmad Agha, I said, ‘I hold you and the Intelligence Ministry responsible for all these crimes.’ I said, ‘Mr. Khomeini is sitting there, and you go and create this atmosphere; this isn’t right.’… I blame everything on the Intelligence Ministry and Ahmad Agha. I said, ‘You yourself told me that 10,000 of those who read the pamphlets of these hypocrites (PMOI members) should be executed.’ That’s why you did it.",
          attribution: EN_QUOTE_ATTRIBUTION,
          isTranslation: false,
        },
        fa: {
          topic: "دربارهٔ نقش احمد خمینی",
          text: "به احمد آقا گفتم، گفتم: «من شما و وزارت اطلاعات را مسئول همهٔ این جنایت‌ها می‌دانم.» گفتم: «آقای خمینی آن‌جا نشسته است و شما می‌روید و این جو را درست می‌کنید؛ این درست نیست.»… من تقصیر همه‌چیز را به گردن وزارت اطلاعات و احمد آقا می‌اندازم. گفتم: «خودت به من گفتی که ۱۰٬۰۰۰ نفر از کسانی که جزوه‌های این منافقین (اعضای سازمان مجاهدین خلق) را می‌خوانند باید اعدام شوند.» برای همین این کار را کردید.",
          attribution: FA_QUOTE_ATTRIBUTION,
          isTranslation: true,
        },
      },
    },
    {
      key: "public-sentiment",
      translations: {
        en: {
          topic: "On Public Sentiment",
          text: "The concept of Velayat-e Faqih has become repulsive to the people; the people are fed up with it… The very families we’ve now killed are all saying that the hypocrites were right… If we had attracted them with kindness, compassion, and such things, their numbers would have decreased, but instead, we keep increasing them.",
          attribution: EN_QUOTE_ATTRIBUTION,
          isTranslation: false,
        },
        fa: {
          topic: "دربارهٔ افکار عمومی",
          text: "مفهوم ولایت فقیه برای مردم نفرت‌انگیز شده است؛ مردم از آن به ستوه آمده‌اند… همین خانواده‌هایی که حالا کشته‌ایم همه می‌گویند که منافقین حق داشتند… اگر آن‌ها را با مهربانی و محبت و این‌جور چیزها جذب کرده بودیم، تعدادشان کم می‌شد، اما در عوض مدام بر تعدادشان می‌افزاییم.",
          attribution: FA_QUOTE_ATTRIBUTION,
          isTranslation: true,
        },
      },
    },
    {
      key: "eternal-light",
      translations: {
        en: {
          topic: "On the Execution of Women Prisoners from the Eternal Light Operation",
          text: "Mr. Khalkhali was sitting right here and said 300 girls were brought in, supposedly involved in Mersad (Operation Eternal Light), in Bakhtaran (Kermanshah province), and two of them were French nationals. Incidentally, Khalkhali said he was there. I said, ‘Now, execute everyone… but don’t execute these two French girls.’… They said, ‘No, execute them.’… I read that a committee has been formed in France to investigate… This woman was captured in Mersad, bang! That’s it. Did we realise how much we could have negotiated with France for those two girls, with prisoners or something else?",
          attribution: EN_QUOTE_ATTRIBUTION,
          isTranslation: false,
        },
        fa: {
          topic: "دربارهٔ اعدام زندانیان زن دستگیرشده در عملیات فروغ جاویدان",
          text: "آقای خلخالی همین‌جا نشسته بود و گفت ۳۰۰ دختر را آوردند که گویا در مرصاد (عملیات فروغ جاویدان) دست داشتند، در باختران (استان کرمانشاه)، و دو نفرشان تبعهٔ فرانسه بودند. اتفاقاً خلخالی گفت که خودش آن‌جا بوده است. گفتم: «حالا همه را اعدام کنید… ولی این دو دختر فرانسوی را اعدام نکنید.»… گفتند: «نه، اعدامشان کنید.»… خواندم که در فرانسه کمیته‌ای برای تحقیق تشکیل شده است… این زن در مرصاد دستگیر شد، تق! تمام. آیا فهمیدیم که برای آن دو دختر چقدر می‌توانستیم با فرانسه مذاکره کنیم، بر سر زندانیان یا چیز دیگری؟",
          attribution: FA_QUOTE_ATTRIBUTION,
          isTranslation: true,
        },
      },
    },
    {
      key: "shiraz",
      translations: {
        en: {
          topic: "On the Execution of a Female Prisoner from Shiraz",
          text: "One night, Eslami from Shiraz brought a file, a girl from Tehran… He brought her will… This girl wrote to her parents, ‘Don’t be upset, the world is transient,’ citing the Quran, Nahj al-Balagha, and such things… I asked, ‘Does this girl have a history of murder or something?’ He said, ‘No, she was just a supporter.’… From head to toe, her will was radiant with light… Islamic law says that if a woman doesn’t believe in God, the Prophet, the Quran, or anything, she’s an apostate, then she can’t be killed… This girl who believes in God, the Prophet, the Quran, everything, but just says, ‘This Islamic Republic isn’t to my taste,’ can she be executed? Is this what jurisprudence has become?",
          attribution: EN_QUOTE_ATTRIBUTION,
          isTranslation: false,
        },
        fa: {
          topic: "دربارهٔ اعدام یک زندانی زن از شیراز",
          text: "یک شب، اسلامی از شیراز پرونده‌ای آورد، دختری اهل تهران… وصیت‌نامه‌اش را آورد… این دختر به پدر و مادرش نوشته بود: «ناراحت نباشید، دنیا گذراست»، و به قرآن و نهج‌البلاغه و این‌جور چیزها استناد کرده بود… پرسیدم: «آیا این دختر سابقهٔ قتل یا چیزی از این قبیل دارد؟» گفت: «نه، فقط هوادار بود.»… سر تا پای وصیت‌نامه‌اش نورانی بود… شرع اسلام می‌گوید اگر زنی به خدا، پیامبر، قرآن یا هیچ چیز اعتقاد نداشته باشد، مرتد است، آن‌وقت نمی‌شود او را کشت… این دختری که به خدا، پیامبر، قرآن، همه‌چیز اعتقاد دارد، ولی فقط می‌گوید «این جمهوری اسلامی با سلیقهٔ من جور نیست»، آیا می‌شود اعدامش کرد؟ آیا فقه این شده است؟",
          attribution: FA_QUOTE_ATTRIBUTION,
          isTranslation: true,
        },
      },
    },
    {
      key: "women-legal-status",
      translations: {
        en: {
          topic: "On the Legal Status of Women Prisoners",
          text: "I even have doubts about women and girls. Ibn Idris claims it’s widely accepted that a female mohareb cannot be executed. Many of them weren’t mohareb anyway; a mohareb is someone who takes up arms. In reality, many of them had just read pamphlets and then ended up in prison.",
          attribution: EN_QUOTE_ATTRIBUTION,
          isTranslation: false,
        },
        fa: {
          topic: "دربارهٔ وضعیت حقوقی زندانیان زن",
          text: "من حتی دربارهٔ زن‌ها و دخترها هم تردید دارم. ابن ادریس ادعا می‌کند مشهور است که زنِ محارب را نمی‌توان اعدام کرد. بسیاری از آن‌ها اصلاً محارب نبودند؛ محارب کسی است که دست به سلاح می‌برد. در واقع بسیاری از آن‌ها فقط جزوه خوانده بودند و بعد سر از زندان درآورده بودند.",
          attribution: FA_QUOTE_ATTRIBUTION,
          isTranslation: true,
        },
      },
    },
    {
      key: "consequences",
      translations: {
        en: {
          topic: "On the Regime’s Approach and Consequences",
          text: "The international community has condemned us so much, families are all grieving, upset. The solution was what I said that day [in the first meeting]. Those who were organising in prisons or connected to them, Eshraqi would come, try them, convict them—say 100 people—then execute those 100, and we’d announce, ‘Yes, they did this.’… But now we’ve done something that aligns with neither Sharia nor logic.",
          attribution: EN_QUOTE_ATTRIBUTION,
          isTranslation: false,
        },
        fa: {
          topic: "دربارهٔ رویکرد حکومت و پیامدهای آن",
          text: "جامعهٔ بین‌المللی این‌قدر ما را محکوم کرده است، خانواده‌ها همه داغدار و ناراحت‌اند. راه‌حل همان بود که آن روز [در جلسهٔ اول] گفتم. کسانی که در زندان‌ها سازمان‌دهی می‌کردند یا با آن‌ها مرتبط بودند، اشراقی می‌آمد، محاکمه‌شان می‌کرد، محکومشان می‌کرد — مثلاً ۱۰۰ نفر — بعد همان ۱۰۰ نفر را اعدام می‌کردند و ما اعلام می‌کردیم: «بله، این‌ها چنین کاری کرده بودند.»… اما حالا کاری کرده‌ایم که نه با شرع جور درمی‌آید و نه با عقل.",
          attribution: FA_QUOTE_ATTRIBUTION,
          isTranslation: true,
        },
      },
    },
    {
      key: "image",
      translations: {
        en: {
          topic: "On Preserving the Regime’s Image",
          text: "I wished that the sanctity of Velayat-e Faqih would remain respected, as it was when Mr. Khomeini first came to Iran, inspiring hope in everyone. Everyone loved him. I wished he could stay that way.",
          attribution: EN_QUOTE_ATTRIBUTION,
          isTranslation: false,
        },
        fa: {
          topic: "دربارهٔ حفظ وجههٔ حکومت",
          text: "آرزو داشتم حرمت ولایت فقیه محفوظ بماند، همان‌گونه که وقتی آقای خمینی تازه به ایران آمده بود محفوظ بود و در دل همه امید می‌آفرید. همه دوستش داشتند. آرزو داشتم همان‌طور بماند.",
          attribution: FA_QUOTE_ATTRIBUTION,
          isTranslation: true,
        },
      },
    },
  ],

  // Only events the statement dates. Ordered chronologically.
  timeline: [
    {
      date: "1988",
      approximate: true,
      translations: {
        en: {
          title: "Mass executions of political prisoners",
          description:
            "In the summer of 1988, following a fatwa issued by Ayatollah Ruhollah Khomeini, then Supreme Leader, thousands of political prisoners, most of them members and supporters of the PMOI (MEK), are executed extrajudicially or subjected to enforced disappearance.",
        },
        fa: {
          title: "اعدام گستردهٔ زندانیان سیاسی",
          description:
            "در تابستان ۱۳۶۷ (۱۹۸۸)، در پی فتوای آیت‌الله روح‌الله خمینی، رهبر وقت جمهوری اسلامی، هزاران زندانی سیاسی، که بیشترشان اعضا و هواداران سازمان مجاهدین خلق ایران بودند، به‌طور فراقضایی اعدام می‌شوند یا قربانی ناپدیدسازی قهری می‌شوند.",
        },
      },
    },
    {
      date: "1988-12-30",
      translations: {
        en: {
          title: "Montazeri’s second meeting with the Death Commission",
          description:
            "The second meeting between Ayatollah Montazeri and members of the Death Commission, Hosseinali Nayyeri, Morteza Eshraqi and Ebrahim Raisi, is believed to have taken place on this date at Montazeri’s residence in Qom.",
        },
        fa: {
          title: "دومین دیدار منتظری با هیئت مرگ",
          description:
            "گمان می‌رود دومین دیدار آیت‌الله منتظری با اعضای هیئت مرگ، یعنی حسینعلی نیری، مرتضی اشراقی و ابراهیم رئیسی، در ۹ دی ۱۳۶۷ (۳۰ دسامبر ۱۹۸۸) در اقامتگاه منتظری در قم برگزار شده باشد.",
        },
      },
    },
    {
      date: "1989",
      approximate: true,
      translations: {
        en: {
          title: "Montazeri dismissed as Deputy Supreme Leader",
          description: "About three months after the second meeting, Montazeri is dismissed as Deputy Supreme Leader.",
        },
        fa: {
          title: "برکناری منتظری از قائم‌مقامی رهبری",
          description: "حدود سه ماه پس از دیدار دوم، منتظری از مقام قائم‌مقامی رهبری برکنار می‌شود.",
        },
      },
    },
    {
      date: "2016-08",
      translations: {
        en: {
          title: "Recording of the first meeting released",
          description:
            "An audio recording of Montazeri’s first meeting with the Tehran Death Commission is released. In it he voices strong opposition to the executions.",
        },
        fa: {
          title: "انتشار نوار دیدار نخست",
          description:
            "در اوت ۲۰۱۶ (۱۳۹۵)، نوار صوتی نخستین دیدار منتظری با هیئت مرگ تهران منتشر می‌شود. او در این نوار با اعدام‌ها قاطعانه مخالفت می‌کند.",
        },
      },
    },
    {
      date: "2024-07",
      translations: {
        en: {
          title: "Atrocity Crimes report",
          description:
            "Professor Javaid Rehman, former UN Special Rapporteur on the situation of human rights in Iran, publishes his Atrocity Crimes report, which concludes that the 1988 massacre constitutes both a crime against humanity and genocide.",
        },
        fa: {
          title: "گزارش «جنایات فجیع»",
          description:
            "در ژوئیهٔ ۲۰۲۴ (۱۴۰۳)، پروفسور جاوید رحمان، گزارشگر ویژهٔ پیشین سازمان ملل دربارهٔ وضعیت حقوق بشر در ایران، گزارش «جنایات فجیع» (Atrocity Crimes) خود را منتشر می‌کند که کشتار ۱۳۶۷ را هم جنایت علیه بشریت و هم نسل‌کشی می‌داند.",
        },
      },
    },
    {
      date: "2025-04",
      approximate: true,
      translations: {
        en: {
          title: "Mandate of the Fact-Finding Mission on Iran expanded",
          description: "In early April 2025, the mandate of the Fact-Finding Mission on Iran (FFMI) is expanded.",
        },
        fa: {
          title: "گسترش مأموریت هیئت حقیقت‌یاب دربارهٔ ایران",
          description: "در اوایل آوریل ۲۰۲۵ (فروردین ۱۴۰۴)، دامنهٔ مأموریت هیئت حقیقت‌یاب دربارهٔ ایران (FFMI) گسترش می‌یابد.",
        },
      },
    },
    {
      date: "2025-04-14",
      translations: {
        en: {
          title: "BBC Persian reports the second recording",
          description:
            "BBC Persian reports on a newly surfaced, incomplete audio recording of Montazeri’s second meeting with members of the Death Commission.",
        },
        fa: {
          title: "گزارش بی‌بی‌سی فارسی از نوار دوم",
          description:
            "در ۲۵ فروردین ۱۴۰۴ (۱۴ آوریل ۲۰۲۵)، بی‌بی‌سی فارسی از نوار صوتی تازه و ناقصی از دومین دیدار منتظری با اعضای هیئت مرگ خبر می‌دهد.",
        },
      },
    },
    {
      date: "2025-04-15",
      translations: {
        en: {
          title: "JVMI publishes its statement",
          description:
            "In London, JVMI publishes a statement on the recording, setting out its key revelations and calling for an independent international investigation and for those responsible to be held to account.",
        },
        fa: {
          title: "انتشار بیانیهٔ JVMI",
          description:
            "در ۲۶ فروردین ۱۴۰۴ (۱۵ آوریل ۲۰۲۵)، JVMI در لندن بیانیه‌ای دربارهٔ این نوار منتشر می‌کند که نکته‌های کلیدی آن را برمی‌شمارد و خواستار تحقیقی مستقل و بین‌المللی و پاسخ‌گو کردن مسئولان می‌شود.",
        },
      },
    },
  ],

  // No URLs: the statement gives none.
  sources: [
    {
      key: "jvmi-statement",
      publishedOn: "2025-04-15",
      translations: {
        en: {
          title: "New Audio Evidence Reveals Further Details of Iran’s 1988 Massacre",
          publisher: "Justice for the Victims of the 1988 Massacre in Iran (JVMI)",
          note: "Public statement issued in London. The facts, figures and quotations on this page are taken from it.",
        },
        fa: {
          title: "شواهد صوتی تازه جزئیات بیشتری از کشتار ۱۹۸۸ در ایران را آشکار می‌کند",
          publisher: "عدالت برای قربانیان قتل‌عام ۱۹۸۸ در ایران (JVMI)",
          note: "بیانیهٔ عمومی منتشرشده در لندن به زبان انگلیسی؛ عنوان فارسی ترجمهٔ ماست. واقعیت‌ها، ارقام و نقل‌قول‌های این صفحه از این بیانیه گرفته شده است.",
        },
      },
    },
    {
      key: "bbc-persian-report",
      publishedOn: "2025-04-14",
      translations: {
        en: {
          title: "BBC Persian report on the audio recording of Montazeri’s second meeting with the Death Commission",
          publisher: "BBC Persian",
          note: "JVMI’s statement does not give the report’s title; this description is ours.",
        },
        fa: {
          title: "گزارش بی‌بی‌سی فارسی دربارهٔ نوار صوتی دومین دیدار منتظری با هیئت مرگ",
          publisher: "بی‌بی‌سی فارسی",
          note: "بیانیهٔ JVMI عنوان این گزارش را ذکر نکرده است؛ این توصیف از ماست.",
        },
      },
    },
    {
      key: "first-meeting-recording",
      publishedOn: "2016-08",
      translations: {
        en: {
          title: "Audio recording of Montazeri’s first meeting with the Tehran Death Commission",
          publisher: "Not named in JVMI’s statement",
          note: "Released in August 2016. JVMI’s statement does not say by whom.",
        },
        fa: {
          title: "نوار صوتی نخستین دیدار منتظری با هیئت مرگ تهران",
          publisher: "در بیانیهٔ JVMI ذکر نشده است",
          note: "در اوت ۲۰۱۶ (۱۳۹۵) منتشر شد. بیانیهٔ JVMI نمی‌گوید چه کسی آن را منتشر کرد.",
        },
      },
    },
    {
      key: "rehman-atrocity-crimes",
      publishedOn: "2024-07",
      translations: {
        en: {
          title: "Atrocity Crimes report",
          publisher: "Professor Javaid Rehman, former UN Special Rapporteur on the situation of human rights in Iran",
          note: "According to JVMI’s statement, the report concludes that the 1988 massacre constitutes both a crime against humanity and genocide.",
        },
        fa: {
          title: "گزارش «جنایات فجیع» (Atrocity Crimes)",
          publisher: "پروفسور جاوید رحمان، گزارشگر ویژهٔ پیشین سازمان ملل دربارهٔ وضعیت حقوق بشر در ایران",
          note: "به گفتهٔ بیانیهٔ JVMI، این گزارش کشتار ۱۳۶۷ را هم جنایت علیه بشریت و هم نسل‌کشی می‌داند. عنوان فارسی ترجمهٔ ماست.",
        },
      },
    },
  ],

  petitions: [
    {
      slug: "1988-massacre-justice",
      goal: 10000,
      status: "open",
      translations: {
        en: {
          title: "Justice for the victims of the 1988 massacre in Iran",
          addressee: "The Member States of the United Nations",
          bodyMd: `We, the undersigned, write to you about the killing of thousands of political prisoners in Iran in the summer of 1988. Most were members and supporters of the People’s Mojahedin Organisation of Iran; others belonged to other political groups. Following a fatwa by Ayatollah Ruhollah Khomeini, they were executed without fair trial or subjected to enforced disappearance.

A newly surfaced recording of Ayatollah Hossein-Ali Montazeri, reported by BBC Persian on 14 April 2025, adds to what was already known, including about the execution of women prisoners and the involvement of senior officials. As Professor Javaid Rehman, former UN Special Rapporteur on the situation of human rights in Iran, has noted, many of those responsible still hold senior positions, and there has been no accountability.

We ask you to:

1. support an independent international investigation into the 1988 massacre;
2. ensure that the Fact-Finding Mission on Iran, under its expanded mandate, investigates the enforced disappearances of 1988 as ongoing crimes against humanity;
3. use universal jurisdiction to prosecute those responsible.`,
        },
        fa: {
          title: "عدالت برای قربانیان کشتار ۱۳۶۷ در ایران",
          addressee: "کشورهای عضو سازمان ملل متحد",
          bodyMd: `ما، امضاکنندگان زیر، دربارهٔ کشتار هزاران زندانی سیاسی در ایران در تابستان ۱۳۶۷ (۱۹۸۸) به شما می‌نویسیم. بیشتر آنان اعضا و هواداران سازمان مجاهدین خلق ایران بودند و شماری نیز به دیگر گروه‌های سیاسی تعلق داشتند. آنان در پی فتوای آیت‌الله روح‌الله خمینی، بی‌آنکه از دادرسی منصفانه برخوردار شوند، اعدام شدند یا قربانی ناپدیدسازی قهری شدند.

نوار صوتی تازه‌ای از آیت‌الله حسینعلی منتظری، که بی‌بی‌سی فارسی در ۲۵ فروردین ۱۴۰۴ (۱۴ آوریل ۲۰۲۵) از آن خبر داد، بر دانسته‌های پیشین می‌افزاید؛ از جمله دربارهٔ اعدام زندانیان زن و نقش مقام‌های ارشد. چنان‌که پروفسور جاوید رحمان، گزارشگر ویژهٔ پیشین سازمان ملل دربارهٔ وضعیت حقوق بشر در ایران، یادآور شده است، بسیاری از عاملان همچنان در مناصب ارشد هستند و هیچ پاسخ‌گویی‌ای در کار نبوده است.

از شما می‌خواهیم:

1. از تحقیقی مستقل و بین‌المللی دربارهٔ کشتار ۱۳۶۷ پشتیبانی کنید؛
2. اطمینان حاصل کنید که هیئت حقیقت‌یاب دربارهٔ ایران، در چارچوب مأموریت گسترش‌یافته‌اش، ناپدیدسازی‌های قهری سال ۱۳۶۷ را به‌عنوان جنایات علیه بشریتی که همچنان ادامه دارند بررسی کند؛
3. صلاحیت قضایی جهانی را برای پیگرد مسئولان این جنایات به کار گیرید.`,
        },
      },
    },
  ],
};
