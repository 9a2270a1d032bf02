/**
 * The json/ module's contract: Go encoding/json decoding as the real
 * Toxiproxy server applies it to request bodies (shared/reference/toxiproxy-api.md
 * §2.3), and Go's encoding of our answers (key order, escaping, float32).
 */
import { describe, expect, it } from 'vitest';
import * as json from '../../runner/toxiproxy/json/index.ts';
import {
  decodeJson,
  encodeJson,
  Float32,
  formatFloat32,
  goBool,
  goFloat32,
  goInt,
  goInt64,
  goInterfaceHolding,
  goSlice,
  goString,
  goStruct,
  JsonDecodeError,
  parseFirstValue,
  type JsonValue,
} from '../../runner/toxiproxy/json/index.ts';

const bytes = (text: string, encoding: BufferEncoding = 'utf8'): Buffer => Buffer.from(text, encoding);
const parse = (text: string, encoding?: BufferEncoding): JsonValue => parseFirstValue(bytes(text, encoding));

/** The Go error text a body gives, or 'ok'. */
function parseError(text: string, encoding?: BufferEncoding): string {
  try {
    parse(text, encoding);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(JsonDecodeError);
    return (error as Error).message;
  }
}

/** Plain JS view of a parsed value (objects as entry lists, to keep duplicates). */
function plain(value: JsonValue): unknown {
  switch (value.kind) {
    case 'null':
      return null;
    case 'bool':
    case 'string':
      return value.value;
    case 'number':
      return `#${value.text}`;
    case 'array':
      return value.items.map(plain);
    case 'object':
      return value.entries.map(([k, v]) => [k, plain(v)]);
  }
}

const proxy = goStruct({
  goString: 'toxiproxy.Proxy',
  name: 'Proxy',
  fields: { name: goString, listen: goString, upstream: goString, enabled: goBool },
});
const latency = goStruct({
  goString: 'toxics.LatencyToxic',
  name: 'LatencyToxic',
  fields: { latency: goInt64, jitter: goInt64 },
});
const toxicUpdate = goStruct({
  goString: 'struct { Attributes interface {} "json:\\"attributes\\""; Toxicity float32 "json:\\"toxicity\\"" }',
  name: '',
  fields: { attributes: goInterfaceHolding(latency, 'interface {}'), toxicity: goFloat32 },
});
const wrapper = goStruct({
  goString: 'toxics.ToxicWrapper',
  name: 'ToxicWrapper',
  fields: {
    attributes: goInterfaceHolding(goStruct({ goString: 'toxics.NoopToxic', name: 'NoopToxic', fields: {} }), 'toxics.Toxic'),
    toxicity: goFloat32,
  },
});

function decodeError<T>(text: string, type: json.GoType<T>): string {
  try {
    decodeJson(bytes(text), type);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(JsonDecodeError);
    return (error as Error).message;
  }
}

describe('json module', () => {
  it('exports exactly its public surface', () => {
    expect(Object.keys(json).sort()).toEqual(
      [
        'Float32',
        'JsonDecodeError',
        'decodeJson',
        'decodeValue',
        'encodeJson',
        'formatFloat32',
        'goBool',
        'goFloat32',
        'goInt',
        'goInt64',
        'goInterfaceHolding',
        'goSlice',
        'goString',
        'goStruct',
        'parseFirstValue',
        'quoteString',
      ].sort(),
    );
  });
});

