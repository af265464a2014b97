import { parseGoDuration } from '../checks/goParsers';
import { ramInBytes } from '../gen1/memLimit';
import type { Target } from '../settings';

/**
 * docker-compose units turned into the ones convox.yml uses: durations (`1m30s`) into seconds, CPUs (`cpus: 0.5`,
 * `cpu_shares: 512`) into `scale.cpu`, sizes (`512M`, `1g`, bytes) into `scale.memory` MiB. Each returns undefined
 * when the value is not a form compose accepts (or is `${VAR}`), so callers offer no conversion then.
 */

const MIB = 1024 * 1024;

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[+]?(\d+\.?\d*|\.\d+)\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Seconds of a compose duration (`10s`, `1m30s`, `500ms`; Go duration syntax), rounded up; undefined otherwise. */
export function composeDurationSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const nanoseconds = parseGoDuration(value.trim());
  if (nanoseconds === undefined || nanoseconds < 0) return undefined;
  return Math.ceil(nanoseconds / 1e9);
}

/**
 * `scale.cpu` for a number of CPUs (`cpus: "0.5"`): millicores on v3 (1000 = one CPU), ECS CPU units on v2
 * (1024 = one CPU).
 */
export function cpusToScaleCpu(value: unknown, target: Target): number | undefined {
  const cpus = numeric(value);
  if (cpus === undefined || cpus <= 0) return undefined;
  return Math.round(cpus * (target === 'v2' ? 1024 : 1000));
}

/** `scale.cpu` for Docker CPU shares (`cpu_shares: 512`; 1024 shares = one CPU). */
export function cpuSharesToScaleCpu(value: unknown, target: Target): number | undefined {
  const shares = numeric(value);
  if (shares === undefined || shares <= 0 || !Number.isInteger(shares)) return undefined;
  return target === 'v2' ? shares : Math.round((shares / 1024) * 1000);
}

/**
 * `scale.memory` (MiB) for a compose size: bytes as a number, or docker's units (`512m`, `512M`, `1g`, `1.5GB`,
 * `256MiB`; binary multiples, as go-units `RAMInBytes` reads them). Rounded up to a whole MiB.
 */
export function memoryToMiB(value: unknown): number | undefined {
  let bytes: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    bytes = Math.trunc(value);
  } else if (typeof value === 'string' && !value.includes('${')) {
    const parsed = ramInBytes(value.trim());
    if (typeof parsed === 'string') return undefined;
    bytes = parsed;
  } else {
    return undefined;
  }
  if (bytes <= 0) return undefined;
  return Math.ceil(bytes / MIB);
}
