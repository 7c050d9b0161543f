import { ToolError, EXIT, type ExitCode } from './errors';

/**
 * Every user-facing error sentence, keyed by its stable code. Code refers to the key; the sentence is written
 * once here. Advice sentences of connectivity probes live in core/net/advice.ts, keyed the same way.
 */
export const messages = {
  REQUEST_EMPTY: () => 'The request on stdin is empty: send one JSON object, e.g. {"product":"mdi"}.',
  REQUEST_NOT_JSON: (detail: string) => `The request is not valid JSON (${detail}).`,
  REQUEST_NOT_OBJECT: (kind: string) => `The request must be a JSON object, not ${kind}.`,
  REQUEST_INPUT_UNREADABLE: (path: string) => `Cannot read the request file ${path}.`,
  COMMAND_MISSING: () => 'No command given. Run `defenderproxy --help` for the list of commands.',
  COMMAND_UNKNOWN: (name: string, known: string) => `Unknown command "${name}". Known commands: ${known}.`,
  FIELD_UNKNOWN: (field: string, hint: string) => `Unknown field "${field}"${hint}.`,
  FIELD_MISSING: (field: string) => `The field "${field}" is required.`,
  FIELD_TYPE: (field: string, expected: string) => `The field "${field}" must be ${expected}.`,
  FIELD_VALUE: (field: string, allowed: string) => `The field "${field}" must be one of: ${allowed}.`,
  FIELD_INVALID: (field: string, detail: string) => `The field "${field}" is invalid: ${detail}.`,
  MACHINE_REQUIRED: () =>
    'This command needs a machine: run it on Windows, or name an offline machine image with "machine": "<folder>".',
  MACHINE_NOT_FOUND: (path: string) => `The machine image folder ${path} does not exist.`,
  MACHINE_NOT_IMAGE: (path: string) =>
    `${path} is not a machine image: it holds neither registry.reg, files/, services.json nor certificates/.`,
  REGISTRY_MALFORMED: (file: string, detail: string) => `The registry file ${file} is malformed: ${detail}.`,
  SERVICES_MALFORMED: (file: string, detail: string) => `The services file ${file} is malformed: ${detail}.`,
  SENSOR_CONFIG_UNREADABLE: (file: string, detail: string) =>
    `The sensor configuration ${file} cannot be read: ${detail}. Nothing was changed.`,
  HOST_COMMAND_FAILED: (command: string, detail: string) => `${command} failed: ${detail}.`,
  CAPTURE_OUTPUT_EXISTS: (path: string) => `The capture folder ${path} already exists: name a new folder, nothing was written.`,
  INTERNAL: (detail: string) => `Internal error: ${detail}. Please report it.`,
} as const;

export type MessageCode = keyof typeof messages;

/** A ToolError whose sentence comes from the table above. */
export function fail<C extends MessageCode>(
  code: C,
  args: Parameters<(typeof messages)[C]>,
  options: { field?: string; exit?: ExitCode; details?: unknown } = {},
): ToolError {
  const render = messages[code] as (...a: unknown[]) => string;
  return new ToolError(code, render(...args), options);
}

export { EXIT };
