// Every message key exists in all three catalogues, with the same placeholders, and no
// translation is left empty; the browser's language picks the catalogue.
import { describe, expect, it } from 'vitest';
import { CATALOGUES, format, pickLocale } from './i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const en = CATALOGUES.en;
  for (const lang of ['ko', 'ja'] as const) {
    const cat = CATALOGUES[lang] as Record<string, string>;
    it(`${lang} has exactly the English keys`, () => {
      expect(Object.keys(cat).sort()).toEqual(Object.keys(en).sort());
    });
    it(`${lang} keeps every placeholder and leaves nothing empty`, () => {
      for (const [k, v] of Object.entries(en)) {
        expect(cat[k].trim(), k).not.toBe('');
        expect(placeholders(cat[k]), k).toEqual(placeholders(v));
      }
    });
  }
  it('uses the regulations’ own terms', () => {
    expect(CATALOGUES.ja['licence.jp.individual']).toBe('個別許可');
    expect(CATALOGUES.ja['licence.jp.general_bulk']).toBe('一般包括許可');
    expect(CATALOGUES.ko['licence.kr.comprehensive']).toContain('포괄');
    expect(CATALOGUES.ko['check.hs.hint']).toContain('상황허가');
    expect(CATALOGUES.ja['check.hs.hint']).toContain('キャッチオール');
  });
});

describe('locale choice and formatting', () => {
  it('takes the first supported browser language', () => {
    expect(pickLocale(['ko-KR', 'en-US'])).toBe('ko');
    expect(pickLocale(['fr-FR', 'ja'])).toBe('ja');
    expect(pickLocale(['de'])).toBe('en');
  });
  it('fills placeholders', () => {
    expect(format('{n} of {m}', { n: 1, m: 2 })).toBe('1 of 2');
    expect(format('{x}', {})).toBe('{x}');
  });
});
