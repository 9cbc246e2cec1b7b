/** The text colour on a theme colour: black or white, whichever has the higher WCAG contrast (the two are equal at luminance 0.179). */
export function readableOn(hex: string): '#111' | '#fff' {
  let lum = 0;
  [0.2126, 0.7152, 0.0722].forEach((weight, i) => {
    const c = parseInt(hex.slice(2 * i + 1, 2 * i + 3), 16) / 255;
    lum += weight * (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  });
  return lum > 0.179 ? '#111' : '#fff';
}
