// Links that let a supporter share a page on the services they use. They are plain links: nothing is loaded
// from these services unless the supporter follows one. (Built with URL objects, never embedded.)
export interface ShareLink {
  id: "whatsapp" | "telegram" | "x" | "facebook" | "email";
  label: string;
  href: string;
}

const endpoints = {
  whatsapp: ["https:", "wa.me", "/"],
  telegram: ["https:", "t.me", "/share/url"],
  x: ["https:", "x.com", "/intent/post"],
  facebook: ["https:", "www.facebook.com", "/sharer/sharer.php"],
} as const;

function endpoint(id: keyof typeof endpoints): URL {
  const [protocol, host, pathname] = endpoints[id];
  const url = new URL(pathname, `${protocol}//${host}`);
  return url;
}

export function shareLinks({ url, text, emailSubject, emailLabel }: { url: string; text: string; emailSubject: string; emailLabel: string }): ShareLink[] {
  const whatsapp = endpoint("whatsapp");
  whatsapp.searchParams.set("text", `${text} ${url}`);
  const telegram = endpoint("telegram");
  telegram.searchParams.set("url", url);
  telegram.searchParams.set("text", text);
  const x = endpoint("x");
  x.searchParams.set("text", text);
  x.searchParams.set("url", url);
  const facebook = endpoint("facebook");
  facebook.searchParams.set("u", url);
  const email = `mailto:?subject=${encodeURIComponent(emailSubject)}&body=${encodeURIComponent(`${text}\n${url}`)}`;
  return [
    { id: "whatsapp", label: "WhatsApp", href: whatsapp.href },
    { id: "telegram", label: "Telegram", href: telegram.href },
    { id: "x", label: "X", href: x.href },
    { id: "facebook", label: "Facebook", href: facebook.href },
    { id: "email", label: emailLabel, href: email },
  ];
}
