import fc from 'fast-check';
import {
  lineChart,
  PALETTE,
  stackedBarChart,
  type LineChartOptions,
  type StackedBarChartOptions,
} from '../../src/overview/charts';

// A strict little XML reader: one root, balanced tags, quoted attributes without duplicates, no raw
// `<` in text, and `&` only as an entity. Enough to prove the SVG is well-formed and to query it.
interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string; // own text, entities decoded
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (raw: string): string => {
  if (/&(?!(amp|lt|gt|quot|apos);)/.test(raw)) throw new Error(`bare & in ${JSON.stringify(raw)}`);
  return raw.replace(/&(\w+);/g, (_, name: string) => ENTITIES[name] ?? '');
};

function parseXml(xml: string): Element {
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const stack: Element[] = [];
  let root: Element | undefined;
  while (token.lastIndex < xml.length) {
    const at = token.lastIndex;
    const m = token.exec(xml);
    if (!m) throw new Error(`not well-formed at ${at}: ${xml.slice(at, at + 40)}`);
    const [, closing, name, attrText, selfClosing, text] = m;
    if (text !== undefined) {
      const parent = stack[stack.length - 1];
      if (!parent) throw new Error('text outside the root');
      parent.text += decode(text);
    } else if (closing) {
      if (stack.pop()?.name !== name) throw new Error(`unbalanced </${name}> at ${at}`);
    } else {
      if (root && stack.length === 0) throw new Error('second root element');
      const attrs: Record<string, string> = {};
      for (const [, key, value] of (attrText ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) {
        if (key! in attrs) throw new Error(`duplicate attribute ${key}`);
        attrs[key!] = decode(value!);
      }
      const element: Element = { name: name!, attrs, children: [], text: '' };
      stack[stack.length - 1]?.children.push(element);
      root ??= element;
      if (!selfClosing) stack.push(element);
    }
  }
  if (!root || stack.length > 0) throw new Error('unclosed elements');
  return root;
}

const all = (element: Element, name: string): Element[] =>
  element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...all(child, name)]);
const titleOf = (element: Element) => element.children.find((c) => c.name === 'title')?.text;
const viewBox = (root: Element) => (root.attrs.viewBox ?? '').split(' ').map(Number);

const HOSTILE = ['<script>alert(1)</script>', 'Øst & Vest "A"', "O'Brien <b>", ']]><!--', '&amp;&#x3c;'];
const percent = (value: number) => `${Math.round(value * 100)} %`;

const line = (overrides: Partial<LineChartOptions> = {}): LineChartOptions => ({
  id: 'attendance',
  title: 'Oppmøte per samling',
  description: 'Andel påmeldte som møtte, fra 75 % til 90 %.',
  yLabel: 'Oppmøte',
  yMax: 1,
  yFormat: percent,
  points: [
    { label: '12.3.26', value: 0.75 },
    { label: '4.6.26', value: 0.8 },
    { label: '17.9.26', value: 0.9 },
  ],
  ...overrides,
});

const CATEGORIES = [
  { key: 'municipal', label: 'Kommune' },
  { key: 'mentalHealth', label: 'Psykisk helsevern' },
  { key: 'addiction', label: 'TSB' },
  { key: 'welfare', label: 'NAV' },
  { key: 'userOrganisation', label: 'Brukerorganisasjon' },
  { key: 'other', label: 'Annet' },
];

const bars = (overrides: Partial<StackedBarChartOptions> = {}): StackedBarChartOptions => ({
  id: 'mix',
  title: 'Tjenester blant deltakerne',
  description: 'Fordeling av tjenestetyper per samling.',
  categories: CATEGORIES,
  bars: [
    { label: '12.3.26', values: { municipal: 6, mentalHealth: 3, addiction: 2, welfare: 1 } },
    { label: '4.6.26', values: { municipal: 5, mentalHealth: 4, other: 1 }, flagged: true },
  ],
  ...overrides,
});

