import { plainToInstance, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsString, Matches, Min, ValidateNested, validate } from 'class-validator';
import type { ValidationError } from '@nestjs/common';
import { toFieldProblems } from './validation';

class HouseholdDto {
  @IsIn(['single', 'single-parent', 'couple'])
  composition: string;

  @IsInt()
  @Min(0)
  netMonthlyIncomeCents: number;
}

class ItemDto {
  @IsString()
  childRef: string;

  @IsIn(['school-trip', 'birthday-box'])
  category: string;

  @IsInt()
  @Min(1)
  amountCents: number;
}

class RequestDto {
  @Matches(/^GM\d{4}$/)
  municipalityCode: string;

  @ValidateNested()
  @Type(() => HouseholdDto)
  household: HouseholdDto;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items: ItemDto[];
}

const valid = {
  municipalityCode: 'GM0080',
  household: { composition: 'single-parent', netMonthlyIncomeCents: 145000 },
  items: [{ childRef: 'c1', category: 'school-trip', amountCents: 4500 }],
};

async function problemsFor(body: object) {
  const errors = await validate(plainToInstance(RequestDto, body));
  return toFieldProblems(errors).map(({ pointer, code }) => ({ pointer, code }));
}

describe('toFieldProblems with class-validator errors', () => {
  it('reports nothing for a valid body', async () => {
    expect(await problemsFor(valid)).toEqual([]);
  });

  it('points into a nested object', async () => {
    const body = { ...valid, household: { composition: 'single-parent', netMonthlyIncomeCents: -1 } };
    expect(await problemsFor(body)).toEqual([{ pointer: '/household/netMonthlyIncomeCents', code: 'min' }]);
  });

  it('points into an array element by index', async () => {
    const body = {
      ...valid,
      items: [
        { childRef: 'c1', category: 'school-trip', amountCents: 4500 },
        { childRef: 'c1', category: 'flying-lessons', amountCents: 4500 },
      ],
    };
    expect(await problemsFor(body)).toEqual([{ pointer: '/items/1/category', code: 'isIn' }]);
  });

  it('reports the first item as /items/0/category', async () => {
    const body = { ...valid, items: [{ childRef: 'c1', category: 'pony', amountCents: 4500 }] };
    expect(await problemsFor(body)).toEqual([{ pointer: '/items/0/category', code: 'isIn' }]);
  });

  it('reports a missing value once as required, not as the type errors that follow from it', async () => {
    const body = { ...valid, household: { composition: 'single-parent' } };
    expect(await problemsFor(body)).toEqual([{ pointer: '/household/netMonthlyIncomeCents', code: 'required' }]);
  });

  it('treats null as missing', async () => {
    const body = { ...valid, items: [{ childRef: 'c1', category: 'school-trip', amountCents: null }] };
    expect(await problemsFor(body)).toEqual([{ pointer: '/items/0/amountCents', code: 'required' }]);
  });

  it('reports every failed rule of a present but wrong value', async () => {
    const body = { ...valid, household: { composition: 'single-parent', netMonthlyIncomeCents: -0.5 } };
    expect((await problemsFor(body)).sort((a, b) => a.code.localeCompare(b.code))).toEqual([
      { pointer: '/household/netMonthlyIncomeCents', code: 'isInt' },
      { pointer: '/household/netMonthlyIncomeCents', code: 'min' },
    ]);
  });

  it('reports every invalid field at once, top-level and nested', async () => {
    const body = {
      municipalityCode: 'Leeuwarden',
      household: { composition: 'three', netMonthlyIncomeCents: 145000 },
      items: [{ category: 'school-trip', amountCents: 0 }],
    };
    expect(await problemsFor(body)).toEqual(
      expect.arrayContaining([
        { pointer: '/municipalityCode', code: 'matches' },
        { pointer: '/household/composition', code: 'isIn' },
        { pointer: '/items/0/childRef', code: 'required' },
        { pointer: '/items/0/amountCents', code: 'min' },
      ]),
    );
    expect(await problemsFor(body)).toHaveLength(4);
  });
});

describe('toFieldProblems with hand-made errors', () => {
  it('keeps the constraint message as the detail and nests pointers as deep as the errors go', () => {
    const errors: ValidationError[] = [
      {
        property: 'items',
        value: [],
        children: [
          {
            property: '2',
            value: {},
            children: [
              {
                property: 'provider',
                value: {},
                children: [
                  { property: 'iban', value: 'NL00', constraints: { isIBAN: 'iban must be an IBAN' }, children: [] },
                ],
              },
            ],
          },
        ],
      },
    ];
    expect(toFieldProblems(errors)).toEqual([{ pointer: '/items/2/provider/iban', code: 'isIBAN', detail: 'iban must be an IBAN' }]);
  });

  it('gives no problem for an error without constraints or children', () => {
    expect(toFieldProblems([{ property: 'household', value: {}, children: [] }])).toEqual([]);
    expect(toFieldProblems([])).toEqual([]);
  });

  it('starts from the parent pointer it is given', () => {
    const errors: ValidationError[] = [{ property: 'email', value: undefined, constraints: { isEmail: 'email must be an email' } }];
    expect(toFieldProblems(errors, '/contact')).toEqual([{ pointer: '/contact/email', code: 'required', detail: 'required' }]);
  });
});
