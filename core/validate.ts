import type { ErrorObject, ValidateFunction } from 'ajv';
import type { CommandName, Requests } from './protocol';
import { detail, fail, phrase } from './messages';
import type { ToolError } from './errors';
import { closest } from './cli/did-you-mean';

/** Defined by the executable's build, which bundles validators compiled ahead of time (build/validators.ts). */
declare const DEFENDERPROXY_PRECOMPILED: boolean;

let compile: ((definition: string) => ValidateFunction) | null = null;
const validators = new Map<string, ValidateFunction>();

function compiler(): (definition: string) => ValidateFunction {
  if (typeof DEFENDERPROXY_PRECOMPILED !== 'undefined') {
    const precompiled = require('defenderproxy-precompiled-validators') as Record<string, ValidateFunction>;
    return (definition) => precompiled[definition]!;
  }
  // From source (tests, tsx): compile the committed schema now.
  const { default: Ajv } = require('ajv') as typeof import('ajv');
  const ajv = new Ajv({ allErrors: false, strict: false, verbose: true }).addSchema(
    require('../schema/defenderproxy.schema.json'),
    'defenderproxy',
  );
  return (definition) => ajv.getSchema(`defenderproxy#/definitions/${definition}`)!;
}

function definitionName(command: CommandName): string {
  return command[0]!.toUpperCase() + command.slice(1) + 'Request';
}

function validatorFor(command: CommandName): ValidateFunction {
  let validate = validators.get(command);
  if (!validate) {
    compile ??= compiler();
    validate = compile(definitionName(command));
    validators.set(command, validate);
  }
  return validate;
}

/** Checks a parsed request against the committed JSON Schema; throws a ToolError naming the field. */
export function validateRequest<N extends CommandName>(command: N, request: unknown): Requests[N] {
  const validate = validatorFor(command);
  if (validate(request)) return request as Requests[N];
  throw toToolError(pickError(validate.errors ?? []));
}

/** anyOf failures report every branch; the most specific error is the one deepest in the request. */
function pickError(errors: ErrorObject[]): ErrorObject {
  const concrete = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const pool = concrete.length > 0 ? concrete : errors;
  return pool.reduce((best, e) => (e.instancePath.length > best.instancePath.length ? e : best), pool[0]!);
}

function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function toToolError(error: ErrorObject): ToolError {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const field = fieldPath(error.instancePath, name);
      const known = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const close = closest(name, known);
      const hint = close
        ? phrase('FIELD_DID_YOU_MEAN', { name: close })
        : known.length
          ? phrase('FIELD_KNOWN_HERE', { known: known.join(', ') })
          : '';
      return fail('FIELD_UNKNOWN', { field, hint }, { field });
    }
    case 'required': {
      const field = fieldPath(error.instancePath, String(params.missingProperty));
      return fail('FIELD_MISSING', { field }, { field });
    }
    case 'type': {
      const field = fieldPath(error.instancePath) || '(request)';
      return fail('FIELD_TYPE', { field, expected: article(String(params.type)) }, { field });
    }
    case 'enum': {
      const field = fieldPath(error.instancePath);
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return fail('FIELD_VALUE', { field, allowed }, { field });
    }
    case 'const': {
      const field = fieldPath(error.instancePath);
      return fail('FIELD_VALUE', { field, allowed: JSON.stringify(params.allowedValue) }, { field });
    }
    case 'maxLength':
    case 'maxItems':
    case 'maxProperties': {
      const field = fieldPath(error.instancePath) || '(request)';
      const unit = error.keyword === 'maxLength' ? 'characters' : error.keyword === 'maxItems' ? 'entries' : 'names';
      // A propertyNames limit reports the object's path and, apart, the name that broke it.
      const shown = (error as { propertyName?: string }).propertyName !== undefined ? detail('FIELD_NAME_IN', { field }) : field;
      return fail('FIELD_TOO_LONG', { field: shown, limit: Number(params.limit), unit }, { field });
    }
    case 'minimum':
    case 'maximum': {
      const field = fieldPath(error.instancePath) || '(request)';
      const schema = error.parentSchema as { minimum?: number; maximum?: number };
      return fail(
        'FIELD_OUT_OF_RANGE',
        { field, minimum: schema.minimum ?? Number.MIN_SAFE_INTEGER, maximum: schema.maximum ?? Number.MAX_SAFE_INTEGER },
        { field },
      );
    }
    case 'pattern': {
      const field = fieldPath(error.instancePath) || '(request)';
      return fail('FIELD_CHARACTERS', { field }, { field });
    }
    default: {
      const field = fieldPath(error.instancePath) || '(request)';
      return fail('FIELD_INVALID', { field, detail: error.message ?? error.keyword }, { field });
    }
  }
}

function article(type: string): string {
  const names = type.split(',').map((t) => (t === 'array' || t === 'object' || t === 'integer' ? `an ${t}` : `a ${t}`));
  return names.join(' or ');
}
