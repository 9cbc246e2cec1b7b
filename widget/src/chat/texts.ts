import type { LeadField } from '../../../shared/events';
import type { Locale } from '../locale';

/** The panel's own words; the bot's come from the tenant's config. */
export interface ChatTexts {
  close: string;
  placeholder: string;
  send: string;
  skip: string;
  yes: string;
  no: string;
  sending: string;
  offline: string;
  you: string;
  analytics: string;
  allow: string;
  deny: string;
  invalid: Record<LeadField | 'text', string>;
}

export const TEXTS: Record<Locale, ChatTexts> = {
  en: {
    close: 'Close chat',
    placeholder: 'Write a message…',
    send: 'Send',
    skip: 'Skip',
    yes: 'Yes, please',
    no: 'No, thanks',
    sending: 'Sending…',
    offline: 'You are offline. Your messages will be sent when the connection is back.',
    you: 'You',
    analytics: 'May we collect anonymous usage statistics to improve this site?',
    allow: 'Allow',
    deny: 'No, thanks',
    invalid: {
      firstName: 'Please tell us your first name.',
      lastName: 'Please tell us your last name.',
      email: 'That does not look like an email address. Try name@example.com.',
      phone: 'Please enter a phone number, like +44 20 7946 0958.',
      company: 'Please tell us the name of your company.',
      text: 'Please write an answer (at most 2,000 characters).',
    },
  },
  fi: {
    close: 'Sulje chat',
    placeholder: 'Kirjoita viesti…',
    send: 'Lähetä',
    skip: 'Ohita',
    yes: 'Kyllä kiitos',
    no: 'Ei kiitos',
    sending: 'Lähetetään…',
    offline: 'Ei yhteyttä. Viestisi lähtevät, kun yhteys palaa.',
    you: 'Sinä',
    analytics: 'Saammeko kerätä nimetöntä käyttötilastoa sivuston parantamiseksi?',
    allow: 'Salli',
    deny: 'Ei kiitos',
    invalid: {
      firstName: 'Kerro etunimesi.',
      lastName: 'Kerro sukunimesi.',
      email: 'Tämä ei näytä sähköpostiosoitteelta. Esimerkiksi nimi@esimerkki.fi.',
      phone: 'Anna puhelinnumero, esimerkiksi +358 40 123 4567.',
      company: 'Kerro yrityksesi nimi.',
      text: 'Kirjoita vastaus (enintään 2 000 merkkiä).',
    },
  },
  de: {
    close: 'Chat schließen',
    placeholder: 'Nachricht schreiben…',
    send: 'Senden',
    skip: 'Überspringen',
    yes: 'Ja, gerne',
    no: 'Nein, danke',
    sending: 'Wird gesendet…',
    offline: 'Keine Verbindung. Ihre Nachrichten werden gesendet, sobald Sie wieder online sind.',
    you: 'Sie',
    analytics: 'Dürfen wir anonyme Nutzungsstatistiken erheben, um diese Website zu verbessern?',
    allow: 'Erlauben',
    deny: 'Nein, danke',
    invalid: {
      firstName: 'Bitte nennen Sie uns Ihren Vornamen.',
      lastName: 'Bitte nennen Sie uns Ihren Nachnamen.',
      email: 'Das sieht nicht nach einer E-Mail-Adresse aus, z. B. name@beispiel.de.',
      phone: 'Bitte geben Sie eine Telefonnummer an, z. B. +49 30 1234567.',
      company: 'Bitte nennen Sie uns Ihr Unternehmen.',
      text: 'Bitte schreiben Sie eine Antwort (höchstens 2.000 Zeichen).',
    },
  },
};
