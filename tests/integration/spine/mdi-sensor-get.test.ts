import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runExe } from '../../support/exe';
import { copyExampleImage, makeImage, sensorServices, SENSOR_FOLDER } from '../../support/image';

const EMPTY_REGISTRY = 'Windows Registry Editor Version 5.00\n\n';

function getSensor(machine: string) {
  const result = runExe(['get'], { product: 'mdi', stores: ['mdi-sensor'], machine });
  assert.is(result.status, 0, result.stdout);
  return result.json.result.stores.find((s: { store: string }) => s.store === 'mdi-sensor');
}

test('the example image: the live version folder is the one the AATPSensor binary path names', () => {
  const entry = getSensor(copyExampleImage());
  assert.is(entry.status, 'configured');
  assert.is(entry.generation, 'v2');
  assert.is(entry.sensorVersion, '2.250.18972.18405');
  assert.is(entry.url, 'http://proxy.contoso.com:8080');
  assert.is(entry.userName, 'CONTOSO\\proxyuser');
  assert.is(entry.hasPassword, true);
  assert.is(entry.certificateThumbprint, '356FE9B42C13FE91F160965AAF0A71E8896ECCE7');
  assert.is(entry.workspaceEndpoint, 'contoso-corpsensorapi.atp.azure.com:443');
  assert.not.ok('EncryptedBytes' in entry, 'the password is never returned');
  assert.not.match(JSON.stringify(entry), /EncryptedBytes|"password"/i);
});

test('no proxy configured, sensor not installed and configuration unreadable are three different answers', () => {
  const version = '2.251.1.2';
  const noProxy = makeImage({
    registry: EMPTY_REGISTRY,
    files: {
      [`${SENSOR_FOLDER}\\${version}\\SensorConfiguration.json`]: JSON.stringify({
        SensorProxyConfiguration: null,
        WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint: { Address: 'fabrikamsensorapi.atp.azure.com', Port: 443 },
      }),
    },
    services: sensorServices(version),
  });
  const entry = getSensor(noProxy);
  assert.is(entry.status, 'no-proxy');
  assert.is(entry.url, null);
  assert.is(entry.userName, null);
  assert.is(entry.hasPassword, false);
  assert.is(entry.workspaceEndpoint, 'fabrikamsensorapi.atp.azure.com:443');
  assert.is(entry.sensorVersion, version);

  const notInstalled = getSensor(makeImage({ registry: EMPTY_REGISTRY, services: {} }));
  assert.is(notInstalled.status, 'not-installed');
  assert.is(notInstalled.sensorVersion, null);

  const missingFile = runExe(['get'], {
    stores: ['mdi-sensor'],
    machine: makeImage({ registry: EMPTY_REGISTRY, services: sensorServices(version) }),
  });
  assert.is(missingFile.status, 2);
  assert.is(missingFile.json.result.stores[0].status, 'unreadable');
  assert.match(missingFile.json.result.stores[0].error, /does not exist/);
});

test('a proxy without credentials: only the URL', () => {
  const version = '2.252.3.4';
  const image = makeImage({
    registry: EMPTY_REGISTRY,
    files: {
      [`${SENSOR_FOLDER}\\${version}\\SensorConfiguration.json`]: JSON.stringify({
        SensorProxyConfiguration: { $type: 'SensorProxyConfiguration', Url: 'http://10.0.0.6:3128' },
      }),
    },
    services: sensorServices(version),
  });
  const entry = getSensor(image);
  assert.is(entry.status, 'configured');
  assert.is(entry.url, 'http://10.0.0.6:3128');
  assert.is(entry.userName, null);
  assert.is(entry.hasPassword, false);
  assert.is(entry.workspaceEndpoint, null);
});

test('a UTF-16LE SensorConfiguration.json with BOM and a UTF-8 registry.reg are read', () => {
  const version = '2.253.0.1';
  const json = JSON.stringify({ SensorProxyConfiguration: { Url: 'https://proxy.fabrikam.com:8443', UserName: 'FABRIKAM\\svc' } });
  const image = makeImage({
    registry: EMPTY_REGISTRY,
    registryEncoding: 'utf8',
    files: {
      [`${SENSOR_FOLDER}\\${version}\\SensorConfiguration.json`]: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]),
    },
    services: sensorServices(version),
  });
  const entry = getSensor(image);
  assert.is(entry.url, 'https://proxy.fabrikam.com:8443');
  assert.is(entry.userName, 'FABRIKAM\\svc');
});

test('a sensor installed outside a version folder reports no version', () => {
  const image = makeImage({
    registry: EMPTY_REGISTRY,
    files: { 'D:\\MDI\\Sensor\\SensorConfiguration.json': '{"SensorProxyConfiguration":null}' },
    services: { AATPSensor: { state: 'running', binaryPath: 'D:\\MDI\\Sensor\\Microsoft.Tri.Sensor.exe' } },
  });
  const entry = getSensor(image);
  assert.is(entry.status, 'no-proxy');
  assert.is(entry.sensorVersion, null);
  assert.is(entry.configurationPath, 'D:\\MDI\\Sensor\\SensorConfiguration.json');
});

test.run();
