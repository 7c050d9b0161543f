import { canonicalKeyPath, isUnderKey, sameName, type RegKey, type RegValue } from '../formats/registry-model';
import type { RegFileDocument } from '../formats/reg-file';

/**
 * An in-memory registry built from a .reg document: keys in the order the file first names them, so that
 * writing it back keeps the file's order and a file this tool wrote round-trips byte for byte.
 */
export class MemoryRegistry {
  private readonly keys = new Map<string, RegKey>();

  static fromDocument(document: RegFileDocument): MemoryRegistry {
    const registry = new MemoryRegistry();
    for (const block of document.keys) {
      if (block.deleteKey) {
        registry.deleteTree(block.path);
        continue;
      }
      const key = registry.ensureKey(block.path);
      for (const value of block.values) registry.putValue(key, value);
      for (const name of block.deletedValues) key.values = key.values.filter((v) => !sameName(v.name, name));
    }
    return registry;
  }

  get(path: string): RegKey | null {
    const key = this.keys.get(canonicalKeyPath(path).toLowerCase());
    return key ? { path: key.path, values: key.values.map(copyValue) } : null;
  }

  /** The key and everything below it, in file order. */
  tree(path: string): RegKey[] {
    return [...this.keys.values()].filter((k) => isUnderKey(k.path, path)).map((k) => this.get(k.path)!);
  }

  all(): RegKey[] {
    return [...this.keys.values()].map((k) => this.get(k.path)!);
  }

  setValue(path: string, value: RegValue): void {
    this.putValue(this.ensureKey(path), copyValue(value));
  }

  deleteValue(path: string, name: string): void {
    const key = this.keys.get(canonicalKeyPath(path).toLowerCase());
    if (key) key.values = key.values.filter((v) => !sameName(v.name, name));
  }

  private ensureKey(path: string): RegKey {
    const canonical = canonicalKeyPath(path);
    let key = this.keys.get(canonical.toLowerCase());
    if (!key) {
      key = { path: canonical, values: [] };
      this.keys.set(canonical.toLowerCase(), key);
    }
    return key;
  }

  private putValue(key: RegKey, value: RegValue): void {
    const at = key.values.findIndex((v) => sameName(v.name, value.name));
    if (at === -1) key.values.push(value);
    else key.values[at] = value;
  }

  private deleteTree(path: string): void {
    for (const [id, key] of this.keys) if (isUnderKey(key.path, path)) this.keys.delete(id);
  }
}

function copyValue(value: RegValue): RegValue {
  return { name: value.name, type: value.type, data: Buffer.from(value.data) };
}
