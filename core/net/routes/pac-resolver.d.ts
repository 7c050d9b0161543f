// pac-resolver ships its types only under package.json "exports", which this project's `node` module resolution
// does not read; this is the part of its API we use (pac-resolver 9, dist/index.d.ts).
declare module 'pac-resolver' {
  import type { QuickJS } from 'quickjs-wasi';
  export function createPacResolver(
    qjs: QuickJS,
    script: string | Buffer,
    options?: { filename?: string; sandbox?: Record<string, (...args: never[]) => unknown> },
  ): (url: string | URL, host?: string) => Promise<string>;
}
