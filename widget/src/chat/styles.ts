/**
 * The panel's stylesheet, adopted into the widget's shadow root when the chat
 * first opens (after the launcher's own, whose rules the reset leaves alone).
 */
export const CHAT_CSS = `:host{--c:#1d4ed8;--f:#fff}
.w{font:16px/1.45 system-ui,sans-serif;color:#1a1a1a;-webkit-text-size-adjust:100%}
:where(.w *){box-sizing:border-box;font:inherit;color:inherit;margin:0}
.w :focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;box-shadow:0 0 0 5px #fff}
@media (prefers-reduced-motion:reduce){.w *{transition:none!important;animation:none!important}}
.d{position:fixed;bottom:88px;right:20px;width:370px;max-width:calc(100vw - 40px);height:min(600px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.25);overflow:hidden;animation:p-in .18s ease-out}
.left .d{right:auto;left:20px}
@keyframes p-in{from{opacity:0;transform:translateY(12px)}}
.h{display:flex;align-items:center;gap:8px;padding:14px 12px 14px 18px;background:var(--c);color:var(--f)}
.h h2{flex:1;font-size:17px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
button{cursor:pointer;border:0;background:none;padding:0;min-height:44px;min-width:44px;border-radius:10px}
svg{width:22px;height:22px;fill:currentColor;vertical-align:middle}
.x{color:var(--f)}
.a{padding:12px 16px;background:#f4f4f5;border-bottom:1px solid #ddd;font-size:14px}
.a button,.c button{padding:0 14px;border:1px solid #767676;background:#fff}
.a button{margin:8px 8px 0 0}
.g{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:8px;overscroll-behavior:contain}
.m{max-width:85%;padding:9px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere}
.b{align-self:flex-start;background:#f1f2f4;border-bottom-left-radius:4px}
.v{align-self:flex-end;background:var(--c);color:var(--f);border-bottom-right-radius:4px}
.m small{display:block;font-size:12px}
.n{align-self:center;font-size:14px}
.z{display:contents}
.t{position:fixed;bottom:88px;right:20px;display:flex;max-width:280px;background:#fff;border-radius:12px;box-shadow:0 4px 18px rgba(0,0,0,.22)}
.left .t{right:auto;left:20px}
.t button{padding:0 12px;text-align:start}
.o{padding:8px 16px;background:#fff8e1;color:#4a3b00;font-size:14px}
.f,.c{display:flex;flex-wrap:wrap;gap:8px;padding:12px;border-top:1px solid #e4e4e7}
.f input{flex:1;min-width:0;height:44px;padding:0 12px;font-size:16px;border:1px solid #767676;border-radius:10px;background:#fff}
.f input::placeholder{color:#6b6b6b}
.f input[aria-invalid]{border-color:#b00020}
.k{background:var(--c);color:var(--f)}
.c button{flex:1}
.s{padding:0 12px;text-decoration:underline}
.e{flex-basis:100%;color:#b00020;font-size:14px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.d,.left .d{inset:auto 0;top:var(--vt,0);width:100%;max-width:none;height:var(--vh,100%);border-radius:0}.open .l{display:none}}`;
