// The ALTCHA proof-of-work widget, inside a form: it solves a challenge from /api/pow/challenge as soon as the
// page has loaded and puts the result in a hidden field named "altcha" (checked by app/utils/pow.server.ts).
// Nothing is rendered on the server or before hydration; without JavaScript, or if the widget cannot load,
// the form is sent without the field. Everything comes from our own origin (scripts/copy-assets.mjs copies
// the files to public/vendor/altcha/): the CSP-friendly "external" build, with no inline styles, no blob:
// workers and no eval, plus its stylesheet and its SHA worker.
import { useEffect, useRef, useState, type HTMLAttributes, type Ref } from "react";

type Locale = "en" | "fa";

const base = "/vendor/altcha";
const scriptSrc = `${base}/altcha.min.js`;
const stylesheetHref = `${base}/altcha.css`;
// A classic worker (the file is a self-contained IIFE, no import/export): works in every browser with workers.
const shaWorkerUrl = `${base}/workers/sha.js`;

// altcha 3 has no `strings` option: texts live in the global $altcha.i18n registry, chosen by the `language`
// attribute (which also makes the widget right-to-left for "fa"). No footer or logo link to altcha.org.
const strings: Record<Locale, Record<string, string>> = {
  en: {
    label: "I am a person, not a program",
    verifying: "Checking…",
    verified: "Checked",
    error: "The check failed; please try again.",
    expired: "The check expired; please try again.",
    waitAlert: "Checking… please wait.",
    verificationRequired: "Check required",
    loading: "Loading…",
    verify: "Check",
    cancel: "Cancel",
    reload: "Reload",
    enterCode: "Enter code",
    enterCodeAria: "Enter the code you hear. Press Space to play the audio.",
    enterCodeFromImage: "To continue, enter the code from the image below.",
    getAudioChallenge: "Get an audio code",
    ariaLinkLabel: "",
    footer: "",
  },
  fa: {
    label: "من یک انسانم، نه یک برنامه",
    verifying: "در حال بررسی…",
    verified: "تأیید شد",
    error: "بررسی انجام نشد؛ دوباره تلاش کنید.",
    expired: "زمان بررسی به پایان رسید؛ دوباره تلاش کنید.",
    waitAlert: "در حال بررسی… لطفاً صبر کنید.",
    verificationRequired: "بررسی لازم است",
    loading: "در حال بارگذاری…",
    verify: "بررسی",
    cancel: "لغو",
    reload: "بارگذاری دوباره",
    enterCode: "کد را وارد کنید",
    enterCodeAria: "کدی را که می‌شنوید وارد کنید. برای پخش صدا کلید فاصله را بزنید.",
    enterCodeFromImage: "برای ادامه، کد تصویر زیر را وارد کنید.",
    getAudioChallenge: "دریافت کد صوتی",
    ariaLinkLabel: "",
    footer: "",
  },
};

interface AltchaStore<T> {
  get(name: string): T | undefined;
  set(value: Record<string, T>): void;
}

interface AltchaGlobal {
  algorithms: Map<string, () => Worker>;
  defaults: AltchaStore<unknown>;
  i18n: AltchaStore<Record<string, string>>;
}

interface AltchaWidgetElement extends HTMLElement {
  getState(): string;
  verify(): Promise<unknown>;
}

interface AltchaWidgetAttributes extends HTMLAttributes<HTMLElement> {
  ref?: Ref<HTMLElement>;
  auto?: "off" | "onfocus" | "onload" | "onsubmit";
  challenge?: string;
  configuration?: string;
  display?: "standard" | "bar" | "floating" | "overlay" | "invisible";
  language?: string;
  name?: string;
  type?: "native" | "checkbox" | "switch";
  workers?: number;
}

declare global {
  // Augmenting JSX is only possible with a namespace (React 18: the global JSX feeds React.JSX).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      "altcha-widget": AltchaWidgetAttributes;
    }
  }
}

let loading: Promise<void> | null = null;

/** Adds the widget's stylesheet and module script once per page; resolves when <altcha-widget> is defined. */
function loadWidget(): Promise<void> {
  loading ??= new Promise<void>((resolve, reject) => {
    if (!document.querySelector(`link[href="${stylesheetHref}"]`)) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = stylesheetHref;
      document.head.append(link);
    }
    let script = document.querySelector<HTMLScriptElement>(`script[src="${scriptSrc}"]`);
    if (!script) {
      script = document.createElement("script");
      script.type = "module";
      script.src = scriptSrc;
      document.head.append(script);
    }
    const failed = script;
    failed.addEventListener(
      "error",
      () => {
        failed.remove();
        loading = null; // a later mount may try again
        reject(new Error("ALTCHA widget failed to load"));
      },
      { once: true },
    );
    void customElements.whenDefined("altcha-widget").then(() => resolve());
  }).then(setUpWidget);
  return loading;
}

function setUpWidget() {
  const altcha = (globalThis as { $altcha?: AltchaGlobal }).$altcha;
  if (!altcha) throw new Error("ALTCHA global missing");
  // The external build bundles no workers: ours are served from our origin (CSP: no blob: workers).
  for (const algorithm of ["SHA-256", "SHA-384", "SHA-512"]) {
    altcha.algorithms.set(algorithm, () => new Worker(shaWorkerUrl, { type: "classic" }));
  }
  const english = altcha.i18n.get("en") ?? {};
  altcha.i18n.set({ en: { ...english, ...strings.en }, fa: { ...english, ...strings.fa } });
  // No logo or footer (both link to altcha.org); no pointer/scroll collection (only used by ALTCHA Sentinel).
  altcha.defaults.set({ hideLogo: true, hideFooter: true, humanInteractionSignature: false });
}

export function ProofOfWork({ locale }: { locale: Locale }) {
  const [status, setStatus] = useState<"loading" | "ready" | "failed">("loading");
  const widget = useRef<HTMLElement>(null);

  useEffect(() => {
    let active = true;
    loadWidget().then(
      () => active && setStatus("ready"),
      () => active && setStatus("failed"), // no widget: the form is sent without a payload
    );
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => {
    const element = widget.current as AltchaWidgetElement | null;
    if (status !== "ready" || !element) return;
    // The check is optional, but with auto="onload" the widget's checkbox is required and its error popover
    // can cover the submit button. So if solving fails (network, old browser, plain HTTP) or hangs, remove
    // the widget: the form is then sent without a payload, exactly as without JavaScript.
    const fail = () => setStatus("failed");
    let watchdog = window.setTimeout(fail, 30_000);
    const onStateChange = (event: Event) => {
      const state = (event as CustomEvent<{ state?: string }>).detail?.state;
      window.clearTimeout(watchdog);
      if (state === "error") fail();
      else if (state === "verifying") watchdog = window.setTimeout(fail, 30_000);
    };
    // A solution is valid for 10 minutes: solve a fresh challenge when it expires, so that a slow visitor
    // still sends a valid one. (After a form reset the widget is simply unchecked; a click solves again.)
    const onExpired = () => {
      if (element.getState() === "expired") void element.verify();
    };
    element.addEventListener("statechange", onStateChange);
    element.addEventListener("expired", onExpired);
    return () => {
      window.clearTimeout(watchdog);
      element.removeEventListener("statechange", onStateChange);
      element.removeEventListener("expired", onExpired);
    };
  }, [status]);

  if (status !== "ready") return null;
  return <altcha-widget ref={widget} challenge="/api/pow/challenge" name="altcha" auto="onload" language={locale} />;
}
