import { join } from 'node:path';

// Imported before tests/support/wine: one lasting wine prefix for the bench under .cache (git-ignored), so a
// run does not pay for a new prefix (winecfg takes tens of seconds) and leaves nothing in /tmp.
process.env.DEFENDERPROXY_WINEPREFIX ??= join(__dirname, '..', '.cache', 'wine-bench');
