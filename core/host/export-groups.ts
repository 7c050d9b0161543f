/**
 * Parents small enough to export whole. Keys below one of them are read with one `reg export` of the parent
 * (the three policy keys: DataCollection, Windows Defender, Windows Advanced Threat Protection), so a full
 * `get` starts fewer processes. Other keys are exported one by one: their parents can be huge (Services).
 */
const SHARED_PARENTS = ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft'];

export function exportGroups(keys: string[]): { exportPath: string; keys: string[] }[] {
  const groups = new Map<string, { exportPath: string; keys: string[] }>();
  for (const key of keys) {
    const parent = SHARED_PARENTS.find((p) => key.toLowerCase().startsWith(p.toLowerCase() + '\\'));
    const exportPath = parent ?? key;
    const group = groups.get(exportPath.toLowerCase()) ?? { exportPath, keys: [] };
    group.keys.push(key);
    groups.set(exportPath.toLowerCase(), group);
  }
  return [...groups.values()].map((g) => (g.keys.length === 1 ? { exportPath: g.keys[0]!, keys: g.keys } : g));
}
