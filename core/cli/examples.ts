/**
 * One or two typical command lines per command (the words as the program receives them), shown by `help <command>`. A unit test parses
 * and validates each against the schema, so they cannot rot.
 */
export const COMMAND_EXAMPLES: Record<string, string[][]> = {
  get: [
    ['--machine', 'examples/dc01'],
    ['--product', 'mde'],
  ],
  plan: [['--machine', 'examples/dc01', '--store', 'mde-telemetry', '--proxy-server', 'proxy.contoso.com:8080']],
  set: [
    ['--store', 'mde-telemetry', '--proxy-server', 'proxy.contoso.com:8080', '--what-if'],
    ['--product', 'mdi', '--method', 'sensor', '--proxy-url', 'http://proxy.contoso.com:8080', '--proxy-user-name', 'CONTOSO\\proxyuser'],
  ],
  clear: [['--store', 'winhttp', '--what-if']],
  test: [
    ['--product', 'mdi', '--workspace', 'contoso-corp', '--proxy-url', 'http://proxy.contoso.com:8080', '--routes', 'explicit,direct'],
    ['--product', 'mde', '--geo', 'eu', '--routes', 'winhttp,direct', '--report-path', 'mde.html'],
  ],
  catalog: [['--product', 'mdi', '--workspace', 'contoso-corp']],
  compare: [['--desired-mde-proxy-server', 'proxy.contoso.com:8080', '--desired-mde-bypass', '<local>,*.contoso.com']],
  compliance: [
    ['--desired-mde-proxy-server', 'proxy.contoso.com:8080', '--test-connectivity', '--connectivity-geo', 'us'],
    ['--desired-mdi-proxy-url', 'http://proxy.contoso.com:8080', '--desired-mdi-method', 'sensor', '--repair'],
  ],
  backup: [['--action', 'list']],
  restore: [['--backup', '20261123T101500123Z-a1b2c3']],
  capture: [['--output', 'dc01-image']],
  dsc: [
    ['get', 'MDIProxy'],
    ['test', 'MDEProxy', '--proxy-server', 'proxy.contoso.com:8080'],
  ],
};
