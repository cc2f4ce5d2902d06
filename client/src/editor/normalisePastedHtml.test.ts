import { describe, expect, it } from 'vitest';
import { normalisePastedHtml } from './normalisePastedHtml.ts';

/** The shape of what Word for Windows puts on the clipboard for a bulleted then a numbered list. */
const WORD_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft Word 15">
<style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang=EN-GB>
<!--StartFragment-->
<h1>Our partnership<o:p></o:p></h1>
<p class=MsoNormal>Intro with <b>bold</b> and <i>italic</i> text.<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;</span></span></span><![endif]>First point<o:p></o:p></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span></span><![endif]>Nested point<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;</span></span></span><![endif]>Second point<o:p></o:p></p>
<p class=MsoNormal>Between lists.</p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span></span><![endif]>Step one<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span></span><![endif]>Step two<o:p></o:p></p>
<!--EndFragment--></body></html>`;

function parse(html: string): Document {
  return new DOMParser().parseFromString(normalisePastedHtml(html), 'text/html');
}

describe('normalisePastedHtml', () => {
  it('turns Word list paragraphs into nested bulleted and numbered lists without their typed markers', () => {
    const doc = parse(WORD_HTML);
    const lists = doc.body.querySelectorAll(':scope > ul, :scope > ol');
    expect([...lists].map((list) => list.tagName)).toEqual(['UL', 'OL']);
    const bullets = lists[0] as HTMLElement;
    expect([...bullets.querySelectorAll(':scope > li')].map((li) => li.querySelector('p')?.textContent)).toEqual([
      'First point',
      'Second point',
    ]);
    expect(bullets.querySelector('li > ul > li')?.textContent).toBe('Nested point');
    expect((lists[1] as HTMLElement).textContent).toBe('Step oneStep two');
    expect(doc.body.textContent).not.toContain('·');
    expect(doc.body.innerHTML).not.toContain('mso-list');
  });

  it('keeps emphasis and paragraphs, drops style sheets, Office tags and comments', () => {
    const html = normalisePastedHtml(WORD_HTML);
    expect(html).toContain('<b>bold</b>');
    expect(html).toContain('<i>italic</i>');
    expect(html).toContain('Between lists.');
    expect(html).not.toMatch(/<style|<meta|<o:p|<!--|MsoNormal \{/);
  });

  it('maps every heading level onto the two section heading levels', () => {
    const doc = parse('<h1>A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6>');
    expect([...doc.body.children].map((element) => `${element.tagName}:${element.textContent}`)).toEqual([
      'H3:A',
      'H3:B',
      'H3:C',
      'H4:D',
      'H4:E',
      'H4:F',
    ]);
  });

  it('leaves ordinary web-page lists alone', () => {
    const html = '<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>';
    expect(normalisePastedHtml(html)).toBe(html);
  });

  it('removes scripts', () => {
    expect(normalisePastedHtml('<p>ok</p><script>alert(1)</script>')).toBe('<p>ok</p>');
  });
});
