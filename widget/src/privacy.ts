/** Global Privacy Control or Do Not Track: no behavioural tracking at all. */
export function trackingRefused(nav: Navigator = navigator): boolean {
  const n = nav as Navigator & { globalPrivacyControl?: boolean; msDoNotTrack?: string };
  const w = window as Window & { doNotTrack?: string };
  const dnt = n.doNotTrack ?? w.doNotTrack ?? n.msDoNotTrack;
  return n.globalPrivacyControl === true || dnt === '1' || dnt === 'yes';
}
