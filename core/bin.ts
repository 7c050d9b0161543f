import { main } from './cli';
import { EXIT } from './errors';

// Node prints warnings to stderr, and any write to a piped stderr under wine can crash the process.
process.removeAllListeners('warning');
process.on('warning', () => undefined);

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  () => process.exit(EXIT.ROLLED_BACK),
);
