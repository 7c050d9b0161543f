import type { Probe } from '../../core/protocol';

/** A probe that passed directly (200, no chain), with `fields` over it: the shape render and verdict tests start from. */
export function probeFixture(fields: Partial<Probe> = {}): Probe {
  return {
    url: 'https://contoso-corpsensorapi.atp.azure.com/tri/sensor/api/ping',
    route: 'direct',
    proxy: null,
    verdict: 'pass',
    stage: 'done',
    code: 'OK',
    httpStatus: 200,
    intercepted: false,
    chain: [],
    elapsedMs: 1,
    timings: {},
    advice: '',
    ...fields,
  };
}
