import type { Settings } from '../../shared/schemas/settings';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Applies a settings change to the current settings: any subset of fields,
 * `theme` and `bot` merged field by field, and `ipMask` (`"/16"`, `16`…)
 * accepted for `ipv4Prefix`. The result is validated whole by the caller.
 */
export function mergeSettings(current: Settings, change: unknown): unknown {
  if (!isObject(change)) return change;
  const { ipMask, theme, bot, ...rest } = change;
  return {
    ...current,
    ...rest,
    ...(ipMask !== undefined ? { ipv4Prefix: Number(String(ipMask).replace(/^\//, '')) } : {}),
    theme: isObject(theme) ? { ...current.theme, ...theme } : (theme ?? current.theme),
    bot: isObject(bot) ? { ...current.bot, ...bot } : (bot ?? current.bot),
  };
}
