/**
 * Global Privacy Control or Do Not Track: no behavioural tracking at all.
 * (The older spellings, `window.doNotTrack`, `msDoNotTrack` and "yes", were
 * only ever sent by browsers that cannot run this ES2022 bundle.)
 */
export const trackingRefused = (nav = navigator as Navigator & { globalPrivacyControl?: boolean }): boolean =>
  nav.globalPrivacyControl === true || nav.doNotTrack === '1';
