import Handlebars from 'handlebars';
import { withTextsOf } from '../../src/web/views';

// Fixed texts are put into a page's template when it is compiled (src/web/views.ts): the output
// must be exactly what the `t` helper gave at render time, escaped the same way.
const TEXTS: Record<string, string> = { 'a.plain': 'Møte & <mat>', 'a.label': 'Tom "sitat"' };

function render(source: string, context: Record<string, unknown> = {}, compileTime = true): string {
  const env = Handlebars.create();
  env.registerHelper('t', (key: string, options: Handlebars.HelperOptions) =>
    Object.keys(options.hash).length ? `${key}(${JSON.stringify(options.hash)})` : (TEXTS[key] ?? key),
  );
  env.registerHelper('upper', (value: string) => value.toUpperCase());
  const ast = Handlebars.parse(source);
  return env.compile(compileTime ? (withTextsOf(ast, (key) => TEXTS[key] ?? key) as typeof ast) : ast)(context);
}

test.each([
  ['escaped mustache', '<p>{{t "a.plain"}}</p>'],
  ['raw mustache', '<p>{{{t "a.plain"}}}</p>'],
  ['in an attribute', '<a title="{{t \'a.label\'}}">x</a>'],
  ['as a helper argument', '{{upper (t "a.plain")}}'],
  ['with parameters (stays a call)', '{{t "a.plain" count=n}}'],
  ['from a variable (stays a call)', '{{t key}}'],
  ['with whitespace control', '<b>  {{~t "a.plain"~}}  </b>'],
  ['inside a block', '{{#each list}}<i>{{t "a.label"}}</i>{{/each}}'],
])('%s renders the same compiled with its texts as with the helper', (_name, source) => {
  const context = { n: 2, key: 'a.label', list: [1, 2] };
  expect(render(source, context)).toBe(render(source, context, false));
});

test('the texts are escaped where the template escapes', () => {
  expect(render('{{t "a.plain"}}')).toBe('Møte &amp; &lt;mat&gt;');
  expect(render('{{{t "a.plain"}}}')).toBe('Møte & <mat>');
});
