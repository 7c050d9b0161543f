import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { regAdd, WINE_KEYS, wineSensorRoot } from './wine-registry';
import { wineExpandVariables } from './wine-environment';

export const SENSOR_FOLDER_WINDOWS = 'C:\\Program Files\\Azure Advanced Threat Protection Sensor';

export interface InstalledSensor {
  version: string;
  folder: string;
  configurationPath: string;
}

/**
 * A v2 MDI sensor on wine's machine as its installer leaves it: the AATPSensor service key (ImagePath is
 * REG_EXPAND_SZ with the quoted binary, LocalService account) and SensorConfiguration.json in the version
 * folder under wine's C: drive, written byte for byte as given.
 */
export function installWineSensor(
  version: string,
  configuration: Buffer | string,
  options: { imagePathFolder?: string } = {},
): InstalledSensor {
  // The folder as written in ImagePath (it may name %ProgramFiles%), and as the SCM expands it.
  const written = `${options.imagePathFolder ?? SENSOR_FOLDER_WINDOWS}\\${version}`;
  const folder = wineExpandVariables(written);
  const local = join(wineSensorRoot(), version);
  mkdirSync(local, { recursive: true });
  writeFileSync(join(local, 'SensorConfiguration.json'), configuration);
  const key = WINE_KEYS.sensorService;
  regAdd({ key, name: 'ImagePath', type: 'REG_EXPAND_SZ', data: `"${written}\\Microsoft.Tri.Sensor.exe"` });
  regAdd({ key, name: 'ObjectName', type: 'REG_SZ', data: 'NT AUTHORITY\\LocalService' });
  regAdd({ key, name: 'DisplayName', type: 'REG_SZ', data: 'Azure Advanced Threat Protection Sensor' });
  regAdd({ key, name: 'Type', type: 'REG_DWORD', data: '16' });
  regAdd({ key, name: 'Start', type: 'REG_DWORD', data: '2' });
  return { version, folder, configurationPath: `${folder}\\SensorConfiguration.json` };
}

/** A SensorConfiguration.json shaped like FACTS.md §1's, with the given SensorProxyConfiguration (omitted when undefined). */
export function sensorConfiguration(proxy: object | null | undefined): Record<string, unknown> {
  return {
    $type: 'SensorMandatoryConfiguration',
    SecretManagerConfigurationCertificateThumbprint: 'E4483F1B7C6B0C2D9A1E5F3B8D2C7A6E9F10657B',
    ...(proxy === undefined ? {} : { SensorProxyConfiguration: proxy }),
    WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint: {
      $type: 'EndpointData',
      Address: 'contoso-corpsensorapi.atp.azure.com',
      Port: 443,
    },
    SensorType: 'DomainControllerIntegrated',
    CustomSettings: {
      $type: 'SensorCustomSettings',
      Capture: { $type: 'CaptureSettings', NetworkAdapters: [{ $type: 'NetworkAdapterSettings', Name: 'Ethernet0' }] },
    },
  };
}

/** A proxy with a credential, as the sensor stores it (the password only encrypted). */
export const SENSOR_PROXY_WITH_CREDENTIAL = {
  $type: 'SensorProxyConfiguration',
  Url: 'http://proxy.contoso.com:8080',
  UserName: 'CONTOSO\\proxyuser',
  EncryptedUserPasswordData: {
    $type: 'EncryptedData',
    EncryptedBytes: Buffer.from('not a real ciphertext, only its presence counts').toString('base64'),
    CertificateThumbprint: 'B6DE0C4E5A1F2D3C4B5A69788796A5B4C3D255B9',
    SecretVersion: null,
  },
};
