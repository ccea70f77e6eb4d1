// i18next setup: pt-BR is the default, English the second language; the
// choice is kept in localStorage and mirrored on <html lang>.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en";
import ptBR from "./pt-BR";
import { registerReasonFormats } from "./reasons";

export const LANGUAGES = [
  { code: "pt-BR", label: "Português (Brasil)", short: "PT" },
  { code: "en", label: "English", short: "EN" },
] as const;
export type Language = (typeof LANGUAGES)[number]["code"];

const STORAGE_KEY = "masteria.lang";
const DEFAULT: Language = "pt-BR";

function stored(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.some((l) => l.code === v)) return v as Language;
  } catch {
    // storage may be blocked; fall back to the default
  }
  return DEFAULT;
}

/** setLanguage switches the UI language and remembers it. */
export function setLanguage(lng: Language): Promise<unknown> {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // not persisted; still switch for this page
  }
  return i18n.changeLanguage(lng);
}

i18n.on("languageChanged", (lng) => {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: { "pt-BR": { translation: ptBR }, en: { translation: en } },
  lng: stored(),
  fallbackLng: DEFAULT,
  supportedLngs: LANGUAGES.map((l) => l.code),
  interpolation: { escapeValue: false },
});
registerReasonFormats(i18n);

export default i18n;
