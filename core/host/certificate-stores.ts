import { detail, fail } from '../messages';

/** `LocalMachine\Root` → `Root`: the tool reads LocalMachine stores only, named Location\Name. */
export function localMachineStoreName(store: string): string {
  const parts = store.split('\\');
  const [location = '', name = ''] = parts;
  if (parts.length !== 2 || !/^[A-Za-z0-9 _-]+$/.test(name))
    throw fail('CERTIFICATE_STORE_UNREADABLE', { store, detail: detail('CERT_STORE_NAME_FORM') });
  if (location.toLowerCase() !== 'localmachine')
    throw fail('CERTIFICATE_STORE_UNREADABLE', { store, detail: detail('CERT_STORE_LOCAL_MACHINE_ONLY') });
  return name;
}

/**
 * The registry keys behind a system certificate store, as crypt32 opens it: a logical store is a collection
 * of physical stores ("System Store Locations" on Microsoft Learn). LocalMachine\Root is .Default, .AuthRoot
 * (third-party roots), .GroupPolicy and .Enterprise; the smart-card store has no registry key. Each key
 * holds one subkey per certificate, named by its SHA-1, with the certificate in a `Blob` value.
 */
export function certificateStoreKeys(store: string): string[] {
  const name = localMachineStoreName(store);
  return [
    `HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\${name}\\Certificates`,
    ...(name.toLowerCase() === 'root' ? ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates'] : []),
    `HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\${name}\\Certificates`,
    `HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\EnterpriseCertificates\\${name}\\Certificates`,
  ];
}
