/** Browsers named in the list of a person's devices; their names live in the catalogue (settings.browsers). */
export type BrowserId = "edge" | "opera" | "yandex" | "samsung" | "firefox" | "chrome" | "safari";

// Order matters: Edge, Opera and Yandex also say "Chrome", Chrome also says "Safari", and Android says "Linux".
const BROWSERS: [RegExp, BrowserId][] = [
  [/\bEdgA?\//, "edge"],
  [/\bOPR\//, "opera"],
  [/\bYaBrowser\//, "yandex"],
  [/\bSamsungBrowser\//, "samsung"],
  [/\b(?:Firefox|FxiOS)\//, "firefox"],
  [/\b(?:Chrome|CriOS|Chromium)\//, "chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bWindows\b/, "Windows"],
  [/\b(?:iPhone|iPad|iPod)\b/, "iOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bLinux\b/, "Linux"],
];

/** What a User-Agent says of a device, for the list of its owner's sessions: each part null when it does not say. */
export interface DeviceKind {
  browser: BrowserId | null;
  /** A system's own name, the same in every language. */
  system: string | null;
}

export function describeUserAgent(userAgent: string | null): DeviceKind {
  if (!userAgent) return { browser: null, system: null };
  return {
    browser: BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null,
    system: SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null,
  };
}
