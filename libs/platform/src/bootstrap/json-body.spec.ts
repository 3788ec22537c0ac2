import { jsonShapeProblems, MAX_JSON_DEPTH, strictUtf8 } from './json-body';

describe('jsonShapeProblems', () => {
  it('passes an ordinary form', () => {
    expect(jsonShapeProblems({ household: { composition: 'single-parent' }, children: [{ firstName: 'Femke 👧' }] })).toEqual([]);
  });

  it('refuses __proto__, constructor and prototype keys, naming where', () => {
    const body = JSON.parse('{"a":{"__proto__":{"admin":true}},"constructor":1,"list":[{"prototype":2}]}');
    expect(jsonShapeProblems(body).map((p) => [p.pointer, p.code])).toEqual([
      ['/a/__proto__', 'forbiddenKey'],
      ['/constructor', 'forbiddenKey'],
      ['/list/0/prototype', 'forbiddenKey'],
    ]);
  });

  it('refuses NUL and lone surrogates in values and keys, but not a proper pair', () => {
    expect(jsonShapeProblems({ name: 'a\u0000b' })).toEqual([expect.objectContaining({ pointer: '/name', code: 'invalidText' })]);
    expect(jsonShapeProblems({ name: 'x\uD800' })).toHaveLength(1);
    expect(jsonShapeProblems({ name: '\uDC00x' })).toHaveLength(1);
    expect(jsonShapeProblems({ 'ke\u0000y': 1 })).toEqual([expect.objectContaining({ code: 'invalidText' })]);
    expect(jsonShapeProblems({ name: '\uD83D\uDE00' })).toEqual([]);
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH}`, () => {
    let deep: unknown = 'end';
    for (let i = 0; i < MAX_JSON_DEPTH + 5; i++) deep = [deep];
    expect(jsonShapeProblems({ a: deep })).toEqual([expect.objectContaining({ code: 'tooDeep' })]);
    let fine: unknown = 'end';
    for (let i = 0; i < MAX_JSON_DEPTH - 2; i++) fine = [fine];
    expect(jsonShapeProblems({ a: fine })).toEqual([]);
  });

  it('escapes / and ~ in pointers (RFC 6901)', () => {
    expect(jsonShapeProblems({ 'a/b~c': 'x\u0000' })[0].pointer).toBe('/a~1b~0c');
  });
});

describe('strictUtf8', () => {
  it('lets UTF-8 through and refuses other bytes with a 400', () => {
    expect(() => strictUtf8(null, null, Buffer.from('{"naam":"Ãrjan"}'))).not.toThrow();
    expect(() => strictUtf8(null, null, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toThrow(expect.objectContaining({ status: 400, expose: true }));
  });
});
