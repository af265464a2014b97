import { parse } from 'yaml';

/**
 * A string written as a YAML scalar that Convox's parser (YAML 1.1) reads back as exactly that string: plain when
 * that is safe, otherwise single-quoted, or double-quoted when it holds line breaks or control characters.
 */
export function yamlString(value: string, options: { flow?: boolean } = {}): string {
  if (plainIsSafe(value, options.flow === true)) return value;
  if (!/[\x00-\x1f\x7f\u2028\u2029]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value);
}

function plainIsSafe(value: string, flow: boolean): boolean {
  if (value === '' || value !== value.trim()) return false;
  if (/[\x00-\x1f\x7f\u2028\u2029]/.test(value)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (value.includes(': ') || value.includes(' #') || value.endsWith(':')) return false;
  if (flow && /[,[\]{}]/.test(value)) return false;
  try {
    return parse(`- ${value}\n`, { version: '1.1' })?.[0] === value;
  } catch {
    return false;
  }
}
