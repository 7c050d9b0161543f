import { suite, type Context, type Test } from 'uvu';

/**
 * A uvu suite whose tests need services started first (squid, mitmdump, servers). uvu ignores a failing
 * `before` hook — the suite then "passes" with 0 of N and exit code 0 — so the setup's error is kept and every
 * test fails with it instead: a missing binary is a red run that says what to install.
 */
export function serviceSuite(name: string, setUp: () => Promise<void>, tearDown: () => Promise<void>): Test {
  const inner = suite(name);
  let failure: unknown = null;
  inner.before(async () => {
    try {
      await setUp();
    } catch (error) {
      failure = error;
    }
  });
  inner.after(async () => {
    await tearDown();
  });
  const wrapped = ((title: string, handler: (context: Context) => unknown) =>
    inner(title, async (context) => {
      if (failure) throw failure;
      await handler(context);
    })) as unknown as Test;
  wrapped.run = () => inner.run();
  // A suite that cannot run here (e.g. no pwsh) skips its tests: they are then counted as skipped, with no set-up.
  wrapped.skip = inner.skip;
  return wrapped;
}