function expectAccessibleRoot(svg: string, id: string): Element {
  const root = parseXml(svg);
  expect(root.name).toBe('svg');
  expect(root.attrs).toMatchObject({
    xmlns: 'http://www.w3.org/2000/svg',
    role: 'img',
    width: '100%',
    'aria-labelledby': `${id}-title ${id}-desc`,
  });
  expect(root.attrs.height).toBeUndefined();
  expect(viewBox(root).slice(0, 3)).toEqual([0, 0, 640]);
  expect(root.children[0]).toMatchObject({ name: 'title', attrs: { id: `${id}-title` } });
  expect(root.children[1]).toMatchObject({ name: 'desc', attrs: { id: `${id}-desc` } });
  // The CSP (style-src 'self') forbids inline styles; nothing may load or run either.
  expect(svg).not.toMatch(/style|<script|href|url\(/i);
  return root;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrastOnWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe('lineChart', () => {
  it('is a labelled, well-formed SVG with its title and description first', () => {
    const root = expectAccessibleRoot(lineChart(line()), 'attendance');
    expect(root.children[0]!.text).toBe('Oppmøte per samling');
    expect(root.children[1]!.text).toBe('Andel påmeldte som møtte, fra 75 % til 90 %.');
  });

  it('draws a dot per point with a "label: value" tooltip, and y ticks formatted by yFormat', () => {
    const root = parseXml(lineChart(line()));
    expect(all(root, 'circle').map(titleOf)).toEqual(['12.3.26: 75 %', '4.6.26: 80 %', '17.9.26: 90 %']);
    const texts = all(root, 'text').map((t) => t.text);
    expect(texts).toEqual(
      expect.arrayContaining(['0 %', '25 %', '50 %', '75 %', '100 %', 'Oppmøte', '12.3.26', '17.9.26']),
    );
    const scale = parseXml(lineChart(line({ yMax: 5, yFormat: (v) => v.toFixed(1).replace('.', ',') })));
    expect(all(scale, 'text').map((t) => t.text)).toEqual(
      expect.arrayContaining(['0,0', '1,0', '2,0', '3,0', '4,0', '5,0']),
    );
  });

  it('leaves a gap at a null value: no dot, and the line restarts with a new M', () => {
    const points = [0.5, 0.6, null, 0.7, 0.8].map((value, i) => ({ label: `${i + 1}.1.26`, value }));
    const root = parseXml(lineChart(line({ points })));
    expect(all(root, 'circle')).toHaveLength(4);
    const d = all(root, 'path')[0]!.attrs.d!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d).toMatch(/^M[\d.]+ [\d.]+L[\d.]+ [\d.]+M[\d.]+ [\d.]+L[\d.]+ [\d.]+$/);
  });

  it('escapes hostile labels everywhere, including what yFormat returns', () => {
    const hostile = HOSTILE[0]!;
    const svg = lineChart(
      line({
        id: 'x"><script>',
        title: hostile,
        description: HOSTILE[1]!,
        yLabel: HOSTILE[2]!,
        yFormat: () => '<b>&',
        points: HOSTILE.map((label) => ({ label, value: 0.5 })),
      }),
    );
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const root = parseXml(svg);
    expect(root.attrs['aria-labelledby']).toBe('x---script--title x---script--desc');
    expect(root.children[0]!.text).toBe(hostile);
    expect(root.children[1]!.text).toBe('Øst & Vest "A"');
    expect(all(root, 'circle').map(titleOf)).toContain('Øst & Vest "A": <b>&');
  });

  it('slants and thins the labels of 40 points so they stay apart at 640 px', () => {
    const points = Array.from({ length: 40 }, (_, i) => ({
      label: `${(i % 28) + 1}.${(i % 12) + 1}.26`,
      value: i % 7 === 0 ? null : (i % 5) / 4,
    }));
    const root = parseXml(lineChart(line({ points })));
    const xLabels = all(root, 'text').filter((t) => t.attrs.transform?.startsWith('rotate(-45'));
    expect(xLabels.length).toBeGreaterThan(10);
    expect(xLabels.length).toBeLessThan(40);
    const xs = xLabels.map((t) => Number(t.attrs.x));
    for (const [i, x] of xs.slice(1).entries()) expect(x - xs[i]!).toBeGreaterThanOrEqual(18);
  });

  it('says so when there is nothing to draw', () => {
    const root = expectAccessibleRoot(lineChart(line({ points: [] })), 'attendance');
    expect(root.children[1]!.text).toMatch(/Ingen data/);
    expect(all(root, 'text').map((t) => t.text)).toEqual(['Ingen data å vise']);
  });
});

describe('stackedBarChart', () => {
  it('stacks a segment per non-zero value, with tooltips, and lists every category in the legend', () => {
    const root = expectAccessibleRoot(stackedBarChart(bars()), 'mix');
    const segments = all(root, 'rect').filter((r) => titleOf(r));
    expect(segments.map(titleOf)).toContain('12.3.26 – Kommune: 6 av 12');
    expect(segments).toHaveLength(7);
    const texts = all(root, 'text').map((t) => t.text);
    for (const { label } of CATEGORIES) expect(texts).toContain(label);
    // Each category keeps its colour in the legend and in the bars.
    const swatches = all(root, 'rect').filter((r) => !titleOf(r));
    expect(swatches.map((r) => r.attrs.fill)).toEqual(PALETTE.slice(0, 6));
  });

  it('marks a flagged bar with a visible "!" and an explaining tooltip, not by colour alone', () => {
    const root = parseXml(stackedBarChart(bars()));
    const markers = all(root, 'g').filter((g) => titleOf(g) === '4.6.26: Mangler en påkrevd tjeneste');
    expect(markers).toHaveLength(1);
    expect(all(markers[0]!, 'text')[0]!.text).toBe('!');
    expect(all(root, 'text').map((t) => t.text)).toContain('Mangler en påkrevd tjeneste'); // legend
    const unflagged = parseXml(stackedBarChart(bars({ bars: [{ label: 'a', values: { municipal: 1 } }] })));
    expect(all(unflagged, 'text').filter((t) => t.text === '!')).toHaveLength(0);
  });

  it('escapes hostile bar and category labels', () => {
    const svg = stackedBarChart(
      bars({
        title: HOSTILE[0]!,
        categories: HOSTILE.map((label, i) => ({ key: `k${i}`, label })),
        bars: HOSTILE.map((label) => ({ label, values: { k0: 1, k1: 2 }, flagged: true })),
      }),
    );
    expect(svg).not.toContain('<script');
    const texts = all(parseXml(svg), 'text').map((t) => t.text);
    expect(texts).toEqual(expect.arrayContaining(['<script>alert(1)</script>', 'Øst & Vest "A"']));
  });

  it('says so when there are no bars', () => {
    const root = expectAccessibleRoot(stackedBarChart(bars({ bars: [] })), 'mix');
    expect(root.children[0]!.text).toBe('Tjenester blant deltakerne');
    expect(root.children[1]!.text).toMatch(/Ingen data/);
  });
});

it('uses colours with at least 3:1 contrast on white (text colour 4.5:1)', () => {
  for (const colour of PALETTE) expect(contrastOnWhite(colour)).toBeGreaterThanOrEqual(3);
  expect(new Set(PALETTE).size).toBe(6);
  expect(contrastOnWhite('#1e2b3c')).toBeGreaterThanOrEqual(4.5);
  expect(parseXml(lineChart(line())).attrs.fill).toBe('#1e2b3c');
});

describe('property: any input gives well-formed SVG with everything inside the viewBox', () => {
  const label = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 30 }));
  const value = fc.oneof(fc.double({ min: -5, max: 2000 }), fc.constantFrom(0, Number.NaN, Number.POSITIVE_INFINITY));

  function expectInside(root: Element) {
    const [, , width, height] = viewBox(root) as [number, number, number, number];
    for (const c of all(root, 'circle')) {
      const [cx, cy, r] = ['cx', 'cy', 'r'].map((k) => Number(c.attrs[k]));
      if (c.attrs.cx === '6') continue; // the legend's marker sits inside its translated group
      expect(cx! - r!).toBeGreaterThanOrEqual(0);
      expect(cx! + r!).toBeLessThanOrEqual(width);
      expect(cy! - r!).toBeGreaterThanOrEqual(0);
      expect(cy! + r!).toBeLessThanOrEqual(height);
    }
    for (const r of all(root, 'rect').filter((rect) => rect.attrs.x !== undefined)) {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(r.attrs[k]));
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x! + w!).toBeLessThanOrEqual(width);
      expect(y! + h!).toBeLessThanOrEqual(height);
    }
  }

  it('lineChart', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ label, value: fc.option(value, { nil: null }) }), { maxLength: 60 }),
        fc.oneof(fc.double({ min: 0.01, max: 1000 }), fc.constantFrom(0, -1, Number.NaN)),
        label,
        (points, yMax, text) => {
          const svg = lineChart({
            id: text,
            title: text,
            description: text,
            yLabel: text,
            yMax,
            yFormat: (v) => `${text}${v}`,
            points,
          });
          expect(svg.toLowerCase()).not.toContain('<script');
          const root = parseXml(svg);
          expectInside(root);
          expect(all(root, 'circle')).toHaveLength(
            points.filter((p) => p.value !== null && Number.isFinite(p.value)).length,
          );
        },
      ),
    );
  });

  it('stackedBarChart', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), label }), { maxLength: 8 }),
        fc.array(
          fc.record({
            label,
            values: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), value),
            flagged: fc.boolean(),
          }),
          { maxLength: 50 },
        ),
        (categories, bars) => {
          const svg = stackedBarChart({ id: 'mix', title: 'T', description: 'D', categories, bars, yLabel: 'Antall' });
          expect(svg.toLowerCase()).not.toContain('<script');
          const root = parseXml(svg);
          expectInside(root);
          expect(all(root, 'text').filter((t) => t.text === '!')).toHaveLength(
            bars.filter((b) => b.flagged).length + (bars.some((b) => b.flagged) ? 1 : 0),
          );
        },
      ),
    );
  });
});
