import { runExe } from './exe';

const ENTRY_DEFINITIONS: Record<string, string> = {
  'mdi-sensor': 'MdiSensorEntry',
  wininet: 'WininetEntry',
  winhttp: 'WinhttpEntry',
  'mde-telemetry': 'MdeTelemetryEntry',
  'defender-av': 'DefenderAvEntry',
};

let schema: any = null;

function definitions(): Record<string, { properties: Record<string, unknown> }> {
  if (!schema) {
    const result = runExe(['schema']);
    if (result.status !== 0) throw new Error(`schema failed: ${result.stderr}`);
    schema = result.json;
  }
  return schema.definitions;
}

/** Every property the schema lists for a store's entry (optional ones too): `get` must never leave one out. */
export function entryProperties(store: string): string[] {
  const name = ENTRY_DEFINITIONS[store];
  if (!name) throw new Error(`no schema definition for store ${store}`);
  return Object.keys(definitions()[name]!.properties).sort();
}

/** Store entries whose keys differ from the schema's properties, described for an assertion message. */
export function entriesMissingSchemaFields(stores: { store: string }[]): string[] {
  return stores.flatMap((entry) => {
    const wanted = entryProperties(entry.store);
    const have = Object.keys(entry).sort();
    const missing = wanted.filter((k) => !have.includes(k));
    return missing.length
      ? [`${entry.store}${'account' in entry ? ` ${(entry as { account: string }).account}` : ''} lacks ${missing.join(', ')}`]
      : [];
  });
}