describe('parseFirstValue: reading a body like json.Decoder', () => {
  it('answers EOF for a body with no value at all', () => {
    expect(parseError('')).toBe('EOF');
    expect(parseError(' \t\r\n ')).toBe('EOF');
  });

  it('reads only the first value and ignores the bytes after it', () => {
    expect(plain(parse('{"a":1} trailing garbage'))).toEqual([['a', '#1']]);
    expect(plain(parse('[1]]]'))).toEqual(['#1']);
    expect(plain(parse('"s"x'))).toBe('s');
    expect(plain(parse('nullx'))).toBeNull();
    expect(plain(parse('truefalse'))).toBe(true);
    expect(plain(parse('123abc'))).toBe('#123');
    // At the top level a 0 ends the number, so `01` is the value 0 followed by garbage.
    expect(plain(parse('01'))).toBe('#0');
    expect(plain(parse('  {} {'))).toEqual([]);
  });

  it('keeps number literals as written and object members in order, duplicates included', () => {
    expect(plain(parse('[-0.5e+10, 10.5, 1E3, -0, 9223372036854775808]'))).toEqual([
      '#-0.5e+10',
      '#10.5',
      '#1E3',
      '#-0',
      '#9223372036854775808',
    ]);
    expect(plain(parse('{"b":1,"a":2,"b":3}'))).toEqual([
      ['b', '#1'],
      ['a', '#2'],
      ['b', '#3'],
    ]);
    expect(plain(parse('{ "a" : [ ] , "b" : { } }'))).toEqual([
      ['a', []],
      ['b', []],
    ]);
  });

  it.each([
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ['{,}', "invalid character ',' looking for beginning of object key string"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['[1 2]', "invalid character '2' after array element"],
    ['[01]', "invalid character '1' after array element"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1ex', "invalid character 'x' in exponent of numeric literal"],
    ['1e+x', "invalid character 'x' in exponent of numeric literal"],
    ['.5', "invalid character '.' looking for beginning of value"],
    ['+1', "invalid character '+' looking for beginning of value"],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['fals0', "invalid character '0' in literal false (expecting 'e')"],
    ['nil', "invalid character 'i' in literal null (expecting 'u')"],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12x4"', "invalid character 'x' in \\u hexadecimal character escape"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ['{"a":"b"\'}', "invalid character '\\'' after object key:value pair"],
    ['["a"\\]', "invalid character '\\\\' after array element"],
    ['{"a":tru"', `invalid character '"' in literal true (expecting 'e')`],
  ])('reports %j as Go does', (body, message) => {
    expect(parseError(body)).toBe(message);
  });

  it('quotes control and non-ASCII bytes the way Go prints them', () => {
    expect(parseError('"a\u0001"')).toBe("invalid character '\\x01' in string literal");
    expect(parseError('"a\nb"')).toBe("invalid character '\\n' in string literal");
    expect(parseError('"a\tb"')).toBe("invalid character '\\t' in string literal");
    expect(parseError('\u0000')).toBe("invalid character '\\x00' looking for beginning of value");
    expect(parseError('\u007f')).toBe("invalid character '\\x7f' looking for beginning of value");
    // A byte above 0x7f is shown as the code point of the same number.
    expect(parseError('\u00e9', 'latin1')).toBe("invalid character 'é' looking for beginning of value");
    expect(parseError('\u0080', 'latin1')).toBe("invalid character '\\u0080' looking for beginning of value");
    expect(parseError('\u00a0', 'latin1')).toBe("invalid character '\\u00a0' looking for beginning of value");
    expect(parseError('\u00ad', 'latin1')).toBe("invalid character '\\u00ad' looking for beginning of value");
  });

  it.each(['{', '{"a"', '{"a":', '{"a":1', '{"a":1,', '[', '[1', '[1,', '"abc', '"a\\', '"\\u12', '-', '1.', '1e', '1e+', 't', 'tru', 'nul', '  [ '])(
    'answers unexpected EOF for %j, a body cut inside a value',
    (body) => {
      expect(parseError(body)).toBe('unexpected EOF');
    },
  );

  it('unescapes strings as Go does, replacing what is not valid UTF-16 or UTF-8 by U+FFFD', () => {
    expect(plain(parse('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9"'))).toBe('"\\/\b\f\n\r\tAé');
    expect(plain(parse('"\\ud83d\\ude00"'))).toBe('😀');
    expect(plain(parse('"\\uD83D\\uDE00"'))).toBe('😀');
    expect(plain(parse('"\\ud800\\u0041"'))).toBe('\ufffdA');
    expect(plain(parse('"\\ude00x"'))).toBe('\ufffdx');
    expect(plain(parse('"\\ud800\\ud800\\udc00"'))).toBe('\ufffd\u{10000}');
    expect(plain(parse('"ünï 😀"'))).toBe('ünï 😀');
    // Each byte that starts no valid sequence becomes one U+FFFD: ff, e2 (cut short), 82.
    expect(plain(parse('"\u00ff\u00e2\u0082A"', 'latin1'))).toBe('\ufffd\ufffd\ufffdA');
    expect(plain(parse('"\u00ed\u00a0\u0080"', 'latin1'))).toBe('\ufffd\ufffd\ufffd');
    expect(plain(parse('"\u00ff"', 'latin1'))).toBe('\ufffd');
  });

  it('applies Go nesting limit of 10000 without overflowing the stack', () => {
    expect(parseError(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)).toBe('ok');
    expect(parseError(`${'['.repeat(10_001)}${']'.repeat(10_001)}`)).toBe("invalid character '[' exceeded max depth");
    expect(parseError(`${'{"a":'.repeat(10_001)}1${'}'.repeat(10_001)}`)).toBe("invalid character '{' exceeded max depth");
  });
});

describe('decoding into Go structs', () => {
  it('matches keys case-insensitively, ignores unknown ones, and lets the last duplicate win', () => {
    expect(decodeJson(bytes('{"NAME":"a","UpStream":"b","ENABLED":false,"toxics":[1],"other":{}}'), proxy)).toEqual({
      name: 'a',
      upstream: 'b',
      enabled: false,
    });
    expect(decodeJson(bytes('{"name":"a","Name":"b"}'), proxy)).toEqual({ name: 'b' });
  });

  it('prefers an exact key match, then the first field that folds equal', () => {
    const twins = goStruct({ goString: 'T', name: 'T', fields: { ab: goString, AB: goString } });
    expect(decodeJson(bytes('{"AB":"exact"}'), twins)).toEqual({ AB: 'exact' });
    expect(decodeJson(bytes('{"aB":"folded"}'), twins)).toEqual({ ab: 'folded' });
  });

  it("folds the Kelvin sign and long s like Go's simple case folding", () => {
    const keyed = goStruct({ goString: 'T', name: 'T', fields: { key: goString, size: goString } });
    expect(decodeJson(bytes('{"\u212aEY":"k","\u017fize":"s"}'), keyed)).toEqual({ key: 'k', size: 's' });
    expect(decodeJson(bytes('{"kéy":"no"}'), keyed)).toEqual({});
  });

  it('treats null as not given, and a body of only null like {}', () => {
    expect(decodeJson(bytes('{"name":"a","name":null,"enabled":null}'), proxy)).toEqual({ name: 'a' });
    expect(decodeJson(bytes('null'), proxy)).toBeUndefined();
    expect(decodeJson(bytes('{}'), proxy)).toEqual({});
  });

  it.each([
    ['{"enabled":"no"}', 'json: cannot unmarshal string into Go struct field Proxy.enabled of type bool'],
    ['{"enabled":1}', 'json: cannot unmarshal number into Go struct field Proxy.enabled of type bool'],
    ['{"name":5}', 'json: cannot unmarshal number into Go struct field Proxy.name of type string'],
    ['{"name":true}', 'json: cannot unmarshal bool into Go struct field Proxy.name of type string'],
    ['{"listen":{}}', 'json: cannot unmarshal object into Go struct field Proxy.listen of type string'],
    ['{"UPSTREAM":[]}', 'json: cannot unmarshal array into Go struct field Proxy.upstream of type string'],
    ['[]', 'json: cannot unmarshal array into Go value of type toxiproxy.Proxy'],
    ['"x"', 'json: cannot unmarshal string into Go value of type toxiproxy.Proxy'],
    ['7', 'json: cannot unmarshal number into Go value of type toxiproxy.Proxy'],
  ])('refuses %s with Go text', (body, message) => {
    expect(decodeError(body, proxy)).toBe(message);
  });

  it('reports the first type error in document order, after checking the whole syntax', () => {
    expect(decodeError('{"enabled":"x","name":1}', proxy)).toBe(
      'json: cannot unmarshal string into Go struct field Proxy.enabled of type bool',
    );
    expect(decodeError('{"enabled":"x","name":', proxy)).toBe('unexpected EOF');
  });

  it('reads int64 fields only from integer literals within range', () => {
    expect(decodeJson(bytes('{"latency":100,"jitter":-0}'), latency)).toEqual({ latency: 100, jitter: 0 });
    expect(decodeJson(bytes('{"latency":-9223372036854775808}'), latency)).toEqual({ latency: -(2 ** 63) });
    expect(decodeJson(bytes('{"latency":9223372036854775807}'), latency)).toEqual({ latency: 2 ** 63 });
    const error = (value: string) => decodeError(`{"latency":${value}}`, latency);
    expect(error('10.5')).toBe(
      'json: cannot unmarshal number 10.5 into Go struct field LatencyToxic.latency of type int64',
    );
    expect(error('1e3')).toBe('json: cannot unmarshal number 1e3 into Go struct field LatencyToxic.latency of type int64');
    expect(error('1.0')).toBe('json: cannot unmarshal number 1.0 into Go struct field LatencyToxic.latency of type int64');
    expect(error('9223372036854775808')).toBe(
      'json: cannot unmarshal number 9223372036854775808 into Go struct field LatencyToxic.latency of type int64',
    );
    expect(error('-9223372036854775809')).toBe(
      'json: cannot unmarshal number -9223372036854775809 into Go struct field LatencyToxic.latency of type int64',
    );
    expect(error('"100"')).toBe('json: cannot unmarshal string into Go struct field LatencyToxic.latency of type int64');
  });

  it('names Go int fields as int', () => {
    const slicer = goStruct({ goString: 'toxics.SlicerToxic', name: 'SlicerToxic', fields: { delay: goInt } });
    expect(decodeError('{"delay":0.5}', slicer)).toBe(
      'json: cannot unmarshal number 0.5 into Go struct field SlicerToxic.delay of type int',
    );
  });

  it('reads float32 fields rounded to float32, refusing values beyond its range', () => {
    expect(decodeJson(bytes('{"toxicity":0.1}'), toxicUpdate)).toEqual({ toxicity: Math.fround(0.1) });
    expect(decodeJson(bytes('{"toxicity":7}'), toxicUpdate)).toEqual({ toxicity: 7 });
    expect(decodeJson(bytes('{"toxicity":1e-50}'), toxicUpdate)).toEqual({ toxicity: 0 });
    expect(decodeError('{"toxicity":1e39}', toxicUpdate)).toBe(
      'json: cannot unmarshal number 1e39 into Go struct field .toxicity of type float32',
    );
    expect(decodeError('{"toxicity":"x"}', toxicUpdate)).toBe(
      'json: cannot unmarshal string into Go struct field .toxicity of type float32',
    );
  });

  it('gives nested errors the innermost struct and the whole field path', () => {
    expect(decodeError('{"attributes":{"latency":10.5}}', toxicUpdate)).toBe(
      'json: cannot unmarshal number 10.5 into Go struct field LatencyToxic.attributes.latency of type int64',
    );
    expect(decodeError('{"attributes":[1]}', toxicUpdate)).toBe(
      'json: cannot unmarshal array into Go struct field .attributes of type toxics.LatencyToxic',
    );
  });

  it('merges repeated attributes objects into the held struct, as Go decodes into the same pointer', () => {
    const decoded = decodeJson(bytes('{"attributes":{"latency":5},"ATTRIBUTES":{"jitter":3}}'), toxicUpdate);
    expect(decoded?.attributes).toEqual({ value: { latency: 5, jitter: 3 }, holding: true });
  });

  it('after a null, an empty interface takes anything and the struct keeps what it had', () => {
    const decoded = decodeJson(
      bytes('{"attributes":{"latency":5},"attributes":null,"attributes":{"latency":"x","jitter":9}}'),
      toxicUpdate,
    );
    expect(decoded?.attributes).toEqual({ value: { latency: 5 }, holding: false });
  });

  it('checks only the JSON kind of attributes in the NoopToxic placeholder of the first pass', () => {
    expect(decodeError('{"attributes":{"latency":"anything"}}', wrapper)).toBe('ok');
    for (const [value, kind] of [
      ['[1,2]', 'array'],
      ['"x"', 'string'],
      ['5', 'number'],
      ['true', 'bool'],
    ]) {
      expect(decodeError(`{"attributes":${value}}`, wrapper)).toBe(
        `json: cannot unmarshal ${kind} into Go struct field ToxicWrapper.attributes of type toxics.NoopToxic`,
      );
    }
    // A null sets the toxics.Toxic interface to nil; an object after it cannot be decoded into a nil interface.
    expect(decodeError('{"attributes":null,"attributes":{}}', wrapper)).toBe(
      'json: cannot unmarshal object into Go struct field ToxicWrapper.attributes of type toxics.Toxic',
    );
  });

  it('decodes slices element by element from zero values', () => {
    const entry = goStruct({ goString: 'struct { toxiproxy.Proxy }', name: '', fields: { name: goString, enabled: goBool } });
    const list = goSlice(entry);
    expect(decodeJson(bytes('[{"name":"a"},null,{"ENABLED":false}]'), list)).toEqual([{ name: 'a' }, undefined, { enabled: false }]);
    expect(decodeJson(bytes('null'), list)).toBeUndefined();
    expect(decodeJson(bytes('[]'), list)).toEqual([]);
    expect(decodeError('{}', list)).toBe('json: cannot unmarshal object into Go value of type []struct { toxiproxy.Proxy }');
    expect(decodeError('[{"name":5}]', list)).toBe('json: cannot unmarshal number into Go struct field .name of type string');
    expect(decodeError('[5]', list)).toBe('json: cannot unmarshal number into Go value of type struct { toxiproxy.Proxy }');
  });
});

describe('formatFloat32: Go float32 in JSON', () => {
  it.each([
    [0.1, '0.1'],
    [1, '1'],
    [-1, '-1'],
    [7, '7'],
    [0.25, '0.25'],
    [0.5, '0.5'],
    [0.3, '0.3'],
    [0.99, '0.99'],
    [1 / 3, '0.33333334'],
    [0, '0'],
    [-0, '-0'],
    [1e-7, '1e-7'],
    [1.5e-7, '1.5e-7'],
    [0.000001, '0.000001'],
    [123456789, '123456790'],
    [16777217, '16777216'],
    [1e20, '100000000000000000000'],
    [1e21, '1e+21'],
    [3.4028234663852886e38, '3.4028235e+38'],
    [1.401298464324817e-45, '1e-45'],
    [2.5e-45, '3e-45'],
  ])('prints %d as %s', (value, text) => {
    expect(formatFloat32(value)).toBe(text);
  });

  it('always prints the shortest text that reads back as the same float32', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let i = 0; i < 2000; i++) {
      const f = Math.fround((random() - 0.5) * 10 ** Math.floor(random() * 20 - 10));
      const text = formatFloat32(f);
      expect(Math.fround(Number(text))).toBe(f);
      const digits = text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+|0+$/g, '');
      if (digits.length > 1) {
        const shorter = Number(f.toPrecision(digits.length - 1));
        expect(Math.fround(shorter)).not.toBe(f);
      }
    }
  });

  it('refuses what Go cannot encode', () => {
    expect(() => formatFloat32(Number.NaN)).toThrow(RangeError);
    expect(() => formatFloat32(1e39)).toThrow(RangeError);
  });
});

