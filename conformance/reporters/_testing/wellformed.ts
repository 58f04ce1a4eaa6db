/**
 * Small checkers the reporter tests use: an XML 1.0 well-formedness check (enough for the JUnit output —
 * prolog, elements, attributes, text, entity and character references, comments) and a tag scanner for the
 * HTML report. Not a general parser; strict where the reporters' output must be.
 */

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*$/;
const ILLEGAL =
  // deno-lint-ignore no-control-regex -- the control characters are what this pattern finds
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks character data: only `&name;`/`&#N;`/`&#xH;` references, no raw `<`, no illegal characters. */
function checkChars(s: string, where: string, problems: string[], inAttr: boolean): void {
  if (ILLEGAL.test(s)) problems.push(`Illegal XML character in ${where}`);
  if (inAttr && s.includes("<")) problems.push(`Raw "<" in ${where}`);
  const amp = /&([^;]*);?/g;
  for (let m = amp.exec(s); m; m = amp.exec(s)) {
    const ok = m[0].endsWith(";") && /^(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+)$/.test(m[1]);
    if (!ok) problems.push(`Bad entity reference "${m[0].slice(0, 20)}" in ${where}`);
  }
}

/** Returns the well-formedness problems of an XML document (empty when well-formed). */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  let i = 0;
  if (xml.startsWith("<?xml")) {
    const end = xml.indexOf("?>");
    if (end < 0) return ["Unterminated XML declaration"];
    i = end + 2;
  }
  const stack: string[] = [];
  let roots = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const textEnd = lt < 0 ? xml.length : lt;
    const txt = xml.slice(i, textEnd);
    if (stack.length === 0 && txt.trim() !== "") problems.push("Text outside the root element");
    checkChars(txt, "text", problems, false);
    if (txt.includes("]]>")) problems.push(`"]]>" in text`);
    if (lt < 0) break;
    if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt + 4);
      if (end < 0) return [...problems, "Unterminated comment"];
      i = end + 3;
      continue;
    }
    // A tag ends at the first ">" outside quotes.
    let j = lt + 1;
    let quote = "";
    for (; j < xml.length; j++) {
      const ch = xml[j];
      if (quote) { if (ch === quote) quote = ""; }
      else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === ">") break;
    }
    if (j >= xml.length) return [...problems, "Unterminated tag"];
    const tag = xml.slice(lt + 1, j);
    i = j + 1;
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`Closing </${name}> does not match <${open ?? "nothing"}>`);
      continue;
    }
    const selfClose = tag.endsWith("/");
    const body = selfClose ? tag.slice(0, -1) : tag;
    const m = /^([^\s/>]+)([\s\S]*)$/.exec(body);
    if (!m || !NAME.test(m[1])) {
      problems.push(`Bad element name in <${tag.slice(0, 30)}>`);
      continue;
    }
    const attrs = m[2];
    const attrRe = /\s+([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/y;
    let k = 0;
    const seen = new Set<string>();
    while (k < attrs.length) {
      if (/^\s*$/.test(attrs.slice(k))) break;
      attrRe.lastIndex = k;
      const a = attrRe.exec(attrs);
      if (!a) {
        problems.push(`Malformed attributes in <${m[1]}>: ${attrs.slice(k, k + 30)}`);
        break;
      }
      if (!NAME.test(a[1])) problems.push(`Bad attribute name "${a[1]}"`);
      if (seen.has(a[1])) problems.push(`Duplicate attribute "${a[1]}" in <${m[1]}>`);
      seen.add(a[1]);
      checkChars(a[3] ?? a[4] ?? "", `attribute ${a[1]}`, problems, true);
      k = attrRe.lastIndex;
    }
    if (stack.length === 0) roots++;
    if (!selfClose) stack.push(m[1]);
  }
  if (stack.length > 0) problems.push(`Unclosed elements: ${stack.join(" > ")}`);
  if (roots !== 1) problems.push(`Expected exactly one root element, found ${roots}`);
  return problems;
}

/** One start tag found in HTML: its name and attributes (values as written, still escaped). */
export interface HtmlTag {
  name: string;
  attrs: Record<string, string>;
}

/**
 * The start tags of an HTML document produced by reportHtml (quoted attributes, escaped text); the content
 * of <script> and <style> is skipped as raw text. Also returns the raw script bodies.
 */
export function scanHtml(html: string): { tags: HtmlTag[]; scripts: string[] } {
  const tags: HtmlTag[] = [];
  const scripts: string[] = [];
  const re = /<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s=>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const name = m[1].toLowerCase();
    const attrs: Record<string, string> = {};
    const ar = /([^\s=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
    for (let a = ar.exec(m[2]); a; a = ar.exec(m[2])) attrs[a[1].toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? "";
    tags.push({ name, attrs });
    if (name === "script" || name === "style") {
      const end = html.toLowerCase().indexOf(`</${name}`, re.lastIndex);
      const stop = end < 0 ? html.length : end;
      if (name === "script") scripts.push(html.slice(re.lastIndex, stop));
      re.lastIndex = stop;
    }
  }
  return { tags, scripts };
}
