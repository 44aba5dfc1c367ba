import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError, formatInputError } from '../../src/errors.js';
import { MAX_DURATION_SECONDS, formatDuration, parseDuration } from '../../src/scenario/duration.js';

describe('parseDuration', () => {
  it.each([
    [0, 0],
    [90, 90],
    [0.25, 0.25],
    ['90s', 90],
    ['5m', 300],
    ['1h30m', 5400],
    ['2d', 172_800],
    ['250ms', 0.25],
    ['1.5h', 5400],
    ['1d2h3m4s5ms', 93_784.005],
    [' 5m ', 300],
    ['10m0s', 600],
    [MAX_DURATION_SECONDS, MAX_DURATION_SECONDS],
    ['3650d', MAX_DURATION_SECONDS],
  ])('%j is %d seconds', (input, seconds) => {
    expect(parseDuration(input)).toBe(seconds);
  });

  it.each([
    -1, NaN, Infinity, -Infinity, MAX_DURATION_SECONDS + 1, '3651d', '', ' ', '5', '300', '5 m', '5M', 'm', '.5h', '5.m',
    '-5m', '+5m', '1e3s', '30m1h', '5m5m', '1h 30m', '5min', '2w', 'h1', '1s'.repeat(30), true, null, undefined, [], {}, ['5m'],
  ])('refuses %j', (input) => {
    expect(() => parseDuration(input)).toThrow(InputError);
  });

  it('names the value and what is allowed', () => {
    expect(() => parseDuration('5x')).toThrow(/^got "5x"; allowed: a duration from 0 to 10 years: seconds, or a string like "90s", "5m", "1h30m"/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.25, '250ms'],
    [300, '5m'],
    [5400, '1h30m'],
    [604_800, '7d'],
    [90.5, '1m30s500ms'],
  ])('%d seconds is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('round-trips whole milliseconds through parseDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DURATION_SECONDS * 1000 }), (ms) => {
        expect(parseDuration(formatDuration(ms / 1000))).toBeCloseTo(ms / 1000, 6);
      }),
    );
  });
});

describe('InputError', () => {
  it('formats file, path, problem and allowed on one line', () => {
    const error = new InputError({ file: 'a.yaml', path: 'stops[1].at', problem: 'got -1', allowed: 'a duration' });
    expect(error.message).toBe('a.yaml: stops[1].at: got -1; allowed: a duration');
    expect(error).toMatchObject({ name: 'InputError', file: 'a.yaml', path: 'stops[1].at', allowed: 'a duration' });
  });

  it('leaves out the parts that do not apply', () => {
    expect(formatInputError({ problem: 'no such file', file: 'x.yaml' })).toBe('x.yaml: no such file');
    expect(formatInputError({ problem: 'got 0', allowed: 'more' })).toBe('got 0; allowed: more');
  });

  it('escapes line breaks from file names and values', () => {
    const message = formatInputError({ file: 'a\nb.yaml', problem: 'got "x\u2028y"\r' });
    expect(message).toBe('a\\nb.yaml: got "x\\u2028y"\\r');
  });
});