describe('encodeJson: Go json.Marshal output', () => {
  it('writes compact JSON with keys in the order given, leaving out undefined members', () => {
    expect(encodeJson({ name: 'echo', listen: 'a', enabled: true, Logger: {}, toxics: [], skipped: undefined, n: null })).toBe(
      '{"name":"echo","listen":"a","enabled":true,"Logger":{},"toxics":[],"n":null}',
    );
  });

  it('keeps the order of a Map even for integer-like keys, which a plain object would move', () => {
    expect(encodeJson(new Map([['10', 1], ['2', 2], ['a', 3]]))).toBe('{"10":1,"2":2,"a":3}');
  });

  it('escapes strings as Go does, HTML characters and line separators included', () => {
    expect(encodeJson('<a & b>')).toBe('"\\u003ca \\u0026 b\\u003e"');
    expect(encodeJson('"\\\n\r\t\b\f\u0001\u001f\u007f')).toBe('"\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u001f\u007f"');
    expect(encodeJson('\u2028\u2029')).toBe('"\\u2028\\u2029"');
    expect(encodeJson('ünï 😀')).toBe('"ünï 😀"');
    expect(encodeJson('a\ud800b\udc00')).toBe('"a\\ufffdb\\ufffd"');
  });

  it('prints numbers as Go prints float64, and Float32 values as Go prints float32', () => {
    expect(encodeJson([100, -3, 0.1, 1e21, 1e-7, -0, 9007199254740993])).toBe('[100,-3,0.1,1e+21,1e-7,-0,9007199254740992]');
    expect(encodeJson({ toxicity: new Float32(Math.fround(0.1)) })).toBe('{"toxicity":0.1}');
    expect(() => encodeJson(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
