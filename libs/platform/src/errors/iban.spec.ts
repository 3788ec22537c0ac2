import { isValidIban } from './iban';

describe('isValidIban', () => {
  it.each([
    ['NL91ABNA0417164300', 'Dutch, compact'],
    ['NL91 ABNA 0417 1643 00', 'Dutch, in groups of four as printed on a bank card'],
    ['nl91abna0417164300', 'lower case'],
    ['nl91 abna 0417 1643 00', 'lower case in groups'],
    [' NL91ABNA0417164300 ', 'with spaces around'],
    ['DE89370400440532013000', 'German (22 characters)'],
    ['DE89 3704 0044 0532 0130 00', 'German, in groups'],
    ['GB29NWBK60161331926819', 'British, letters in the bank code'],
    ['BE68539007547034', 'Belgian (16 characters)'],
  ])('accepts %s (%s)', (iban) => {
    expect(isValidIban(iban)).toBe(true);
  });

  it.each([
    ['NL92ABNA0417164300', 'check digits changed'],
    ['NL91ABNA0417164301', 'last digit changed'],
    ['NL91ABNA0417164030', 'two digits swapped'],
    ['DE88370400440532013000', 'German check digits changed'],
    ['NL91ABNA041716430', 'Dutch, one character short'],
    ['NL91ABNA04171643000', 'Dutch, one character long'],
    ['NL91ABNA041716430000', 'Dutch with a German length'],
    ['91NLABNA0417164300', 'country and check digits swapped'],
    ['NL9AABNA0417164300', 'a letter in the check digits'],
    ['N191ABNA0417164300', 'a digit in the country code'],
    // The next four have check digits computed to make mod-97 come out right, so only the Dutch
    // layout (NLkk + 4-letter bank code + 10-digit account number) can reject them.
    ['NL470417ABNA164300', 'Dutch, bank code after the account digits'],
    ['NL54ABNA041716430A', 'Dutch, a letter in the account number'],
    ['NL77AB1A0417164300', 'Dutch, a digit in the bank code'],
    ['NL63ABNAO417164300', 'Dutch, letter O instead of zero'],
    ['NL91-ABNA-0417-1643-00', 'dashes'],
    ['', 'empty'],
    ['   ', 'only spaces'],
    ['NL', 'only a country'],
  ])('rejects %j (%s)', (iban) => {
    expect(isValidIban(iban)).toBe(false);
  });
});
