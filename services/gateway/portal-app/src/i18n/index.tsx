// Dutch and English; the choice is kept in localStorage and set on <html lang>.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { setApiLanguage } from '../api';
import { en } from './en';
import { nl } from './nl';

export type Lang = 'nl' | 'en';
export type TextKey = keyof typeof nl;
export type Translate = (key: TextKey, vars?: Record<string, string | number>) => string;

const dictionaries: Record<Lang, Record<TextKey, string>> = { nl, en };
const STORAGE_KEY = 'fund-desk.lang';

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** A translated word from a list (category, status, reason code …), or the value itself when unknown. */
  word: (prefix: string, value: string | null | undefined) => string;
  euro: (cents: number) => string;
  date: (iso: string) => string;
  dateTime: (iso: string) => string;
}

const Context = createContext<I18n | null>(null);

function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'nl' ? stored : 'nl';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  setApiLanguage(lang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setApiLanguage(next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = dictionaries[lang];
    const t: Translate = (key, vars) => {
      let text = dict[key] ?? key;
      if (vars) for (const [k, v] of Object.entries(vars)) text = text.split(`{${k}}`).join(String(v));
      return text;
    };
    const locale = lang === 'en' ? 'en-GB' : 'nl-NL';
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
    const moment = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });
    return {
      lang,
      setLang,
      t,
      word: (prefix, v) => (v ? ((dict as Record<string, string>)[`${prefix}.${v}`] ?? v) : ''),
      euro: (cents) => money.format(cents / 100),
      date: (iso) => (iso ? day.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)) : ''),
      dateTime: (iso) => (iso ? moment.format(new Date(iso)) : ''),
    };
  }, [lang, setLang]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
