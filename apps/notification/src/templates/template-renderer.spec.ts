import { foldDiacritics } from '../channels/sms/fold-diacritics';
import { TEMPLATES } from './catalog';
import { SAMPLE_PARAMS } from './sample-params';
import { LANGUAGES, TEMPLATE_KEYS, type TemplateDefinition } from './template-definition';
import { formatDate, formatDateTime, formatVnd } from './template-filters';
import { MissingPlaceholderError, TemplateRenderer, UnknownTemplateError } from './template-renderer';

const renderer = new TemplateRenderer();

describe(TemplateRenderer.name, () => {
  it('has a template for every key', () => {
    expect(new Set(TEMPLATES.map((template) => template.key))).toEqual(new Set(TEMPLATE_KEYS));
  });

  describe.each(TEMPLATE_KEYS.map((key) => [key]))('%s', (key) => {
    it.each(LANGUAGES.map((language) => [language]))('renders in %s with every part filled', (language) => {
      const message = renderer.render(key, language, SAMPLE_PARAMS[key]);
      for (const part of [message.subject, message.text, message.html, message.sms]) {
        expect(part.length).toBeGreaterThan(0);
        expect(part).not.toMatch(/undefined|null|NaN|\{\{|\{%|Invalid Date/);
      }
      expect(message.html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${language}">`));
      expect(foldDiacritics(message.sms).length).toBeLessThanOrEqual(160);
      const label = SAMPLE_PARAMS[key].dossierLabel;
      if (typeof label === 'string') {
        expect(message.subject + message.text).toContain(label);
        expect(message.sms).toContain(label);
      }
    });

    it('says it differently in Vietnamese and English', () => {
      expect(renderer.render(key, 'vi', SAMPLE_PARAMS[key]).subject).not.toBe(renderer.render(key, 'en', SAMPLE_PARAMS[key]).subject);
    });

    it.each(TEMPLATES.find((template) => template.key === key)!.placeholders.map((placeholder) => [placeholder]))('refuses to render without %s', (placeholder) => {
      const params = { ...SAMPLE_PARAMS[key], [placeholder]: undefined };
      expect(() => renderer.render(key, 'vi', params)).toThrow(new MissingPlaceholderError(key, 1, 'vi', placeholder));
    });
  });

  it('prints dates, times and amounts the way each language writes them', () => {
    const vi = renderer.render('payment-completed', 'vi', SAMPLE_PARAMS['payment-completed']);
    expect(vi.text).toContain('200.000 đồng');
    expect(vi.text).toContain('14:30 ngày 02/12/2026');
    const en = renderer.render('payment-completed', 'en', SAMPLE_PARAMS['payment-completed']);
    expect(en.text).toContain('VND 200,000');
    expect(en.text).toContain('14:30, 2 December 2026');
    expect(renderer.render('dossier-received', 'vi', SAMPLE_PARAMS['dossier-received']).text).toContain('09/12/2026');
    expect(renderer.render('dossier-received', 'en', SAMPLE_PARAMS['dossier-received']).text).toContain('9 December 2026');
  });

  it('escapes the officer’s words in HTML and keeps them as written in text', () => {
    const message = renderer.render('supplement-requested', 'vi', { ...SAMPLE_PARAMS['supplement-requested'], missing: '<script>alert(1)</script>' });
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(message.html).not.toContain('<script>');
    expect(message.text).toContain('<script>alert(1)</script>');
  });

  it('says how a result comes back', () => {
    const ready = (returnChannel: string) => renderer.render('result-ready', 'en', { ...SAMPLE_PARAMS['result-ready'], returnChannel }).text;
    expect(ready('online')).toContain('download it at');
    expect(ready('post')).toContain('by post');
    expect(ready('in_person')).toContain('one-stop desk');
  });

  it('fails a template that uses a name it did not declare, rather than print nothing', () => {
    const sloppy: TemplateDefinition = {
      key: 'result-delivered',
      version: 7,
      placeholders: ['dossierLabel'],
      vi: { subject: 'Hồ sơ {{ dossierLabel }}', text: 'Kính gửi {{ citizenName }}', html: '<p>{{ dossierLabel }}</p>', sms: '{{ dossierLabel }}' },
      en: { subject: 'Dossier {{ dossierLabel }}', text: 'Dear {{ citizenName }}', html: '<p>{{ dossierLabel }}</p>', sms: '{{ dossierLabel }}' },
    };
    // The layout's footer prints settingsLink, which this definition does not declare either.
    expect(() => new TemplateRenderer([sloppy]).render('result-delivered', 'vi', { dossierLabel: 'X', citizenName: 'An' })).toThrow(MissingPlaceholderError);
    expect(() => new TemplateRenderer([{ ...sloppy, placeholders: ['dossierLabel', 'settingsLink'] }]).render('result-delivered', 'en', { dossierLabel: 'X', settingsLink: 'https://x', citizenName: 'An' })).toThrow(
      new MissingPlaceholderError('result-delivered', 7, 'en', 'citizenName'),
    );
  });

  it('uses the newest version of a template and says which', () => {
    const [v1] = TEMPLATES.filter((template) => template.key === 'result-delivered');
    const v2 = { ...v1, version: 2, vi: { ...v1.vi, subject: 'Đã trả kết quả hồ sơ {{ dossierLabel }}' } };
    const rendered = new TemplateRenderer([v2, v1]).render('result-delivered', 'vi', SAMPLE_PARAMS['result-delivered']);
    expect(rendered.version).toBe(2);
    expect(rendered.subject).toBe('Đã trả kết quả hồ sơ 000.00.12.H26-261202-0001');
  });

  it('refuses a template it does not have', () => {
    expect(() => new TemplateRenderer([]).render('digest', 'vi', {})).toThrow(UnknownTemplateError);
  });
});

describe('template filters', () => {
  it('refuse what is not a date or a whole amount', () => {
    expect(() => formatDate('next Tuesday', 'vi')).toThrow(/ISO date/);
    expect(() => formatDateTime(undefined, 'en')).toThrow(/ISO date/);
    expect(() => formatVnd(1.5, 'vi')).toThrow(/whole number/);
    expect(() => formatVnd('200000', 'en')).toThrow(/whole number/);
  });

  it('keep a calendar day the same day in Việt Nam', () => {
    expect(formatDate('2026-01-01', 'vi')).toBe('01/01/2026');
    // 17:30 UTC on 31 December is already 1 January in Hà Nội.
    expect(formatDate('2025-12-31T17:30:00Z', 'en')).toBe('1 January 2026');
  });
});
