import { ValidationFailed, validateInput } from '@fund-desk/platform';
import { AddItemsDto } from './applications.controller';

const item = { childRef: 'c2', category: 'bicycle', amountCents: 20000, provider: { name: 'Fietsenmaker', iban: 'NL91ABNA0417164300' } };
const child = { ref: 'c2', firstName: 'Daan', birthDate: '2013-02-01' };

/** What validation says of a body: nothing, or each problem as "pointer code". */
async function problems(body: unknown): Promise<string[]> {
  try {
    await validateInput(AddItemsDto, body);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    return error.problems.map((p) => `${p.pointer} ${p.code}`).sort();
  }
}

describe('AddItemsDto: the items as in a new application, children only when new', () => {
  it.each([
    ['items only', { items: [item] }],
    ['new children with them', { children: [child], items: [item] }],
    ['an empty list of new children', { children: [], items: [item] }],
  ])('takes %s', async (_, body) => {
    expect(await problems(body)).toEqual([]);
  });

  it.each([
    ['no items', { children: [child] }, ['/items required']],
    ['an empty list of items', { items: [] }, ['/items arrayMinSize']],
    ['51 items', { items: Array.from({ length: 51 }, () => item) }, ['/items arrayMaxSize']],
    ['13 new children', { children: Array.from({ length: 13 }, (_, i) => ({ ...child, ref: `c${i}` })), items: [item] }, ['/children arrayMaxSize']],
    ['a child without a name', { children: [{ ...child, firstName: '' }], items: [item] }, ['/children/0/firstName minLength']],
    ['an item of no category', { items: [{ ...item, category: 'pony', amountCents: 0 }] }, ['/items/0/amountCents min', '/items/0/category isIn']],
    ['a field of a new application', { postcode: '8921 AB', items: [item] }, ['/postcode whitelistValidation']],
  ])('refuses %s', async (_, body, expected) => {
    expect(await problems(body)).toEqual(expected);
  });
});
