// Supporters' rights, unsubscribing, discreet emails, and the privacy notice.
import { fragment } from "./fragment";

export const privacyMessages = fragment(
  {
    "rights.title": "Your data",
    "rights.intro":
      "You can ask for a copy of the data this site holds about your email address, or for its erasure. The answer goes to that address only, so nobody else can learn whether it signed anything or wrote a letter.",
    "rights.email.label": "Your email address",
    "rights.kind.legend": "What would you like?",
    "rights.kind.copy": "A copy of my data",
    "rights.kind.erase": "Erase my data",
    "rights.submit": "Send my request",
    "rights.sent.title": "Check your email",
    "rights.sent.body": "We have sent the answer to the address you gave. It can take a few minutes to arrive; look in your spam folder too.",
    "rights.erase.title": "Erase your data",
    "rights.erase.body":
      "This erases your signatures (they leave every count) and your letter submissions, with everything that identifies you. Letters already delivered to missions cannot be recalled. This cannot be undone.",
    "rights.erase.button": "Erase my data",
    "rights.erase.done": "Your data has been erased.",
    "rights.erase.invalid": (p: { days: string }) => `This link has expired (links are valid for ${p.days} days), has already been used, or is incomplete.`,
    "unsubscribe.title": "Stop campaign updates",
    "unsubscribe.body": "You will no longer receive updates about the campaigns you signed. Your signatures stay counted.",
    "unsubscribe.button": "Stop the updates",
    "unsubscribe.done": "Done: you will receive no more updates.",
    "unsubscribe.invalid": "This link is not valid.",
    "footer.privacy": "Privacy",
    "footer.myData": "Your data",

    "email.unsubscribe": "To stop campaign updates:",
    "email.dataCopy.subject": "A copy of your data",
    "email.dataCopy.intro": "Here is the data this site holds about this email address.",
    "email.dataCopy.none": "This site holds no data about this email address.",
    "email.dataCopy.signatures": "Signatures",
    "email.dataCopy.letters": "Letters",
    "email.dataCopy.signature": (p: { petition: string; name: string; country: string; status: string; date: string }) =>
      `“${p.petition}”: ${p.name}, ${p.country}, ${p.status}, signed on ${p.date}`,
    "email.dataCopy.choices": (p: { shown: string; updates: string }) => `Shown publicly: ${p.shown}. Campaign updates: ${p.updates}.`,
    "email.dataCopy.comment": (p: { comment: string }) => `Comment: ${p.comment}`,
    "email.dataCopy.letter": (p: { date: string; name: string; country: string; appear: string }) => `${p.date}: ${p.name}, ${p.country} (${p.appear})`,
    "email.dataCopy.recipient": (p: { name: string; status: string }) => `to ${p.name}: ${p.status}`,
    "email.dataCopy.withName": "signed with name and email",
    "email.dataCopy.withheld": "signed as a verified supporter",
    "email.dataCopy.yes": "yes",
    "email.dataCopy.no": "no",
    "email.dataCopy.erase": "To erase it, make a request here:",
    "email.dataErase.subject": "Your erasure request",
    "email.dataErase.action": (p: { days: string }) =>
      `To erase everything this site holds about this email address, open this link within ${p.days} days and press the button:`,
    "email.dataErase.none": "This site holds no data about this email address: there is nothing to erase.",
    "email.dataErase.ignore": "If you did not ask for this, ignore this message: nothing will be erased.",
    "email.discreet.from": "Notifications",
    "email.discreet.confirmSubject": "Your confirmation link",
    "email.discreet.subject": "About your request",
    "email.discreet.confirmIntro": "Thank you for your request on our website.",
    "email.discreet.thanks": "Thank you: your confirmation has been recorded.",
    "email.discreet.already": "We received your request again. It was already confirmed; there is nothing more to do.",

    "privacy.notice.title": "Privacy notice",
    "privacy.notice.intro":
      "This notice is generated from the settings this site actually runs with. It says what is kept, for how long, who sees it, and how it is protected.",
    "privacy.notice.collect": "What we ask for, and why",
    "privacy.notice.collect.signature":
      "To sign a petition: your name, email address and country of residence, and optionally a comment. The name is what a petition to governments carries; the email confirms that you signed and counts you once; the country shows where support comes from.",
    "privacy.notice.collect.letter":
      "To write a letter: your name, email address, country of residence and optionally your city. The email confirms that you wrote it; you choose whether the mission sees your name and email or only that you are a verified supporter from your country.",
    "privacy.notice.collect.technical":
      "Your network address is used only to limit abuse, kept as a keyed hash (not the address itself), and dropped after a fixed time.",
    "privacy.notice.who": "Who sees what",
    "privacy.notice.who.public": (p: { threshold: string }) =>
      `Publicly: the count of signatures; counts per country (below ${p.threshold} shown only as “fewer than ${p.threshold}”); the first name and initial of signers who chose to be listed; comments staff approved.`,
    "privacy.notice.who.staff":
      "Our staff: names, emails and comments, through accounts protected by strong passwords and two-factor authentication; every export of signatures is recorded.",
    "privacy.notice.who.un": "The United Nations and member states: the names and countries of confirmed signers, never email addresses.",
    "privacy.notice.who.missions": "The missions you write to: your letter, with your name and email only if you chose so.",
    "privacy.notice.keep": "How long",
    "privacy.notice.keep.pending": (p: { days: string }) => `Unconfirmed signatures and letters: deleted after ${p.days} days.`,
    "privacy.notice.keep.signatures": (p: { days: string }) =>
      `Names, emails and comments of signers: anonymised ${p.days} days after the petition closes; only the count by country remains.`,
    "privacy.notice.keep.letters": (p: { days: string }) => `Letter texts and their writers' names, emails and cities: erased ${p.days} days after delivery.`,
    "privacy.notice.keep.ip": (p: { days: string }) => `Hashes of network addresses: dropped after ${p.days} days.`,
    "privacy.notice.protect": "How it is protected",
    "privacy.notice.protect.encryption":
      "Names, emails, comments, cities and letter texts are stored encrypted; the keys are kept apart from the database.",
    "privacy.notice.protect.thirdParties":
      "This site loads nothing from other companies: no analytics, no advertising, no fonts or scripts from elsewhere, no tracking cookies. A cookie is set only when you confirm a letter (to spare you a second confirmation within the hour) or when staff sign in.",
    "privacy.notice.protect.logs": "Our server logs contain no names, email addresses or links from our emails.",
    "privacy.notice.protect.discreet": "Campaigns may use discreet emails: a neutral sender and subjects that do not name the cause.",
    "privacy.notice.rights": "Your rights",
    "privacy.notice.rights.body":
      "You can withdraw a signature with the link in our emails, stop updates with one click, and ask for a copy of your data or its erasure on the “Your data” page. Answers are sent by email only.",
    "privacy.notice.rights.link": "Ask for a copy of your data, or its erasure",
  },
  {
    "rights.title": "اطلاعات شما",
    "rights.intro":
      "می‌توانید رونوشتی از اطلاعاتی که این وبگاه دربارهٔ نشانی ایمیل شما نگه می‌دارد یا پاک شدن آن را درخواست کنید. پاسخ تنها به همان نشانی فرستاده می‌شود تا کس دیگری نتواند بفهمد آن نشانی چیزی را امضا کرده یا نامه‌ای نوشته است.",
    "rights.email.label": "نشانی ایمیل شما",
    "rights.kind.legend": "چه می‌خواهید؟",
    "rights.kind.copy": "رونوشتی از اطلاعاتم",
    "rights.kind.erase": "پاک شدن اطلاعاتم",
    "rights.submit": "فرستادن درخواست",
    "rights.sent.title": "ایمیل خود را ببینید",
    "rights.sent.body": "پاسخ را به نشانی‌ای که دادید فرستادیم. ممکن است چند دقیقه طول بکشد تا برسد؛ پوشهٔ هرزنامه را هم ببینید.",
    "rights.erase.title": "پاک کردن اطلاعات شما",
    "rights.erase.body":
      "با این کار امضاهای شما (که از همهٔ شمارش‌ها کنار می‌روند) و نامه‌هایی که فرستاده‌اید، همراه با هر چیزی که شما را شناسایی می‌کند، پاک می‌شوند. نامه‌هایی که به نمایندگی‌ها تحویل شده‌اند پس گرفته نمی‌شوند. این کار بازگشت‌پذیر نیست.",
    "rights.erase.button": "پاک کردن اطلاعاتم",
    "rights.erase.done": "اطلاعات شما پاک شد.",
    "rights.erase.invalid": (p) => `این پیوند منقضی شده (پیوندها ${p.days} روز اعتبار دارند)، پیش‌تر به کار رفته، یا ناقص است.`,
    "unsubscribe.title": "توقف خبرهای کارزار",
    "unsubscribe.body": "دیگر خبری دربارهٔ کارزارهایی که امضا کرده‌اید دریافت نخواهید کرد. امضاهای شما همچنان شمرده می‌شوند.",
    "unsubscribe.button": "توقف خبرها",
    "unsubscribe.done": "انجام شد: دیگر خبری دریافت نخواهید کرد.",
    "unsubscribe.invalid": "این پیوند معتبر نیست.",
    "footer.privacy": "حریم خصوصی",
    "footer.myData": "اطلاعات شما",

    "email.unsubscribe": "برای توقف خبرهای کارزار:",
    "email.dataCopy.subject": "رونوشتی از اطلاعات شما",
    "email.dataCopy.intro": "این اطلاعاتی است که این وبگاه دربارهٔ این نشانی ایمیل نگه می‌دارد.",
    "email.dataCopy.none": "این وبگاه هیچ اطلاعاتی دربارهٔ این نشانی ایمیل ندارد.",
    "email.dataCopy.signatures": "امضاها",
    "email.dataCopy.letters": "نامه‌ها",
    "email.dataCopy.signature": (p) => `«${p.petition}»: ${p.name}، ${p.country}، ${p.status}، امضا در ${p.date}`,
    "email.dataCopy.choices": (p) => `نمایش عمومی: ${p.shown}. خبرهای کارزار: ${p.updates}.`,
    "email.dataCopy.comment": (p) => `یادداشت: ${p.comment}`,
    "email.dataCopy.letter": (p) => `${p.date}: ${p.name}، ${p.country} (${p.appear})`,
    "email.dataCopy.recipient": (p) => `به ${p.name}: ${p.status}`,
    "email.dataCopy.withName": "با نام و ایمیل",
    "email.dataCopy.withheld": "به‌عنوان حامی تأییدشده",
    "email.dataCopy.yes": "بله",
    "email.dataCopy.no": "نه",
    "email.dataCopy.erase": "برای پاک کردن آن، از اینجا درخواست دهید:",
    "email.dataErase.subject": "درخواست پاک کردن اطلاعات شما",
    "email.dataErase.action": (p) => `برای پاک کردن همهٔ اطلاعاتی که این وبگاه دربارهٔ این نشانی ایمیل دارد، این پیوند را تا ${p.days} روز باز کنید و دکمه را بزنید:`,
    "email.dataErase.none": "این وبگاه هیچ اطلاعاتی دربارهٔ این نشانی ایمیل ندارد: چیزی برای پاک کردن نیست.",
    "email.dataErase.ignore": "اگر شما این درخواست را نداده‌اید، این پیام را نادیده بگیرید: چیزی پاک نخواهد شد.",
    "email.discreet.from": "اطلاع‌رسانی",
    "email.discreet.confirmSubject": "پیوند تأیید شما",
    "email.discreet.subject": "دربارهٔ درخواست شما",
    "email.discreet.confirmIntro": "از درخواست شما در وبگاه ما سپاسگزاریم.",
    "email.discreet.thanks": "سپاسگزاریم: تأیید شما ثبت شد.",
    "email.discreet.already": "درخواست شما دوباره به دست ما رسید. پیش‌تر تأیید شده بود؛ کار دیگری لازم نیست.",

    "privacy.notice.title": "اطلاعیهٔ حریم خصوصی",
    "privacy.notice.intro":
      "این اطلاعیه از روی تنظیماتی ساخته می‌شود که این وبگاه واقعاً با آن‌ها کار می‌کند. می‌گوید چه چیزی نگه داشته می‌شود، تا کی، چه کسی آن را می‌بیند و چگونه از آن محافظت می‌شود.",
    "privacy.notice.collect": "چه می‌پرسیم و چرا",
    "privacy.notice.collect.signature":
      "برای امضای دادخواست: نام، نشانی ایمیل و کشور محل سکونت، و به دلخواه یک یادداشت. نام همان است که دادخواستی به دولت‌ها با خود دارد؛ ایمیل تأیید می‌کند که خودتان امضا کرده‌اید و هر نفر را یک بار می‌شمارد؛ کشور نشان می‌دهد پشتیبانی از کجا می‌آید.",
    "privacy.notice.collect.letter":
      "برای نوشتن نامه: نام، نشانی ایمیل، کشور محل سکونت و به دلخواه شهر. ایمیل تأیید می‌کند که نامه را شما نوشته‌اید؛ خودتان برمی‌گزینید که نمایندگی نام و ایمیل شما را ببیند یا تنها بداند که حامی تأییدشده‌ای از کشورتان هستید.",
    "privacy.notice.collect.technical":
      "نشانی شبکهٔ شما تنها برای محدود کردن سوءاستفاده به کار می‌رود، به‌صورت درهم‌سازی کلیددار (نه خود نشانی) نگه داشته می‌شود و پس از مدتی معین پاک می‌شود.",
    "privacy.notice.who": "چه کسی چه می‌بیند",
    "privacy.notice.who.public": (p) =>
      `به‌طور عمومی: شمار امضاها؛ شمار امضاها در هر کشور (شمار کمتر از ${p.threshold} تنها با عبارت «کمتر از ${p.threshold}»)؛ نام کوچک و حرف نخست نام خانوادگی امضاکنندگانی که خواسته‌اند نامشان آورده شود؛ یادداشت‌هایی که همکاران ما تأیید کرده‌اند.`,
    "privacy.notice.who.staff":
      "همکاران ما: نام‌ها، ایمیل‌ها و یادداشت‌ها، از راه حساب‌هایی که با گذرواژه‌های قوی و احراز هویت دومرحله‌ای محافظت می‌شوند؛ هر خروجی گرفتن از امضاها ثبت می‌شود.",
    "privacy.notice.who.un": "سازمان ملل متحد و کشورهای عضو: نام و کشور امضاکنندگان تأییدشده، هرگز نشانی ایمیل.",
    "privacy.notice.who.missions": "نمایندگی‌هایی که به آن‌ها نامه می‌نویسید: نامهٔ شما، و نام و ایمیلتان تنها اگر چنین بخواهید.",
    "privacy.notice.keep": "تا کی",
    "privacy.notice.keep.pending": (p) => `امضاها و نامه‌های تأییدنشده: پس از ${p.days} روز پاک می‌شوند.`,
    "privacy.notice.keep.signatures": (p) => `نام، ایمیل و یادداشت امضاکنندگان: ${p.days} روز پس از بسته شدن دادخواست بی‌نام می‌شوند؛ تنها شمار امضاها در هر کشور می‌ماند.`,
    "privacy.notice.keep.letters": (p) => `متن نامه‌ها و نام، ایمیل و شهر نویسندگانشان: ${p.days} روز پس از تحویل پاک می‌شوند.`,
    "privacy.notice.keep.ip": (p) => `درهم‌سازی نشانی‌های شبکه: پس از ${p.days} روز پاک می‌شوند.`,
    "privacy.notice.protect": "چگونه محافظت می‌شود",
    "privacy.notice.protect.encryption": "نام‌ها، ایمیل‌ها، یادداشت‌ها، شهرها و متن نامه‌ها رمزگذاری‌شده نگه داشته می‌شوند؛ کلیدها جدا از پایگاه داده نگهداری می‌شوند.",
    "privacy.notice.protect.thirdParties":
      "این وبگاه هیچ چیزی از شرکت‌های دیگر بارگذاری نمی‌کند: نه آمارگیر، نه تبلیغات، نه قلم یا اسکریپت بیرونی، نه کوکی ردیابی. کوکی تنها زمانی گذاشته می‌شود که نامه‌ای را تأیید کنید (تا تا یک ساعت نیازی به تأیید دوباره نباشد) یا همکاران ما وارد شوند.",
    "privacy.notice.protect.logs": "گزارش‌های سرور ما هیچ نام، نشانی ایمیل یا پیوندی از ایمیل‌های ما را در بر ندارند.",
    "privacy.notice.protect.discreet": "کارزارها می‌توانند ایمیل‌های محتاطانه بفرستند: فرستنده‌ای خنثی و موضوع‌هایی که نامی از آرمان نمی‌برند.",
    "privacy.notice.rights": "حقوق شما",
    "privacy.notice.rights.body":
      "می‌توانید با پیوندی که در ایمیل‌های ما هست امضای خود را پس بگیرید، با یک کلیک خبرها را متوقف کنید، و در صفحهٔ «اطلاعات شما» رونوشت یا پاک شدن اطلاعاتتان را درخواست کنید. پاسخ‌ها تنها با ایمیل فرستاده می‌شوند.",
    "privacy.notice.rights.link": "درخواست رونوشت یا پاک شدن اطلاعات",
  },
);
