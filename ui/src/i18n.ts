// Three languages (English, 한국어, 日本語): the message catalogues live in i18n/<lang>.ts,
// one object per language with the same keys (the type checker and i18n.test.ts hold them
// to it).  The browser's language is the default, a choice is remembered in localStorage,
// and dates, numbers and country names are formatted by Intl in the locale's own form.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, type MessageKey } from './i18n/en';
import { ko } from './i18n/ko';
import { ja } from './i18n/ja';

export type Locale = 'en' | 'ko' | 'ja';
export const LOCALES: { code: Locale; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'ko', label: '한국어' },
  { code: 'ja', label: '日本語' },
];
export const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, ko, ja };

const LOCALE_KEY = 'stratex.locale';

/* The first of the browser's languages we have, else English. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'ko' || base === 'ja' || base === 'en') return base;
  }
  return 'en';
}

export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(LOCALE_KEY);
    if (saved === 'en' || saved === 'ko' || saved === 'ja') return saved;
  } catch {
    /* no storage: fall back to the browser */
  }
  return pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export function rememberLocale(l: Locale): void {
  try {
    localStorage.setItem(LOCALE_KEY, l);
  } catch {
    /* not remembered, still used */
  }
}

/* "{n} lines" with {n} replaced. */
export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /* A calendar date (YYYY-MM-DD, no time zone) in the locale's form. */
  date: (iso: string | null | undefined) => string;
  /* A timestamp (ISO 8601) in the locale's form, local time. */
  dateTime: (iso: string | null | undefined) => string;
  num: (n: number | null | undefined, digits?: number) => string;
  country: (code: string | null | undefined) => string;
  /* A licence type as the jurisdiction's regulations name it. */
  licence: (jurisdiction: string, id: string) => string;
}

const LICENCE_KEYS: Record<string, MessageKey> = {
  'JP:individual': 'licence.jp.individual',
  'JP:general_bulk': 'licence.jp.general_bulk',
  'JP:special_general_bulk': 'licence.jp.special_general_bulk',
  'JP:specific_bulk': 'licence.jp.specific_bulk',
  'KR:individual': 'licence.kr.individual',
  'KR:comprehensive': 'licence.kr.comprehensive',
  'US:licence': 'licence.us.licence',
  'EU:EU001': 'licence.eu.EU001',
  'EU:individual': 'licence.eu.individual',
};

export function makeI18n(locale: Locale): I18n {
  const cat = CATALOGUES[locale];
  const t = (key: MessageKey, params?: Record<string, string | number>) => format(cat[key] ?? en[key] ?? key, params);
  const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dtFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  let regions: Intl.DisplayNames | null = null;
  try {
    regions = new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    regions = null;
  }
  return {
    locale,
    t,
    date: (iso) => {
      if (!iso) return '';
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
      if (!m) return iso;
      return dateFmt.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
    },
    dateTime: (iso) => {
      if (!iso) return '';
      const d = new Date(iso);
      return isNaN(d.getTime()) ? iso : dtFmt.format(d);
    },
    num: (n, digits) =>
      n === null || n === undefined || Number.isNaN(n)
        ? ''
        : new Intl.NumberFormat(
            locale,
            digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits },
          ).format(n),
    country: (code) => {
      if (!code) return '';
      if (code === 'EU') return t('country.EU');
      try {
        return regions?.of(code) ?? code;
      } catch {
        return code;
      }
    },
    licence: (jurisdiction, id) => {
      const key = LICENCE_KEYS[`${jurisdiction}:${id}`];
      return key ? t(key) : id;
    },
  };
}

export const I18nContext = createContext<I18n>(makeI18n('en'));
export const useI18n = () => useContext(I18nContext);
