import { suppressMatrix, suppressRows } from './suppression';

/**
 * The difference attack: knowing every published cell and every line total, enumerate all non-negative
 * fillings of the hidden cells (up to a bound) and collect the values each hidden cell can take.
 */
function possibleValues(values: number[][], mask: boolean[][], rowTotals: boolean, bound = 30): Map<string, Set<number>> {
  const hidden: [number, number][] = [];
  mask.forEach((row, r) => row.forEach((h, c) => h && hidden.push([r, c])));
  const colTotals = values[0].map((_, c) => values.reduce((s, row) => s + row[c], 0));
  const rowSums = values.map((row) => row.reduce((s, v) => s + v, 0));
  const seen = new Map<string, Set<number>>(hidden.map(([r, c]) => [`${r},${c}`, new Set<number>()]));
  const trial = values.map((row, r) => row.map((v, c) => (mask[r][c] ? 0 : v)));
  const fits = () =>
    trial[0].every((_, c) => trial.reduce((s, row) => s + row[c], 0) === colTotals[c]) &&
    (!rowTotals || trial.every((row, r) => row.reduce((s, v) => s + v, 0) === rowSums[r]));
  const walk = (i: number) => {
    if (i === hidden.length) {
      if (fits()) hidden.forEach(([r, c]) => seen.get(`${r},${c}`)!.add(trial[r][c]));
      return;
    }
    const [r, c] = hidden[i];
    for (let v = 0; v <= bound; v++) {
      trial[r][c] = v;
      walk(i + 1);
    }
  };
  walk(0);
  return seen;
}

describe('small-cell suppression', () => {
  it('hides 1 … threshold-1 and shows 0 and the threshold itself', () => {
    const { mask, primary } = suppressMatrix([[0], [1], [4], [5], [12]], 5);
    expect(mask.map((r) => r[0])).toEqual([false, true, true, false, false]);
    expect(primary).toBe(2);
  });

  it('difference attack on a column: with the municipality total known, a lone hidden neighbourhood gets a partner, and its value cannot be derived', () => {
    // Neighbourhoods' children reached; the headline (the column total, 47) is published.
    const values = [[20], [3], [14], [10]];
    const { mask, secondary } = suppressMatrix(values, 5);
    expect(secondary).toBe(1);
    expect(mask.map((r) => r[0])).toEqual([false, true, false, true]); // 3, and the smallest other (10)
    // Without the partner: 47 - 20 - 14 - 10 = 3 exactly. With it, the attacker learns only 3 + 10 = 13.
    const possible = possibleValues(values, mask, false);
    expect(possible.get('1,0')!.size).toBeGreaterThan(1);
    expect(possible.get('3,0')!.size).toBeGreaterThan(1);
  });

  it('difference attack on a table with row and column totals (declines per fund and reason): every hidden cell keeps several possible values', () => {
    const values = [
      [12, 2, 9],
      [7, 8, 11],
      [6, 15, 3],
    ];
    const { mask } = suppressMatrix(values, 5, { rowTotals: true });
    // Every row and column hides none or at least two cells.
    for (const line of [...mask, ...mask[0].map((_, c) => mask.map((row) => row[c]))]) expect([0, 2, 3]).toContain(line.filter(Boolean).length);
    const possible = possibleValues(values, mask, true, 20);
    for (const [cell, options] of possible) {
      expect({ cell, many: options.size > 1 }).toEqual({ cell, many: true });
    }
    expect(possible.size).toBeGreaterThanOrEqual(4);
  });

  it('a lone hidden cell beside zeros is paired with a zero: 3 = a + b has several answers', () => {
    const { mask } = suppressMatrix([[0], [3], [0]], 5);
    expect(mask.flat().filter(Boolean)).toHaveLength(2);
  });

  it('hides derived figures with their count and names every hidden field', () => {
    const { rows, applied } = suppressRows(
      [
        { fundId: 'a', routed: 2, reservedCents: 9000 },
        { fundId: 'b', routed: 40, reservedCents: 100000 },
        { fundId: 'c', routed: 30, reservedCents: 80000 },
      ],
      5,
      { counts: ['routed'], derived: { reservedCents: 'routed' } },
    );
    expect(applied).toBe(true);
    expect(rows[0]).toEqual({ fundId: 'a', routed: null, reservedCents: null, suppressed: ['routed', 'reservedCents'] });
    expect(rows[2]).toMatchObject({ routed: null, reservedCents: null }); // the partner: 30 < 40
    expect(rows[1]).toMatchObject({ routed: 40, suppressed: [] });
  });
});
