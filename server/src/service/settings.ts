/** Severity a user can give a rule in `convox.rules`; `off` drops its diagnostics. */
export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';
export type Target = 'v3' | 'v2';

export interface ConvoxSettings {
  validate: { enable: boolean };
  /** Rack generation the manifest is deployed to: v3 (Kubernetes, convox/convox) or v2 (ECS, convox/rack). */
  target: Target;
  rules: Record<string, SeveritySetting>;
}

export const DEFAULT_SETTINGS: ConvoxSettings = { validate: { enable: true }, target: 'v3', rules: {} };

const SEVERITIES = new Set<SeveritySetting>(['error', 'warning', 'information', 'hint', 'off']);

/** Reads settings from whatever a client sent (VS Code's `convox` section, another editor's JSON, CLI flags). */
export function normalizeSettings(raw: unknown): ConvoxSettings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const validate = (input.validate && typeof input.validate === 'object' ? input.validate : {}) as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (input.rules && typeof input.rules === 'object') {
    for (const [code, value] of Object.entries(input.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && SEVERITIES.has(value as SeveritySetting)) rules[code] = value as SeveritySetting;
    }
  }
  return {
    validate: { enable: validate.enable !== false },
    target: input.target === 'v2' ? 'v2' : 'v3',
    rules,
  };
}
