import { html, SafeHtml } from './html';

describe('html template', () => {
  it('escapes every interpolated string, so user data cannot inject markup', () => {
    const name = `<script>alert("x")</script> & 'Zoé'`;
    expect(html`<p>${name}</p>`.value).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Zoé&#39;</p>',
    );
  });

  it('keeps already-built fragments and joins arrays', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    // prettier-ignore
    const list = html`<ul>${items}</ul>`;
    expect(list.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(html`${new SafeHtml('<em>ok</em>')}`.value).toBe('<em>ok</em>');
  });

  it('renders nothing for absent values and prints numbers', () => {
    expect(html`[${undefined}${null}${false}${0}]`.value).toBe('[0]');
  });
});
