/** Where Windows keeps each proxy setting (FACTS.md §1–2, FORMATS.md §1–2). */

export const INTERNET_SETTINGS_CONNECTIONS = 'Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';

export const KEYS = {
  wininetCurrentUser: `HKEY_CURRENT_USER\\${INTERNET_SETTINGS_CONNECTIONS}`,
  wininetLocalSystem: `HKEY_USERS\\S-1-5-18\\${INTERNET_SETTINGS_CONNECTIONS}`,
  wininetLocalService: `HKEY_USERS\\S-1-5-19\\${INTERNET_SETTINGS_CONNECTIONS}`,
  winhttp: `HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections`,
  dataCollection: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection',
  advancedThreatProtection: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Advanced Threat Protection',
  defenderPolicy: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender',
  sensorService: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\AATPSensor',
} as const;

export const SERVICES = {
  sensor: 'AATPSensor',
  sensorUpdater: 'AATPSensorUpdater',
} as const;

/** A running SenseIdentity process marks the v3 (unified) MDI sensor. */
export const V3_SENSOR_PROCESS = 'SenseIdentity.exe';

export const SENSOR_CONFIGURATION_FILE = 'SensorConfiguration.json';
